package ingest

import (
	"os"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/vat"
)

// The seller's VAT number in the departure country is read from
// SELLER_DEPART_COUNTRY_VAT_NUMBER (Amazon Seller Central help 202098210):
// an OSS return needs it for goods dispatched from there.
func TestVTRSellerNumber(t *testing.T) {
	pl := with(vtrSale("1"), "SALE_DEPART_COUNTRY", "PL", "DEPARTURE_COUNTRY", "PL",
		"SELLER_DEPART_VAT_NUMBER_COUNTRY", "PL", "SELLER_DEPART_COUNTRY_VAT_NUMBER", "PL5211355116")
	for _, tc := range []struct {
		name, number, review string
		row                  map[string]string
	}{
		{"read", "PL5211355116", "", pl},
		{"without prefix", "PL5211355116", "", with(pl, "SELLER_DEPART_COUNTRY_VAT_NUMBER", "521-135-51-16")},
		{"check digits fail: kept, said", "PL5211355117", "check digits", with(pl, "SELLER_DEPART_COUNTRY_VAT_NUMBER", "PL5211355117")},
		{"malformed: dropped, said", "", "not well-formed", with(pl, "SELLER_DEPART_COUNTRY_VAT_NUMBER", "PL12")},
		{"of another country: dropped, said", "", "another country",
			with(pl, "SELLER_DEPART_VAT_NUMBER_COUNTRY", "CZ", "SELLER_DEPART_COUNTRY_VAT_NUMBER", "CZ25123891")},
		{"none", "", "", vtrSale("1")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := one(t, vtrText(tc.row), Options{})
			if got := r.Tx.SellerNumber.String(); got != tc.number {
				t.Errorf("number %q, want %q", got, tc.number)
			}
			if tc.review == "" && r.Review != "" || !strings.Contains(r.Review, tc.review) {
				t.Errorf("review %q, want %q", r.Review, tc.review)
			}
		})
	}
}

// Arrivals are placed by postcode and city (VAT Directive Arts 6 and 7),
// and EXPORT_OUTSIDE_EU is honoured.
func TestVTRTerritory(t *testing.T) {
	to := func(country, post, city, export string) map[string]string {
		return with(vtrSale("1"), "SALE_ARRIVAL_COUNTRY", country, "ARRIVAL_COUNTRY", country,
			"ARRIVAL_POST_CODE", post, "ARRIVAL_CITY", city, "EXPORT_OUTSIDE_EU", export)
	}
	for _, tc := range []struct {
		name      string
		row       map[string]string
		country   vat.Country
		territory vat.Territory
		review    string
	}{
		{"Canary Islands", to("ES", "35001", "Las Palmas", ""), vat.ES, vat.CanaryIslands, ""},
		{"Canary Islands, Amazon says NO", to("ES", "38001", "", "NO"), vat.ES, vat.CanaryIslands, "outside the EU VAT area"},
		{"Heligoland", to("DE", "27498", "Helgoland", "YES"), vat.DE, vat.Heligoland, ""},
		{"Monaco is France", to("MC", "98000", "Monaco", "NO"), vat.FR, vat.TerritoryNone, ""},
		{"Amazon says exported", to("FR", "75001", "Paris", "YES"), vat.FR, vat.TerritoryOutside, ""},
		{"Paris", to("FR", "75001", "Paris", "NO"), vat.FR, vat.TerritoryNone, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := one(t, vtrText(tc.row), Options{})
			if r.Tx.ShipTo != tc.country || r.Tx.ShipToTerritory != tc.territory {
				t.Errorf("ship to %s %q, want %s %q", r.Tx.ShipTo, r.Tx.ShipToTerritory, tc.country, tc.territory)
			}
			if tc.review == "" && r.Review != "" || !strings.Contains(r.Review, tc.review) {
				t.Errorf("review %q, want %q", r.Review, tc.review)
			}
		})
	}
}

// The real report of 2020-02 gives the seller's numbers in six departure
// countries on 111 rows, each the number of the country the goods left:
//
//	awk -F'\t' 'NR>1 && $72!=""' FILE | wc -l                  → 111
//	awk -F'\t' 'NR>1 && $72!=""{print $72}' FILE | sort -u     → 6 numbers
func TestRealAmazonSellerNumbers(t *testing.T) {
	f, err := os.Open(sharedData(t, "amazon/TM312-vat_automation__backup__Sales_Tax_Transaction_Report_M-2020-02.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _, _ := readAllRows(t, f, Options{})
	seen, with := map[vat.Number]bool{}, 0
	for _, r := range rows {
		if n := r.Tx.SellerNumber; !n.IsZero() {
			with++
			seen[n] = true
			if n.Country() != r.Tx.ShipFrom {
				t.Errorf("line %d: number of %s on goods from %s", r.Tx.Line, n.Country(), r.Tx.ShipFrom)
			}
		}
	}
	if with != 111 || len(seen) != 6 {
		t.Errorf("%d rows with a number, %d numbers; want 111 and 6", with, len(seen))
	}
}
