package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/shopspring/decimal"
)

// paypalEnglish is the 41-column activity download header (the public
// sample Download.CSV of github.com/plutov/paypal).
var paypalEnglish = []string{
	"Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
	"From Email Address", "To Email Address", "Transaction ID", "Shipping Address", "Address Status",
	"Item Title", "Item ID", "Shipping and Handling Amount", "Insurance Amount", "Sales Tax",
	"Option 1 Name", "Option 1 Value", "Option 2 Name", "Option 2 Value", "Reference Txn ID",
	"Invoice Number", "Custom Number", "Quantity", "Receipt ID", "Balance", "Address Line 1",
	"Address Line 2/District/Neighborhood", "Town/City",
	"State/Province/Region/County/Territory/Prefecture/Republic", "Zip/Postal Code", "Country",
	"Contact Phone Number", "Subject", "Note", "Country Code", "Balance Impact",
}

// paypalGerman renames the columns the reader uses to the German export's
// names; the others keep their English names in this synthetic file.
var paypalGerman = map[string]string{
	"Date": "Datum", "Type": "Typ", "Currency": "Währung", "Gross": "Brutto",
	"Sales Tax": "Umsatzsteuer", "Transaction ID": "Transaktionscode",
	"Reference Txn ID": "Zugehöriger Transaktionscode", "Country Code": "Ländervorwahl",
	"Balance Impact": "Auswirkung auf Guthaben", "Name": "Name", "Status": "Status",
}

// PayPalConfig says what PayPal writes.
type PayPalConfig struct {
	Rows   int
	Seed   uint64
	German bool // German header, values and number format (1.234,56; DD.MM.YYYY)
}

// PayPal writes an activity download with a BOM: completed website
// payments from EU buyers (some above 1,000 to exercise grouping), a
// refund every 10 rows, a memo authorization every 7 and a currency
// conversion every 13.
func PayPal(w io.Writer, cfg PayPalConfig) (Totals, error) {
	g := &paypalGen{cfg: cfg, r: newRand(cfg.Seed), rec: make([]string, len(paypalEnglish))}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("\uFEFF")
	head := make([]string, len(paypalEnglish))
	for i, h := range paypalEnglish {
		head[i] = h
		if de, ok := paypalGerman[h]; ok && cfg.German {
			head[i] = de
		}
	}
	writeQuoted(bw, head)
	for n := 1; g.t.Rows < cfg.Rows; n++ {
		g.row(n)
		writeQuoted(bw, g.rec)
		g.t.Rows++
	}
	return g.t, bw.Flush()
}

type paypalGen struct {
	cfg PayPalConfig
	r   *rand.Rand
	rec []string
	t   Totals
}

func (g *paypalGen) set(name, v string) {
	for i, h := range paypalEnglish {
		if h == name {
			g.rec[i] = v
		}
	}
}

func (g *paypalGen) num(d decimal.Decimal) string { return formatGrouped(d, g.cfg.German) }

// row fills g.rec with the n-th row.
func (g *paypalGen) row(n int) {
	clear(g.rec)
	day := 1 + n%28
	g.set("Date", fmt.Sprintf("07/%02d/2026", day))
	if g.cfg.German {
		g.set("Date", fmt.Sprintf("%02d.07.2026", day))
	}
	g.set("Time", "10:00:00")
	g.set("TimeZone", "CEST")
	g.set("Currency", "EUR")
	g.set("Transaction ID", fmt.Sprintf("%017X", n))
	status, credit, debit, memo, sale, refund := "Completed", "Credit", "Debit", "Memo", "Website Payment", "Payment Refund"
	if g.cfg.German {
		status, credit, debit, memo, sale, refund = "Abgeschlossen", "Haben", "Soll", "Memo", "Website-Zahlung", "Rückzahlung"
	}
	g.set("Status", status)
	d := destinations[g.r.IntN(len(destinations))]
	gross := money(g.r)
	if n%17 == 0 {
		gross = gross.Add(decimal.NewFromInt(1000))
	}
	switch {
	case n%7 == 0:
		g.kind("General Authorization", memo, gross, "")
		g.t.Other++
	case n%13 == 0:
		g.kind("General Currency Conversion", debit, gross.Neg(), "")
		g.t.Other++
	case n%10 == 0:
		g.kind(refund, debit, gross.Neg(), d.code)
		g.set("Reference Txn ID", fmt.Sprintf("%017X", n-1))
		g.t.Refunds++
		g.t.Gross = g.t.Gross.Sub(gross)
	default:
		g.kind(sale, credit, gross, d.code)
		g.set("Name", "Synthetic Buyer")
		g.set("From Email Address", "buyer@example.com")
		g.t.Sales++
		g.t.Gross = g.t.Gross.Add(gross)
	}
}

func (g *paypalGen) kind(typ, impact string, gross decimal.Decimal, country string) {
	g.set("Type", typ)
	g.set("Balance Impact", impact)
	g.set("Gross", g.num(gross))
	g.set("Country Code", country)
}

// formatGrouped writes d with two decimals and thousands separators, in
// English (1,234.56) or German (1.234,56) style.
func formatGrouped(d decimal.Decimal, german bool) string {
	s := d.StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac := s[:len(s)-3], s[len(s)-2:]
	sep, point := ",", "."
	if german {
		sep, point = ".", ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String() + point + frac
}

func writeQuoted(bw *bufio.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('"')
		bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
		bw.WriteByte('"')
	}
	bw.WriteString("\r\n")
}
