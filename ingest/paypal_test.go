package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

const ppHeaderEN = `"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address","Transaction ID","Sales Tax","Reference Txn ID","Country Code","Balance Impact"` + "\r\n"
const ppHeaderDE = `"Datum","Uhrzeit","Zeitzone","Name","Typ","Status","Währung","Brutto","Gebühr","Netto","Absender E-Mail-Adresse","Transaktionscode","Umsatzsteuer","Zugehöriger Transaktionscode","Ländervorwahl","Auswirkung auf Guthaben"` + "\r\n"

func ppRow(date, typ, status, cur, gross, id, tax, ref, country, impact string) string {
	return `"` + strings.Join([]string{date, "10:00:00", "CEST", "A Buyer", typ, status, cur, gross, "-0.50", "", "a@example.com", id, tax, ref, country, impact}, `","`) + "\"\r\n"
}

// TestPayPal: only completed, credited sales and debited refunds count;
// numbers and dates follow the file's language.
func TestPayPal(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		opts   Options
		kind   vat.Kind
		gross  string
		date   time.Time
		to     vat.Country
		review string
	}{
		{"english sale with grouping", ppHeaderEN + ppRow("07/31/2026", "Website Payment", "Completed", "EUR", "1,011.70", "T1", "161.53", "", "FR", "Credit"),
			Options{}, vat.KindSale, "1011.70", time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC), vat.FR, ""},
		{"english day first", ppHeaderEN + ppRow("31/07/2026", "Express Checkout Payment", "Completed", "EUR", "12.00", "T1", "", "", "DE", "Credit"),
			Options{DayFirst: true}, vat.KindSale, "12", time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC), vat.DE, ""},
		{"german sale", ppHeaderDE + ppRow("31.07.2026", "Website-Zahlung", "Abgeschlossen", "EUR", "1.011,70", "T1", "", "", "AT", "Haben"),
			Options{}, vat.KindSale, "1011.70", time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC), vat.AT, ""},
		{"refund", ppHeaderEN + ppRow("07/02/2026", "Payment Refund", "Completed", "EUR", "-12.00", "T2", "", "T1", "FR", "Debit"),
			Options{}, vat.KindRefund, "-12", time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), vat.FR, ""},
		{"pending sale", ppHeaderEN + ppRow("07/02/2026", "Website Payment", "Pending", "EUR", "12.00", "T1", "", "", "FR", "Credit"),
			Options{}, vat.KindOther, "12", time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), "", ""},
		{"memo", ppHeaderEN + ppRow("07/02/2026", "Invoice Sent", "Completed", "EUR", "12.00", "T1", "", "", "FR", "Memo"),
			Options{}, vat.KindOther, "12", time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), "", ""},
		{"currency conversion", ppHeaderEN + ppRow("07/02/2026", "General Currency Conversion", "Completed", "USD", "-13.00", "T1", "", "", "", "Debit"),
			Options{}, vat.KindOther, "-13", time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), "", ""},
		{"own purchase", ppHeaderEN + ppRow("07/02/2026", "Express Checkout Payment", "Completed", "EUR", "-13.00", "T1", "", "", "", "Debit"),
			Options{}, vat.KindOther, "-13", time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), "", ""},
		{"sale without country", ppHeaderEN + ppRow("07/02/2026", "Website Payment", "Completed", "EUR", "12.00", "T1", "", "", "", "Credit"),
			Options{}, vat.KindSale, "12", time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := one(t, tt.text, tt.opts)
			if r.Tx.Kind != tt.kind || !r.Tx.Gross.Equal(decimal.RequireFromString(tt.gross)) || !r.Tx.TaxPoint.Equal(tt.date) ||
				r.Tx.ShipTo != tt.to || r.Tx.Source != "paypal" || r.Tx.Given&vat.FieldGross == 0 || !strings.Contains(r.Review, tt.review) {
				t.Errorf("got %+v review %q", r.Tx, r.Review)
			}
		})
	}
}

// TestPayPalBadRows: wrong-locale amounts, impossible dates, negative sales
// and bad codes are row errors.
func TestPayPalBadRows(t *testing.T) {
	good := ppRow("07/02/2026", "Website Payment", "Completed", "EUR", "12.00", "T9", "", "", "FR", "Credit")
	tests := []struct{ name, row, column string }{
		{"german amount in an english file", ppRow("07/02/2026", "Website Payment", "Completed", "EUR", "12,50", "T1", "", "", "FR", "Credit"), "Gross"},
		{"month 13", ppRow("13/02/2026", "Website Payment", "Completed", "EUR", "12.00", "T1", "", "", "FR", "Credit"), "Date"},
		{"negative credited sale", ppRow("07/02/2026", "Website Payment", "Completed", "EUR", "-12.00", "T1", "", "", "FR", "Credit"), "Gross"},
		{"currency not ISO", ppRow("07/02/2026", "Website Payment", "Completed", "EURO", "12.00", "T1", "", "", "FR", "Credit"), "Currency"},
		{"country not ISO", ppRow("07/02/2026", "Website Payment", "Completed", "EUR", "12.00", "T1", "", "", "ZZ", "Credit"), "Country Code"},
		{"formula", ppRow("07/02/2026", "Website Payment", "Completed", "EUR", "=1+1", "T1", "", "", "FR", "Credit"), "Gross"},
		{"no transaction id", ppRow("07/02/2026", "Website Payment", "Completed", "EUR", "12.00", "", "", "", "FR", "Credit"), "Transaction ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, bad, _ := readAllRows(t, strings.NewReader(ppHeaderEN+good+tt.row+good), Options{})
			if len(bad) != 1 || bad[0].Column != tt.column || bad[0].Line != 3 || len(rows) != 1 {
				t.Errorf("rows %d, row errors %v", len(rows), bad)
			}
		})
	}
}

// A PayPal sale is placed by its postcode and town as well as its country
// code (VAT Directive Arts 6 and 7).
func TestPayPalTerritory(t *testing.T) {
	header := `"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Transaction ID","Country Code","Balance Impact","Zip/Postal Code","Town/City"` + "\r\n"
	row := func(country, post, town string) string {
		return `"07/02/2026","10:00:00","CEST","A Buyer","Website Payment","Completed","EUR","12.00","T1","` +
			country + `","Credit","` + post + `","` + town + "\"\r\n"
	}
	for _, tc := range []struct {
		name, country, post, town string
		to                        vat.Country
		territory                 vat.Territory
	}{
		{"Tenerife", "ES", "38001", "Santa Cruz de Tenerife", vat.ES, vat.CanaryIslands},
		{"Madrid", "ES", "28001", "Madrid", vat.ES, vat.TerritoryNone},
		{"Livigno", "IT", "23041", "Livigno", vat.IT, vat.Livigno},
		{"Monaco", "MC", "98000", "Monaco", vat.FR, vat.TerritoryNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := one(t, header+row(tc.country, tc.post, tc.town), Options{})
			if r.Tx.ShipTo != tc.to || r.Tx.ShipToTerritory != tc.territory {
				t.Errorf("ship to %s %q, want %s %q", r.Tx.ShipTo, r.Tx.ShipToTerritory, tc.to, tc.territory)
			}
		})
	}
}
