package report_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

type wantLine struct {
	country, supply, rateType, rate, from, taxable, vat string
}

func lines(r *report.OSSReturn) []wantLine {
	var out []wantLine
	for _, l := range r.Lines {
		out = append(out, wantLine{string(l.Country), l.Supply.String(), l.RateTypeName(), l.Rate.String(),
			string(l.DispatchedFrom), l.Taxable.StringFixed(2), l.VAT.StringFixed(2)})
	}
	return out
}

func equalLines(t *testing.T, got, want []wantLine) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("lines:\n got %v\nwant %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("line %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

// E4 of vat-rules §6 (derived): six lines, two origin blocks, total 491.00,
// due 2025-10-31; the Q2 EE sale, the domestic CZ sale, the B2B sale and the
// marketplace sale do not appear.
func TestE4(t *testing.T) {
	b := report.OSS{Seller: e4Seller()}
	r := build(t, &b, "2025-Q3", e4())
	equalLines(t, lines(r), []wantLine{
		{"AT", "goods", "standard", "20", "CZ", "400.00", "80.00"},
		{"EE", "goods", "standard", "24", "DE", "300.00", "72.00"},
		{"FR", "goods", "standard", "20", "DE", "1000.00", "200.00"},
		{"FR", "goods", "reduced", "5.5", "DE", "200.00", "11.00"},
		{"IE", "services", "standard", "23", "DE", "99.99", "23.00"},
		{"NL", "goods", "standard", "21", "DE", "500.00", "105.00"},
	})
	if !r.Total.Equal(dec("491.00")) {
		t.Errorf("total = %s, want 491.00", r.Total)
	}
	if got := r.Due.Format("2006-01-02"); got != "2025-10-31" {
		t.Errorf("due = %s, want 2025-10-31", got)
	}
	if got := r.Lines[0].OriginNumber.String(); got != "CZ25123891" {
		t.Errorf("CZ block VAT number = %q", got)
	}
	if r.Number.String() != "DE136308783" || len(r.NeedsReview) != 0 || len(r.Corrections) != 0 || r.Nil() {
		t.Errorf("number %s, reviews %v, corrections %v", r.Number, r.NeedsReview, r.Corrections)
	}
}

// e1Seller is established in FR and opted into taxation at destination, so
// its sales to DE are OSS supplies whatever their amount.
func e1Seller() vat.Seller {
	return vat.Seller{Established: vat.FR, OptedIn: true, OSS: vat.OSSRegistration{MemberState: vat.FR}}
}

// E1 of vat-rules §6 (AEAT's Form 369 guide): 300.00 VAT declared for DE in
// 2022-Q1; a refund of 50.00 VAT in a later quarter is a correction
// {DE, 2022-Q1, -50.00} of that later return, not a negative line, and the
// original return is unchanged. A refund in the sale's own quarter
// reduces its line instead. A correction is allowed until three years after
// the corrected return was due (30 Apr 2022 + 3 years).
func TestE1Corrections(t *testing.T) {
	txs := []vat.Transaction{
		sale("s1", "2022-02-10", vat.FR, vat.DE, "1578.95", "300.00", "19"),
		sale("s2", "2022-03-01", vat.FR, vat.DE, "100.00", "19.00", "19"),
		refund("r2", "s2", "2022-03-20", vat.FR, vat.DE, "-100.00", "-19.00", "19"),
		refund("r1", "s1", "2022-05-05", vat.FR, vat.DE, "-263.16", "-50.00", "19"),
	}
	b := report.OSS{Seller: e1Seller()}
	q1 := build(t, &b, "2022-Q1", txs)
	equalLines(t, lines(q1), []wantLine{{"DE", "goods", "standard", "19", "FR", "1578.95", "300.00"}})
	q2 := build(t, &b, "2022-Q2", txs)
	if len(q2.Lines) != 0 || len(q2.Corrections) != 1 {
		t.Fatalf("Q2: lines %v, corrections %v", q2.Lines, q2.Corrections)
	}
	c := q2.Corrections[0]
	if c.Country != vat.DE || c.Period != period("2022-Q1") || !c.VAT.Equal(dec("-50.00")) || !q2.Total.Equal(dec("-50.00")) {
		t.Errorf("correction = %+v, total %s; want DE 2022-Q1 -50.00", c, q2.Total)
	}
	for _, tc := range []struct {
		name, on string
		allowed  bool
	}{
		{"last quarter within three years", "2025-03-15", true},
		{"after three years", "2025-05-05", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			late := append(txs[:3:3], refund("r1", "s1", tc.on, vat.FR, vat.DE, "-263.16", "-50.00", "19"))
			r := build(t, &b, vat.QuarterOf(day(tc.on)).String(), late)
			if got := len(r.Corrections) == 1; got != tc.allowed {
				t.Fatalf("corrections %v, reviews %v", r.Corrections, r.NeedsReview)
			}
			if !tc.allowed && len(r.NeedsReview) != 1 {
				t.Errorf("a correction too late is not listed for review: %v", r.NeedsReview)
			}
		})
	}
}

// A quarter with nothing to declare is a nil return: no lines, no
// corrections, total zero — also when the quarter holds sales that are
// not OSS supplies.
func TestNilReturn(t *testing.T) {
	for _, tc := range []struct {
		name string
		txs  []vat.Transaction
	}{
		{"no transactions", nil},
		{"only other quarters", e4()[:3]},
		{"only domestic and B2B", e4()[7:9]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := report.OSS{Seller: e4Seller()}
			r := build(t, &b, "2025-Q4", tc.txs)
			if tc.name == "only domestic and B2B" {
				r = build(t, &b, "2025-Q3", tc.txs)
			}
			if !r.Nil() || !r.Total.IsZero() || len(r.NeedsReview) != 0 {
				t.Errorf("not a nil return: %+v", r)
			}
		})
	}
}

// E5 of vat-rules §6: USD sums are converted once at the rate of the
// period's last day or the next publication: for 2024-Q2 (ending on Sunday
// 30 June) that is 1 July, so a table with only 28 June's rate (USD 1.0705,
// the ECB's) must be refused, not used. With E5's illustrative rate of
// 1.0705 published on 1 July (and a different one on 28 June, so that using
// it would show), 1,084.50 USD is 1,013.08 EUR.
func TestE5Currency(t *testing.T) {
	usd := func(id, net, v string) vat.Transaction {
		tx := sale(id, "2024-05-10", vat.FR, vat.DE, net, v, "19")
		tx.Currency = "USD"
		return tx
	}
	txs := []vat.Transaction{usd("a", "1000.00", "190.00"), usd("b", "84.50", "16.06")}
	table := func(quotes ...vat.FXQuote) vat.FX {
		fx, err := vat.NewFXTable(quotes)
		if err != nil {
			t.Fatal(err)
		}
		return fx
	}
	b := report.OSS{Seller: e1Seller(), FX: table(vat.FXQuote{Currency: "USD", Published: day("2024-06-28"), Rate: dec("1.0705")})}
	if _, err := b.Build(context.Background(), period("2024-Q2"), txs, nil); !errors.Is(err, vat.ErrNoFXRate) {
		t.Fatalf("28 June's rate was used for 2024-Q2: err = %v", err)
	}
	b.FX = table(vat.FXQuote{Currency: "USD", Published: day("2024-06-28"), Rate: dec("1.0800")},
		vat.FXQuote{Currency: "USD", Published: day("2024-07-01"), Rate: dec("1.0705")})
	r := build(t, &b, "2024-Q2", txs)
	// 1,084.50 / 1.0705 = 1,013.0780… and 206.06 / 1.0705 = 192.4895…
	equalLines(t, lines(r), []wantLine{{"DE", "goods", "standard", "19", "FR", "1013.08", "192.49"}})
	if len(r.Rates) != 1 || r.Rates[0].Published != day("2024-07-01") {
		t.Errorf("rates used = %+v", r.Rates)
	}
	b.FX = nil
	if _, err := b.Build(context.Background(), period("2024-Q2"), txs, nil); !errors.Is(err, report.ErrNoFX) {
		t.Errorf("no FX: err = %v, want ErrNoFX", err)
	}
}

func TestBuildRefuses(t *testing.T) {
	b := report.OSS{Seller: e4Seller()}
	if _, err := b.Build(context.Background(), period("2025-07"), nil, nil); !errors.Is(err, report.ErrPeriod) {
		t.Errorf("month: err = %v", err)
	}
	b = report.OSS{}
	if _, err := b.Build(context.Background(), period("2025-Q3"), nil, nil); err == nil {
		t.Error("a seller without a member state was accepted")
	}
}

// Reviews: rows the rules cannot classify, and rows the reader doubted,
// are listed with their source and line when they fall in the quarter;
// goods from a member state where the seller declared no VAT number ask
// for one.
func TestNeedsReview(t *testing.T) {
	s := e4Seller()
	s.Registrations = s.Registrations[:1]
	txs := e4()
	orphan := refund("orphan", "nowhere", "2025-08-10", vat.DE, vat.FR, "-10.00", "-2.00", "20")
	txs = append(txs, orphan)
	reviews := make([]string, len(txs))
	reviews[0] = "unknown scheme label"
	reviews[4] = "outside the quarter"
	b := report.OSS{Seller: s}
	r, err := b.Build(context.Background(), period("2025-Q3"), txs, reviews)
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Review{
		{Reason: "Goods were sent from Czechia: the return must give your VAT number there for them. Add it to your seller facts (vat_numbers)."},
		{Source: "test", Line: 3, Reason: "unknown scheme label"},
		{Source: "test", Line: 6, Reason: "A refund of a sale that is not in your files: upload the file with the original sale, so that the refund is placed in the sale's country and period."},
	}
	if len(r.NeedsReview) != len(want) {
		t.Fatalf("reviews = %+v", r.NeedsReview)
	}
	for i := range want {
		if r.NeedsReview[i] != want[i] {
			t.Errorf("review %d = %+v, want %+v", i, r.NeedsReview[i], want[i])
		}
	}
	if !r.Total.Equal(decimal.RequireFromString("491")) {
		t.Errorf("total = %s", r.Total)
	}
}
