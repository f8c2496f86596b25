package report_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// The Union scheme began on 1 July 2021 (Directive 2017/2455, its start
// moved there by Council Decision (EU) 2020/1109): a return for an earlier
// quarter is refused with that reason, never printed as a nil return.
func TestBeforeScheme(t *testing.T) {
	b := report.OSS{Seller: e1Seller()}
	_, err := b.Build(context.Background(), period("2021-Q2"), nil, nil)
	if !errors.Is(err, report.ErrBeforeScheme) || !strings.Contains(err.Error(), "1 July 2021") {
		t.Fatalf("2021-Q2: err = %v, want ErrBeforeScheme", err)
	}
	if _, err := b.Build(context.Background(), period("2021-Q3"), nil, nil); err != nil {
		t.Fatalf("2021-Q3: %v", err)
	}
}

// The seller passed €10,000 last year and uploads this year's file
// only. Not given the figure, the return taxes its sales at home — and
// says so, with what to give; given the figure, they are OSS lines (Art
// 59c(1)(c)).
func TestPreviousYearReview(t *testing.T) {
	txs := []vat.Transaction{
		sale("fr", "2026-07-03", vat.DE, vat.FR, "1000.00", "190.00", "19"),
		sale("nl", "2026-07-04", vat.DE, vat.NL, "500.00", "95.00", "19"),
	}
	s := vat.Seller{Established: vat.DE, OSS: vat.OSSRegistration{MemberState: vat.DE, From: day("2021-07-01")}}
	r := build(t, &report.OSS{Seller: s}, "2026-Q3", txs)
	if !r.Nil() || len(r.NeedsReview) != 1 {
		t.Fatalf("lines %v, reviews %v; want a nil return with one review", r.Lines, r.NeedsReview)
	}
	for _, want := range []string{"2 sales", "taxed in Germany", "previous_year_eur", "Art 59c"} {
		if !strings.Contains(r.NeedsReview[0].Reason, want) {
			t.Errorf("review %q lacks %q", r.NeedsReview[0].Reason, want)
		}
	}
	s.PreviousYear = decimal.NewNullDecimal(dec("12500"))
	txs[0].Rate, txs[0].VAT = dec("20"), dec("200.00")
	txs[1].Rate, txs[1].VAT = dec("21"), dec("105.00")
	r = build(t, &report.OSS{Seller: s}, "2026-Q3", txs)
	equalLines(t, lines(r), []wantLine{
		{"FR", "goods", "standard", "20", "DE", "1000.00", "200.00"},
		{"NL", "goods", "standard", "21", "DE", "500.00", "105.00"},
	})
	if len(r.NeedsReview) != 0 {
		t.Errorf("reviews %v", r.NeedsReview)
	}
}

// The seller's VAT numbers that the files report are used where the seller
// gave none, listed, and checked against the ones it gave.
func TestNumbersFromFiles(t *testing.T) {
	pan := func(num string) vat.Transaction {
		tx := sale("pl"+num, "2025-08-05", vat.PL, vat.DE, "100.00", "19.00", "19")
		tx.SellerNumber = number(num)
		return tx
	}
	s := e4Seller()
	s.Warehouses = []vat.Country{vat.PL}
	r := build(t, &report.OSS{Seller: s}, "2025-Q3", []vat.Transaction{pan("PL5211355116")})
	if len(r.Lines) != 1 || r.Lines[0].OriginNumber.String() != "PL5211355116" || len(r.NeedsReview) != 0 {
		t.Fatalf("lines %+v, reviews %v", r.Lines, r.NeedsReview)
	}
	if len(r.FoundNumbers) != 1 || r.FoundNumbers[0].String() != "PL5211355116" {
		t.Errorf("found %v", r.FoundNumbers)
	}

	given := s
	given.Registrations = append(given.Registrations, number("PL7642305578"))
	r = build(t, &report.OSS{Seller: given}, "2025-Q3", []vat.Transaction{pan("PL5211355116")})
	if r.Lines[0].OriginNumber.String() != "PL7642305578" || len(r.NeedsReview) != 1 ||
		!strings.Contains(r.NeedsReview[0].Reason, "different VAT number of yours in Poland") {
		t.Errorf("a given number against the files: line %+v, reviews %v", r.Lines[0], r.NeedsReview)
	}

	r = build(t, &report.OSS{Seller: s}, "2025-Q3", []vat.Transaction{pan("PL5211355116"), pan("PL7642305578")})
	if len(r.NeedsReview) != 1 || !strings.Contains(r.NeedsReview[0].Reason, "more than one VAT number") {
		t.Errorf("two numbers in the files: reviews %v", r.NeedsReview)
	}

	// Goods from a warehouse the facts do not list (Art 59c(1)(b)).
	r = build(t, &report.OSS{Seller: e4Seller()}, "2025-Q3", []vat.Transaction{pan("PL5211355116")})
	if len(r.NeedsReview) != 1 || !strings.Contains(r.NeedsReview[0].Reason, "Poland, which your seller facts do not list") {
		t.Errorf("an unlisted warehouse: reviews %v", r.NeedsReview)
	}
}

// A row that the reader doubts and the rules cannot classify is listed
// once, with both reasons; a reason is never repeated.
func TestReviewOncePerRow(t *testing.T) {
	noCountry := sale("pp", "2026-07-02", "", "", "10.00", "1.90", "19")
	noCountry.Source, noCountry.Line = "paypal", 12
	txs := []vat.Transaction{noCountry}
	r, err := (&report.OSS{Seller: e4Seller()}).Build(context.Background(), period("2026-Q3"), txs, []string{"odd status"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.NeedsReview) != 1 || r.NeedsReview[0].Line != 12 || !strings.HasPrefix(r.NeedsReview[0].Reason, "odd status ") {
		t.Fatalf("reviews %+v", r.NeedsReview)
	}
	r, _ = (&report.OSS{Seller: e4Seller()}).Build(context.Background(), period("2026-Q3"), txs, nil)
	if len(r.NeedsReview) != 1 {
		t.Fatalf("reviews %+v", r.NeedsReview)
	}
}
