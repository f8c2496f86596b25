package report_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenReturn is E4 with a correction of 2025-Q2 (a partial refund of the
// EE sale of 30 June), goods sent from a Polish warehouse whose VAT number
// only the file reports, a sale in GBP converted at an illustrative ECB
// rate, a sale whose stated VAT is below the rate's, a row that both the
// reader and the rules doubt (listed once), and a row to review whose
// source label looks like a spreadsheet formula.
func goldenReturn(t *testing.T) *report.OSSReturn {
	txs := append(e4(), refund("ee-r", "ee-q2", "2025-07-15", vat.DE, vat.EE, "-30.00", "-6.60", "22"))
	pl := sale("pl", "2025-08-05", vat.PL, vat.DE, "100.00", "19.00", "19")
	pl.SellerNumber = number("PL5211355116")
	gbp := sale("gbp", "2025-08-06", vat.DE, vat.FR, "87.33", "17.47", "20")
	gbp.Currency = "GBP"
	low := sale("low", "2025-08-07", vat.DE, vat.NL, "100.00", "20.00", "21")
	doubted := sale("doubted", "2025-08-08", vat.DE, "", "10.00", "2.00", "20")
	odd := sale("odd", "2025-08-20", vat.DE, vat.FR, "10.00", "2.00", "20")
	odd.Source, odd.Line = "=HYPERLINK(\"http://example.invalid\")", 7
	txs = append(txs, pl, gbp, low, doubted, odd)
	reviews := make([]string, len(txs))
	reviews[len(txs)-2] = "The report names no arrival country for this sale."
	reviews[len(txs)-1] = "unknown scheme label"
	s := e4Seller()
	s.Warehouses = append(s.Warehouses, vat.PL)
	b := report.OSS{Seller: s, FX: fxTable(t, vat.FXQuote{Currency: "GBP", Published: day("2025-09-30"), Rate: dec("0.87325")})}
	r, err := b.Build(context.Background(), period("2025-Q3"), txs, reviews)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func fxTable(t *testing.T, quotes ...vat.FXQuote) vat.FX {
	t.Helper()
	fx, err := vat.NewFXTable(quotes)
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestWriters(t *testing.T) {
	r := goldenReturn(t)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer, *report.OSSReturn) error
	}{
		{"return.json", func(b *bytes.Buffer, r *report.OSSReturn) error { return report.WriteJSON(b, r) }},
		{"return.csv", func(b *bytes.Buffer, r *report.OSSReturn) error { return report.WriteCSV(b, r) }},
		{"return.bzst.csv", func(b *bytes.Buffer, r *report.OSSReturn) error { return report.WriteBZSt(b, r) }},
		{"return.xlsx.txt", writeXLSXText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b, r); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, b.Bytes())
		})
	}
}

// writeXLSXText writes the workbook and reads it back with excelize,
// dumping every cell with its type, so that the golden file is text.
func writeXLSXText(b *bytes.Buffer, r *report.OSSReturn) error {
	var x bytes.Buffer
	if err := report.WriteXLSX(&x, r); err != nil {
		return err
	}
	return dumpXLSX(b, &x)
}

// reconXLSXText is writeXLSXText for a reconciliation.
func reconXLSXText(b *bytes.Buffer, r *report.Reconciled) error {
	var x bytes.Buffer
	if err := report.WriteReconciliationXLSX(&x, r); err != nil {
		return err
	}
	return dumpXLSX(b, &x)
}

// dumpXLSX writes every cell of the workbook x with its type.
func dumpXLSX(b *bytes.Buffer, x *bytes.Buffer) error {
	f, err := excelize.OpenReader(x)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(b, "== %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		for i, row := range rows {
			for j, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				typ, _ := f.GetCellType(sheet, cell)
				fmt.Fprintf(b, "%s %d %q\n", cell, typ, v)
			}
		}
	}
	return nil
}

// Text that a spreadsheet would evaluate is neutralised in every writer
// that a spreadsheet opens; amounts stay numbers, negative ones included.
func TestFormulaInjection(t *testing.T) {
	r := goldenReturn(t)
	var csvOut bytes.Buffer
	if err := report.WriteCSV(&csvOut, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvOut.String(), `"'=HYPERLINK(""http://example.invalid"")"`) {
		t.Errorf("the formula source is not neutralised:\n%s", csvOut.String())
	}
	if !strings.Contains(csvOut.String(), ",-6.60,") {
		t.Errorf("a negative amount was escaped:\n%s", csvOut.String())
	}
	var xb bytes.Buffer
	if err := writeXLSXText(&xb, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(xb.String(), `"=HYPERLINK`) {
		t.Errorf("the workbook has a formula cell:\n%s", xb.String())
	}
}

// BZSt files hold at most the row limit; a country whose lines continue in
// the next file repeats its record 1 there.
func TestBZStSplit(t *testing.T) {
	r := goldenReturn(t)
	files, err := report.BZStFiles(r, 3)
	if err != nil {
		t.Fatal(err)
	}
	var lines int
	for i, f := range files {
		rows := strings.Split(strings.TrimSuffix(string(f), "\n"), "\n")
		if rows[0] != report.BZStVersion || len(rows)-1 > 3 || !strings.HasPrefix(rows[1], "1,") {
			t.Errorf("file %d:\n%s", i, f)
		}
		for _, row := range rows[1:] {
			if !strings.HasPrefix(row, "1,") {
				lines++
			}
		}
	}
	if lines != len(r.Lines) {
		t.Errorf("%d lines in the files, want %d", lines, len(r.Lines))
	}
	if err := report.WriteBZSt(&bytes.Buffer{}, r); err != nil {
		t.Errorf("one file: %v", err)
	}
	r.MSID = vat.FR
	if _, err := report.BZStFiles(r, 0); err == nil {
		t.Error("a return identified in FR was written in the BZSt layout")
	}
}
