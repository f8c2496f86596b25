package vat_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// Art 59c(1)(c): the threshold looks at the previous calendar year too.
// Without the seller's figure and without data reaching back to that
// year's January, the previous year is assumed under €10,000 and every
// supply that assumption keeps at origin says so; a figure over €10,000,
// or data that show it, send the whole year to destination; data over
// €10,000 outweigh a lower figure, and the conflict is flagged.
func TestPreviousYear(t *testing.T) {
	thisYear := sale("fr", "2026-03-01", vat.DE, vat.FR, "100.00")
	lastYear := []vat.Transaction{
		sale("jan", "2025-01-10", vat.DE, vat.AT, "6000.00"),
		sale("dec", "2025-12-10", vat.DE, vat.IT, "5000.00"),
	}
	for _, tc := range []struct {
		name    string
		given   string // "" for not given
		history []vat.Transaction
		want    expect
		notWant vat.Flag
	}{
		{"unknown: assumed under, and said", "", nil,
			expect{scheme: vat.Domestic, country: vat.DE, flags: vat.FlagAssumedUnderThreshold}, 0},
		{"given over", "12500", nil, expect{scheme: vat.OSSUnion, country: vat.FR}, vat.FlagAssumedUnderThreshold},
		{"given under", "9000", nil, expect{scheme: vat.Domestic, country: vat.DE}, vat.FlagAssumedUnderThreshold},
		{"data from January over", "", lastYear, expect{scheme: vat.OSSUnion, country: vat.FR}, vat.FlagPreviousYearConflict},
		{"data over a lower figure", "5000", lastYear,
			expect{scheme: vat.OSSUnion, country: vat.FR, flags: vat.FlagPreviousYearConflict}, 0},
		{"data from January under", "", lastYear[:1], expect{scheme: vat.Domestic, country: vat.DE}, vat.FlagAssumedUnderThreshold},
		{"data from December only: not known", "", lastYear[1:],
			expect{scheme: vat.Domestic, country: vat.DE, flags: vat.FlagAssumedUnderThreshold}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := deSeller()
			if tc.given != "" {
				s.PreviousYear = decimal.NewNullDecimal(dec(tc.given))
			}
			txs := append(append([]vat.Transaction{}, tc.history...), thisYear)
			got := (&vat.Classifier{Seller: s}).ClassifyAll(txs)
			last := got[len(got)-1]
			check(t, last, tc.want)
			if tc.notWant != 0 && last.Has(tc.notWant) {
				t.Errorf("flags %b include %b", last.Flags, tc.notWant)
			}
		})
	}
}

// A year whose sales all went to destination still counts, so that the
// year after knows it passed €10,000.
func TestPreviousYearCountedAtDestination(t *testing.T) {
	s := deSeller()
	s.PreviousYear = decimal.NewNullDecimal(dec("20000")) // 2025 over: 2026 all destination
	txs := []vat.Transaction{
		sale("a", "2026-01-05", vat.DE, vat.FR, "11000.00"),
		sale("b", "2027-01-05", vat.DE, vat.FR, "10.00"),
	}
	got := (&vat.Classifier{Seller: s}).ClassifyAll(txs)
	check(t, got[1], expect{scheme: vat.OSSUnion, country: vat.FR})
}

// The Union scheme began on 1 July 2021. The Commission's explanatory notes
// on the 2021 e-commerce rules (September 2020) count towards the threshold
// of 2021 the supplies of the whole of 2021 and of 2020, those before 1 July
// 2021 included: €9,500 sold in the spring and €600 in August take 2021
// over €10,000 with the August sale, which is taxed at destination; the
// spring sale itself is not an OSS supply.
func TestThreshold2021(t *testing.T) {
	s := deSeller()
	s.PreviousYear = decimal.NewNullDecimal(dec("0"))
	txs := []vat.Transaction{
		sale("spring", "2021-04-10", vat.DE, vat.AT, "9500.00"),
		sale("july", "2021-07-10", vat.DE, vat.FR, "400.00"),
		sale("august", "2021-08-10", vat.DE, vat.FR, "200.00"),
	}
	got := (&vat.Classifier{Seller: s}).ClassifyAll(txs)
	if got[0].Scheme != vat.NeedsReview || !strings.Contains(got[0].Reason, "1 July 2021") {
		t.Errorf("spring sale: %s (%s)", got[0].Scheme, got[0].Reason)
	}
	check(t, got[1], expect{scheme: vat.Domestic, country: vat.DE, rate: "19"})
	check(t, got[2], expect{scheme: vat.OSSUnion, country: vat.FR, rate: "20", flags: vat.FlagThresholdCrossed})

	// 2020 over €10,000, in data that cover it: 2021 is destination-taxed
	// from 1 July.
	txs = []vat.Transaction{
		sale("2020", "2020-01-15", vat.DE, vat.AT, "10500.00"),
		sale("july", "2021-07-10", vat.DE, vat.FR, "10.00"),
	}
	got = (&vat.Classifier{Seller: deSeller()}).ClassifyAll(txs)
	check(t, got[1], expect{scheme: vat.OSSUnion, country: vat.FR})
}

// Art 203: the VAT an invoice shows is due. VAT the source states is kept
// when it agrees with the rate within a cent — the real Amazon report of
// 2020-02 has 11 of 240 such rows, e.g. gross 22.89 = 19.23 + 3.66 at 19 %,
// where 19.23 × 19 % is 3.65 — and a real difference is flagged, the higher
// amount due (Arts 193, 203).
func TestStatedVAT(t *testing.T) {
	stated := func(net, v, gross, rate string, given vat.Field) *vat.Transaction {
		tx := sale("s", "2026-02-01", vat.DE, vat.DE, "0")
		tx.Net, tx.VAT, tx.Gross, tx.Rate = dec(net), dec(v), dec(gross), dec(rate)
		tx.Given = given | vat.FieldRate
		return &tx
	}
	all := vat.FieldNet | vat.FieldVAT | vat.FieldGross
	for _, tc := range []struct {
		name          string
		tx            *vat.Transaction
		taxable, vat_ string
		differs       bool
	}{
		{"net, VAT and gross, a cent apart", stated("19.23", "3.66", "22.89", "19", all), "19.23", "3.66", false},
		{"two units rounded each", stated("38.46", "7.32", "45.78", "19", all), "38.46", "7.32", false},
		{"gross and VAT", stated("0", "3.66", "22.89", "19", vat.FieldVAT|vat.FieldGross), "19.23", "3.66", false},
		{"stated too low: the rate's VAT is due", stated("100.00", "18.50", "118.50", "19", all), "100.00", "19.00", true},
		{"stated too high: the invoice's VAT is due", stated("100.00", "20.00", "120.00", "19", all), "100.00", "20.00", true},
		{"gross only: derived", stated("0", "0", "22.89", "19", vat.FieldGross), "19.24", "3.65", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := (&vat.Classifier{Seller: deSeller()}).Classify(tc.tx)
			check(t, got, expect{scheme: vat.Domestic, country: vat.DE, taxable: tc.taxable, vat: tc.vat_})
			if got.Has(vat.FlagVATDiffers) != tc.differs {
				t.Errorf("FlagVATDiffers = %t, want %t", got.Has(vat.FlagVATDiffers), tc.differs)
			}
			if tc.differs && !got.SourceVAT.Equal(tc.tx.VAT) {
				t.Errorf("SourceVAT = %s", got.SourceVAT)
			}
		})
	}
}

// A sale the source taxed at the destination's rate that the threshold
// keeps at origin is reviewed with a reason the seller can act on.
func TestBelowThresholdReason(t *testing.T) {
	tx := withRate(sale("fr", "2026-03-01", vat.DE, vat.FR, "100.00"), "20")
	got := (&vat.Classifier{Seller: deSeller()}).Classify(&tx)
	for _, want := range []string{"France's VAT (20%)", "taxed in Germany", "previous_year_eur", "Art 59c"} {
		if got.Scheme != vat.NeedsReview || !strings.Contains(got.Reason, want) {
			t.Errorf("reason %q lacks %q", got.Reason, want)
		}
	}
	s := deSeller()
	s.PreviousYear = decimal.NewNullDecimal(dec("100"))
	got = (&vat.Classifier{Seller: s}).Classify(&tx)
	if strings.Contains(got.Reason, "previous_year_eur") {
		t.Errorf("a known figure is asked for: %q", got.Reason)
	}
}
