package gen

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"
)

// TestDeterministic: the same seed gives the same bytes, another seed
// other bytes.
func TestDeterministic(t *testing.T) {
	write := func(seed uint64) []byte {
		var b bytes.Buffer
		if _, err := VTR(&b, VTRConfig{Rows: 300, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if !bytes.Equal(write(1), write(1)) {
		t.Error("same seed, different files")
	}
	if bytes.Equal(write(1), write(2)) {
		t.Error("different seeds, same file")
	}
}

// TestShapes checks each generator against encoding/csv: the header width,
// the row count its Totals claim, and (VTR) ragged rows no wider than the
// header.
func TestShapes(t *testing.T) {
	tests := []struct {
		name  string
		write func(io.Writer) (Totals, error)
		comma rune
		width int
	}{
		{"vtr95", func(w io.Writer) (Totals, error) { return VTR(w, VTRConfig{Rows: 500, Seed: 3}) }, '\t', 95},
		{"vtr92", func(w io.Writer) (Totals, error) { return VTR(w, VTRConfig{Rows: 500, Seed: 3, Legacy: true}) }, '\t', 92},
		{"vtr-comma-dups", func(w io.Writer) (Totals, error) {
			return VTR(w, VTRConfig{Rows: 500, Seed: 3, Comma: true, DuplicateEvery: 10})
		}, ',', 95},
		{"paypal", func(w io.Writer) (Totals, error) { return PayPal(w, PayPalConfig{Rows: 500, Seed: 3}) }, ',', 41},
		{"paypal-de", func(w io.Writer) (Totals, error) { return PayPal(w, PayPalConfig{Rows: 500, Seed: 3, German: true}) }, ',', 41},
		{"template", func(w io.Writer) (Totals, error) { return Template(w, TemplateConfig{Rows: 500, Seed: 3}) }, ',', 20},
		{"template-semicolon", func(w io.Writer) (Totals, error) {
			return Template(w, TemplateConfig{Rows: 500, Seed: 3, Delimiter: ';'})
		}, ';', 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			tot, err := tt.write(&b)
			if err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF")))
			r.Comma, r.FieldsPerRecord = tt.comma, -1
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs[0]) != tt.width || len(recs)-1 != tot.Rows || tot.Rows != 500 {
				t.Fatalf("header %d wide, %d rows; totals say %d", len(recs[0]), len(recs)-1, tot.Rows)
			}
			for i, rec := range recs[1:] {
				if len(rec) > tt.width {
					t.Fatalf("row %d is %d wide", i+2, len(rec))
				}
			}
			if tot.Sales == 0 || tot.Refunds == 0 || !tot.Gross.IsPositive() {
				t.Errorf("totals %+v: no sales or refunds", tot)
			}
		})
	}
}
