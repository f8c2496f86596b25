package ingest

import (
	"bytes"
	"io"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vat"
)

// TestGenerated reads generated files and compares with the totals the
// generator reports: kinds, duplicates, marketplace sales, and the sums
// of the sales and refunds.
func TestGenerated(t *testing.T) {
	tests := []struct {
		name    string
		write   func(io.Writer) (gen.Totals, error)
		opts    Options
		format  Format
		variant string
		reviews int // rows needing review besides transfers (valued at cost, no currency)
	}{
		{"vtr95", func(w io.Writer) (gen.Totals, error) { return gen.VTR(w, gen.VTRConfig{Rows: 2000, Seed: 1}) }, Options{}, AmazonVTR, "95-column", 0},
		{"vtr92", func(w io.Writer) (gen.Totals, error) {
			return gen.VTR(w, gen.VTRConfig{Rows: 2000, Seed: 2, Legacy: true})
		}, Options{}, AmazonVTR, "92-column", 0},
		{"vtr-comma-duplicates", func(w io.Writer) (gen.Totals, error) {
			return gen.VTR(w, gen.VTRConfig{Rows: 2000, Seed: 3, Comma: true, DuplicateEvery: 7})
		}, Options{}, AmazonVTR, "95-column", 0},
		{"paypal-en", func(w io.Writer) (gen.Totals, error) { return gen.PayPal(w, gen.PayPalConfig{Rows: 2000, Seed: 4}) }, Options{}, PayPal, "English", 0},
		{"paypal-de", func(w io.Writer) (gen.Totals, error) {
			return gen.PayPal(w, gen.PayPalConfig{Rows: 2000, Seed: 5, German: true})
		}, Options{}, PayPal, "German", 0},
		{"template", func(w io.Writer) (gen.Totals, error) { return gen.Template(w, gen.TemplateConfig{Rows: 2000, Seed: 6}) }, Options{}, Template, "", 0},
		{"template-semicolon", func(w io.Writer) (gen.Totals, error) {
			return gen.Template(w, gen.TemplateConfig{Rows: 2000, Seed: 7, Delimiter: ';'})
		}, Options{DecimalComma: true}, Template, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			want, err := tt.write(&b)
			if err != nil {
				t.Fatal(err)
			}
			rd, err := Open(&b, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if rd.Format() != tt.format || rd.Variant() != tt.variant {
				t.Fatalf("format %s %q, want %s %q", rd.Format(), rd.Variant(), tt.format, tt.variant)
			}
			var rows []Row
			for row, err := range rd.All() {
				if err != nil {
					t.Fatalf("row error: %v", err)
				}
				rows = append(rows, row)
			}
			s := rd.Summary()
			k := countKinds(rows)
			var net, vatSum, gross decimal.Decimal
			market := 0
			for _, r := range rows {
				if r.Tx.Kind == vat.KindSale || r.Tx.Kind == vat.KindRefund {
					net, vatSum, gross = net.Add(r.Tx.Net), vatSum.Add(r.Tx.VAT), gross.Add(r.Tx.Gross)
				}
				if r.Tx.Collector == vat.CollectedByMarketplace {
					market++
				}
			}
			if s.Rows != want.Rows || s.Duplicates != want.Duplicates || s.Rejected != 0 || s.NeedsReview != tt.reviews+want.Transfers {
				t.Errorf("summary %+v, generator %+v", s, want)
			}
			if k[vat.KindSale] != want.Sales || k[vat.KindRefund] != want.Refunds || k[vat.KindTransfer] != want.Transfers || market != want.Marketplace {
				t.Errorf("kinds %v marketplace %d, generator %+v", k, market, want)
			}
			if !gross.Equal(want.Gross) || (tt.format != PayPal && (!net.Equal(want.Net) || !vatSum.Equal(want.VAT))) {
				t.Errorf("sums net %s vat %s gross %s, generator %s %s %s", net, vatSum, gross, want.Net, want.VAT, want.Gross)
			}
		})
	}
}
