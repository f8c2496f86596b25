package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/vatkit/vatkit/vat"
)

// TestTemplateSample: the sample written by code reads back, as CSV and as
// XLSX, to the same four transactions.
func TestTemplateSample(t *testing.T) {
	var csvBuf, xlsxBuf bytes.Buffer
	if err := WriteTemplateCSV(&csvBuf); err != nil {
		t.Fatal(err)
	}
	if err := WriteTemplateXLSX(&xlsxBuf); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"csv": csvBuf.Bytes(), "xlsx": xlsxBuf.Bytes()} {
		t.Run(name, func(t *testing.T) {
			rows, bad, s := readAllRows(t, bytes.NewReader(data), Options{})
			if len(bad) != 0 || len(rows) != len(templateSample) || s.Rows != 4 {
				t.Fatalf("rows %d errors %v", len(rows), bad)
			}
			sale, b2b, ess, refund := rows[0].Tx, rows[1].Tx, rows[2].Tx, rows[3].Tx
			if sale.Kind != vat.KindSale || sale.ShipFrom != vat.DE || sale.ShipTo != vat.FR || !sale.Gross.Equal(decimal.NewFromInt(120)) ||
				!sale.Rate.Equal(decimal.NewFromInt(20)) || sale.Given != vat.FieldNet|vat.FieldVAT|vat.FieldGross|vat.FieldRate ||
				!sale.TaxPoint.Equal(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) || sale.Buyer.Email != "jeanne@example.com" {
				t.Errorf("sale %+v", sale)
			}
			if b2b.Buyer.VATNumber.String() != "ATU14243102" || ess.Supply != vat.SupplyElectronic || ess.Given != vat.FieldGross|vat.FieldRate {
				t.Errorf("b2b %+v ess %+v", b2b, ess)
			}
			if refund.Kind != vat.KindRefund || refund.OriginalID != "ORD-1001" || !refund.Net.Equal(decimal.NewFromInt(-100)) {
				t.Errorf("refund %+v", refund)
			}
		})
	}
}

// TestTemplateColumns: a seller's own spreadsheet with its own header
// names, in German, semicolon-separated with decimal commas, is read
// through Options.Columns without editing it.
func TestTemplateColumns(t *testing.T) {
	text := "Belegart;Bestellnummer;Datum;Währung;Lieferland;Brutto;Steuersatz\n" +
		"sale;B-1;2026-07-03;EUR;FR;1.234,56;20 %\n"
	opts := Options{DecimalComma: true, Columns: map[string]string{
		"belegart": "type", "Bestellnummer": "id", "DATUM": "date", "Währung": "currency",
		"Lieferland": "ship_to", "Brutto": "gross", "Steuersatz": "rate",
	}}
	r := one(t, text, opts)
	if r.Tx.SourceID != "B-1" || !r.Tx.Gross.Equal(decimal.RequireFromString("1234.56")) || !r.Tx.Rate.Equal(decimal.NewFromInt(20)) || r.Tx.ShipTo != vat.FR {
		t.Errorf("got %+v", r.Tx)
	}
	if _, err := Open(strings.NewReader(text), Options{}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("without the mapping: %v", err)
	}
}

// TestTemplateExcise: the excise column marks goods subject to excise
// duty; anything but yes or no is refused with the column named.
func TestTemplateExcise(t *testing.T) {
	head := "type,id,date,currency,ship_from,ship_to,gross,consignment_value,excise\n"
	rows, bad, _ := readAllRows(t, strings.NewReader(head+
		"sale,W-1,2026-07-01,EUR,CN,FR,36.00,30.00,yes\n"+
		"sale,W-2,2026-07-01,EUR,CN,FR,36.00,30.00,\n"+
		"sale,W-3,2026-07-01,EUR,CN,FR,36.00,30.00,no\n"+
		"sale,W-4,2026-07-01,EUR,CN,FR,36.00,30.00,wine\n"), Options{})
	if len(rows) != 3 || !rows[0].Tx.Excise || rows[1].Tx.Excise || rows[2].Tx.Excise {
		t.Fatalf("rows %+v", rows)
	}
	if len(bad) != 1 || bad[0].Column != "excise" || bad[0].Line != 5 {
		t.Fatalf("errors %v", bad)
	}
}

// TestTemplateBadRows: formulas where a number, date or country is
// expected are refused, never evaluated; so are unknown types, negative
// sales and rows without an amount.
func TestTemplateBadRows(t *testing.T) {
	head := "type,id,date,currency,ship_to,gross,buyer_name\n"
	good := "sale,A-1,2026-07-01,EUR,FR,10.00,Jean\n"
	tests := []struct{ name, row, column, reason string }{
		{"formula amount", `sale,A-2,2026-07-01,EUR,FR,"=HYPERLINK(""http://x.invalid"",""x"")",Jean` + "\n", "gross", "formula"},
		{"formula country", "sale,A-2,2026-07-01,EUR,+FR,10.00,Jean\n", "ship_to", "formula"},
		{"formula date", "sale,A-2,@TODAY(),EUR,FR,10.00,Jean\n", "date", "formula"},
		{"minus text amount", "sale,A-2,2026-07-01,EUR,FR,-cmd|' /C calc'!A0,Jean\n", "gross", "formula"},
		{"unknown type", "gift,A-2,2026-07-01,EUR,FR,10.00,Jean\n", "type", "type is not"},
		{"negative sale", "sale,A-2,2026-07-01,EUR,FR,-10.00,Jean\n", "gross", "negative"},
		{"no amount", "sale,A-2,2026-07-01,EUR,FR,,Jean\n", "gross", "no amount"},
		{"impossible date", "sale,A-2,2026-02-30,EUR,FR,10.00,Jean\n", "date", "date"},
		{"no id", "sale,,2026-07-01,EUR,FR,10.00,Jean\n", "id", "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, bad, _ := readAllRows(t, strings.NewReader(head+good+tt.row+strings.Replace(good, "A-1", "A-3", 1)), Options{})
			if len(rows) != 2 || len(bad) != 1 || bad[0].Column != tt.column || !strings.Contains(bad[0].Reason, tt.reason) {
				t.Errorf("rows %d errors %v", len(rows), bad)
			}
		})
	}
	t.Run("formula text in a text column is data", func(t *testing.T) {
		r := one(t, head+"sale,A-1,2026-07-01,EUR,FR,10.00,=cmd\n", Options{})
		if r.Tx.Buyer.Name != "=cmd" {
			t.Errorf("buyer name %q", r.Tx.Buyer.Name)
		}
	})
}

// TestXLSXDates: a workbook's date cells arrive as serial numbers.
func TestXLSXDates(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"type", "id", "date", "currency", "gross"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"sale", "X-1", time.Date(2026, 7, 14, 0, 0, 0, 0, time.UTC), "EUR", 10.5})
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	r := one(t, b.String(), Options{})
	if !r.Tx.TaxPoint.Equal(time.Date(2026, 7, 14, 0, 0, 0, 0, time.UTC)) || !r.Tx.Gross.Equal(decimal.RequireFromString("10.5")) {
		t.Errorf("got %+v", r.Tx)
	}
}

// TestXLSXVTR: a VTR saved as a workbook, its dates turned into date
// cells by Excel, reads like the text report.
func TestXLSXVTR(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	head := make([]any, len(vtrCols))
	row := make([]any, len(vtrCols))
	sale := vtrSale("1")
	for i, c := range vtrCols {
		head[i], row[i] = c, sale[c]
		if c == "TRANSACTION_COMPLETE_DATE" || c == "TAX_CALCULATION_DATE" {
			row[i] = time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
		}
	}
	f.SetSheetRow("Sheet1", "A1", &head)
	f.SetSheetRow("Sheet1", "A2", &row)
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	r := one(t, b.String(), Options{})
	if r.Tx.Kind != vat.KindSale || !r.Tx.TaxPoint.Equal(time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)) || !r.Tx.Gross.Equal(decimal.NewFromInt(120)) {
		t.Errorf("got %+v", r.Tx)
	}
}

// zipBomb builds an XLSX-looking zip whose sheet unpacks to size bytes of
// zeros while the zip itself stays a few hundred KiB at most.
func zipBomb(t *testing.T, size int64) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for n := int64(0); n < size; n += int64(len(chunk)) {
		w.Write(chunk)
	}
	zw.Close()
	return b.Bytes()
}

// TestXLSXLimits: a zip bomb, an oversized upload and a sheet with too many
// cells are refused with ErrTooLarge.
func TestXLSXLimits(t *testing.T) {
	bomb := zipBomb(t, 16<<20)
	if len(bomb) > 100<<10 {
		t.Fatalf("bomb is %d bytes compressed", len(bomb))
	}
	if _, err := Open(bytes.NewReader(bomb), Options{MaxXLSXUnzipped: 4 << 20}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("zip bomb: %v", err)
	}
	var sample bytes.Buffer
	if err := WriteTemplateXLSX(&sample); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(bytes.NewReader(sample.Bytes()), Options{MaxXLSXBytes: 1000}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("upload cap: %v", err)
	}
	rd, err := Open(bytes.NewReader(sample.Bytes()), Options{MaxXLSXCells: 60})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var last error
	for _, err := range rd.All() {
		last = err
	}
	if !errors.Is(last, ErrTooLarge) {
		t.Errorf("cell cap: last error %v", last)
	}
}
