package gen

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
)

// templateHeader is the ingest package's template (its TemplateColumns;
// gen cannot import ingest, whose tests import gen).
var templateHeader = []string{
	"type", "id", "line", "date", "original_id", "supply", "ship_from", "ship_to",
	"net", "vat", "gross", "rate", "currency", "marketplace", "scheme",
	"consignment_value", "buyer_name", "buyer_address", "buyer_email", "buyer_vat_number",
}

// TemplateConfig says what Template writes.
type TemplateConfig struct {
	Rows int
	Seed uint64
	// Delimiter is ',' (the zero value) or ';' with decimal commas, as a
	// continental Excel saves CSV.
	Delimiter byte
}

// Template writes a template CSV: goods sales from Germany with net, VAT,
// gross and rate, a refund of the previous sale every 10 rows and an
// electronic service every 9.
func Template(w io.Writer, cfg TemplateConfig) (Totals, error) {
	r := newRand(cfg.Seed)
	bw := bufio.NewWriterSize(w, 64<<10)
	sep := ","
	if cfg.Delimiter == ';' {
		sep = ";"
	}
	bw.WriteString(strings.Join(templateHeader, sep) + "\n")
	var t Totals
	num := func(d decimal.Decimal) string {
		s := d.StringFixed(2)
		if sep == ";" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	for n := 1; t.Rows < cfg.Rows; n++ {
		d := destinations[r.IntN(len(destinations))]
		net, v, gross := split(money(r), d.rate)
		typ, id, orig, supply, from := "sale", fmt.Sprintf("ORD-%06d", n), "", "goods", "DE"
		switch {
		case n%10 == 0:
			typ, orig = "refund", fmt.Sprintf("ORD-%06d", n-1)
			id = "RF-" + orig
			net, v, gross = net.Neg(), v.Neg(), gross.Neg()
			t.Refunds++
		case n%9 == 0:
			supply, from = "electronic", ""
			t.Sales++
		default:
			t.Sales++
		}
		rate := decimal.RequireFromString(d.rate).Shift(2).String()
		rec := []string{typ, id, "1", fmt.Sprintf("2026-07-%02d", 1+n%28), orig, supply, from, d.code,
			num(net), num(v), num(gross), rate, "EUR", "no", "", "", "", "", "", ""}
		bw.WriteString(strings.Join(rec, sep) + "\n")
		t.Rows++
		t.Net, t.VAT, t.Gross = t.Net.Add(net), t.VAT.Add(v), t.Gross.Add(gross)
	}
	return t, bw.Flush()
}
