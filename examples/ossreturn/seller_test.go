package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vat"
)

// writeFile writes body to a file in a temporary folder and returns its path.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	must(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

// thisYearOnly is the file: a German seller's sales of 2026 to
// France and Austria, €1,500 in Q3, charged at German VAT. Last year the
// seller passed €10,000, which the file cannot show.
var thisYearOnly = e4Header + "\n" +
	"sale,S-1,1,2026-07-03,,goods,DE,FR,1000.00,190.00,1190.00,19,EUR,no,,,,,,\n" +
	"sale,S-2,1,2026-08-04,,goods,DE,AT,500.00,95.00,595.00,19,EUR,no,,,,,,\n"

// Art 59c(1)(c): last year's cross-border total decides. Not given, the
// return taxes the sales at home and says what it assumed and how to give
// the figure; given (-previous-year or previous_year_eur in -seller), the
// sales are taxed where they arrived.
func TestPreviousYearFact(t *testing.T) {
	file := writeFile(t, "2026.csv", thisYearOnly)
	m, stderr := runJSON(t, "-home", "DE", "-period", "2026-Q3", file)
	equal(t, "lines", m["lines"], any([]any{}))
	reviews, _ := m["needs_review"].([]any)
	if len(reviews) != 1 || !strings.Contains(reviews[0].(map[string]any)["reason"].(string), "previous_year_eur") {
		t.Errorf("needs_review = %v, want one entry saying what was assumed", m["needs_review"])
	}
	if !strings.Contains(stderr, "-previous-year") {
		t.Errorf("stderr does not say the figure is missing:\n%s", stderr)
	}
	// The sales charged German VAT at French and Austrian rates: the rates
	// of the file do not exist there, so the return lists them for review
	// rather than guessing; with the figure, they are taxed at destination
	// at the rate of the date (the file's 19 % is not theirs).
	for _, args := range [][]string{
		{"-previous-year", "12500"},
		{"-seller", writeFile(t, "seller.json", `{"established":"DE","previous_year_eur":"12500.00"}`)},
	} {
		m, _ := runJSON(t, append(append([]string{"-home", "DE", "-period", "2026-Q3"}, args...), file)...)
		reviews, _ := m["needs_review"].([]any)
		if len(reviews) != 2 || strings.Contains(reviews[0].(map[string]any)["reason"].(string), "previous_year_eur") {
			t.Errorf("%v: needs_review = %v, want the two sales' rates questioned, nothing assumed", args, reviews)
		}
	}
}

// -vat-number gives the number a dispatch block needs (E4's Czech
// warehouse), and the return carries it.
func TestVATNumberFlag(t *testing.T) {
	m, stderr := runJSON(t, "-home", "DE", "-period", "2025-Q3", "-vat-number", "CZ=CZ25123891", "-vat-number", "DE=DE136308783",
		filepath.FromSlash(e4File))
	equal(t, "needs_review", m["needs_review"], any([]any{}))
	equal(t, "vat_number", m["vat_number"], "DE136308783")
	first := m["lines"].([]any)[0].(map[string]any)
	equal(t, "CZ block number", first["origin_vat_number"], "CZ25123891")
	if !strings.Contains(stderr, "goods left from CZ") {
		t.Errorf("stderr does not list the warehouse found in the file:\n%s", stderr)
	}
}

// -oss-from: sales before the registration are not on the return (they
// are due in the destination's own return).
func TestOSSFromFlag(t *testing.T) {
	m, _ := runJSON(t, "-home", "DE", "-period", "2025-Q3", "-oss-from", "2025-09-01", filepath.FromSlash(e4File))
	// From 1 September only: NL 2 Sep (105.00), CZ→AT 15 Sep (80.00) and
	// EE 30 Sep (180.00 × 24 % = 43.20).
	equal(t, "total", m["total_vat"], "228.20")
}

// pan-EU: Amazon's report gives the seller's numbers in PL and CZ; the
// BZSt file writes them in the blocks of goods from there, so it can be
// filed.
func TestPanEUNumbersFromFile(t *testing.T) {
	file := writeFile(t, "vtr.txt", vtrPanEU)
	out, stderr, err := runText(t, "-home", "DE", "-period", "2026-Q3", "-format", "bzst", file)
	must(t, err)
	for _, want := range []string{"5,DE,1,PL,PL5211355116,STANDARD,19.00,100.00,19.00", "5,FR,1,CZ,CZ25123891,STANDARD,20.00,50.00,10.00"} {
		if !strings.Contains(out, want) {
			t.Errorf("BZSt file lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "your VAT number in PL from the files: PL5211355116") {
		t.Errorf("stderr does not list the numbers found:\n%s", stderr)
	}
}

// vtrPanEU is a VAT Transactions Report (the columns the reader needs, in
// Amazon's names) of a German seller's goods sent from its Polish and
// Czech stock, with its VAT numbers there (python-stdnum's vectors).
var vtrPanEU = strings.Join([]string{
	"UNIQUE_ACCOUNT_IDENTIFIER\tTRANSACTION_TYPE\tTRANSACTION_EVENT_ID\tACTIVITY_TRANSACTION_ID\tTRANSACTION_COMPLETE_DATE\tSELLER_SKU\t" +
		"TOTAL_ACTIVITY_VALUE_AMT_VAT_EXCL\tPRICE_OF_ITEMS_VAT_RATE_PERCENT\tTOTAL_ACTIVITY_VALUE_VAT_AMT\tTOTAL_ACTIVITY_VALUE_AMT_VAT_INCL\t" +
		"TRANSACTION_CURRENCY_CODE\tSALE_DEPART_COUNTRY\tSALE_ARRIVAL_COUNTRY\tSELLER_DEPART_VAT_NUMBER_COUNTRY\tSELLER_DEPART_COUNTRY_VAT_NUMBER\tEXPORT_OUTSIDE_EU",
	"A1\tSALE\t301-1\tS1\t10-07-2026\tSKU1\t100.00\t0.19\t19.00\t119.00\tEUR\tPL\tDE\tPL\tPL5211355116\tNO",
	"A1\tSALE\t301-2\tS2\t11-07-2026\tSKU1\t50.00\t0.2\t10.00\t60.00\tEUR\tCZ\tFR\tCZ\tCZ25123891\tNO",
	"A1\tSALE\t301-3\tS3\t12-07-2026\tSKU1\t200.00\t0.23\t46.00\t246.00\tPLN\tPL\tPL\tPL\tPL5211355116\tNO",
}, "\r\n") + "\r\n"

// Domestic sales in PLN need no conversion: the return is built without
// -fx (the Polish sale above stays in Poland's own return).
func TestNoFXForDomesticPLN(t *testing.T) {
	file := writeFile(t, "vtr.txt", vtrPanEU)
	m, _ := runJSON(t, "-home", "DE", "-period", "2026-Q3", file)
	equal(t, "total", m["total_vat"], "29.00")
	equal(t, "exchange_rates", m["exchange_rates"], any([]any{}))
}

// The Union scheme began on 1 July 2021: an earlier quarter is refused
// with that reason; bad facts are refused with the flag named.
func TestFactFlagsRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"before the scheme", []string{"-period", "2021-Q2"}, "1 July 2021"},
		{"bad number", []string{"-vat-number", "PL=CZ25123891"}, "not a VAT number of Poland"},
		{"number without country", []string{"-vat-number", "PL5211355116"}, "CC=NUMBER"},
		{"negative previous year", []string{"-previous-year", "-1"}, "amount in euros"},
		{"GB established", []string{"-established", "GB"}, "member state"},
		{"bad date", []string{"-oss-from", "1.7.2021"}, "2021-07-01"},
		{"missing seller file", []string{"-seller", filepath.Join(t.TempDir(), "absent.json")}, "-seller"},
		{"bad seller file", []string{"-seller", writeFile(t, "s.json", `{"established":"DE","previous_year":"1"}`)}, "not one of the seller facts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"-home", "DE", "-period", "2026-Q3"}, tc.args...)
			_, err := parseFlags(append(args, "f.csv"), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// sellerFor: the -seller file, the flags over it, -home as the member state
// of identification; when the facts name no warehouses, the countries the
// files show goods leaving from (said).
func TestSellerFor(t *testing.T) {
	file := writeFile(t, "seller.json", `{"established":"DE","warehouses":["PL"],"vat_numbers":{"PL":"PL5211355116"}}`)
	cfg, err := parseFlags([]string{"-home", "DE", "-period", "2026-Q3", "-seller", file, "-established", "AT",
		"-vat-number", "PL=PL7642305578", "-oss-from", "2021-07-01", "f.csv"}, &bytes.Buffer{})
	must(t, err)
	txs := []vat.Transaction{{Kind: vat.KindSale, Supply: vat.SupplyGoods, ShipFrom: vat.CZ, ShipTo: vat.FR, TaxPoint: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}}
	var w bytes.Buffer
	s, err := sellerFor(cfg, txs, &w)
	must(t, err)
	if s.Established != vat.AT || s.OSS.MemberState != vat.DE || s.OSS.From.Format("2006-01-02") != "2021-07-01" ||
		len(s.Registrations) != 1 || s.Registrations[0].String() != "PL7642305578" {
		t.Errorf("seller %+v", s)
	}
	equal(t, "warehouses as given", s.Warehouses, []vat.Country{vat.PL})
	cfg.facts.seller.Warehouses = nil
	s, err = sellerFor(cfg, txs, &w)
	must(t, err)
	equal(t, "warehouses found", s.Warehouses, []vat.Country{vat.CZ})
	if !strings.Contains(w.String(), "goods left from CZ") {
		t.Errorf("the warehouse found is not said: %q", w.String())
	}
	cfg.facts.seller.OSS.MemberState = vat.FR
	if _, err := sellerFor(cfg, nil, &w); err == nil {
		t.Error("a seller identified in FR was built for -home DE")
	}
}
