package ingest

import (
	"encoding/csv"
	"io"

	"github.com/xuri/excelize/v2"
)

// templateSample are the sample rows: a sale, a business sale (VAT number
// from python-stdnum's test_eu_vat.doctest), an
// electronic service and a refund of the first sale.
var templateSample = [][]string{
	{"sale", "ORD-1001", "SKU-1", "2026-07-01", "", "goods", "DE", "FR", "100.00", "20.00", "120.00", "20", "EUR", "no", "", "", "Jeanne Exemple", "1 rue de l'Exemple, 75001 Paris", "jeanne@example.com", ""},
	{"sale", "ORD-1002", "SKU-2", "2026-07-02", "", "goods", "DE", "AT", "250.00", "0.00", "250.00", "0", "EUR", "no", "", "", "Beispiel GmbH", "Beispielgasse 1, 1010 Wien", "", "ATU14243102"},
	{"sale", "ORD-1003", "", "2026-07-03", "", "electronic", "", "IT", "", "", "12.20", "22", "EUR", "no", "", "", "", "", "mario@example.com", ""},
	{"refund", "RF-1001", "SKU-1", "2026-07-10", "ORD-1001", "goods", "DE", "FR", "-100.00", "-20.00", "-120.00", "20", "EUR", "no", "", "", "", "", "", ""},
}

// WriteTemplateCSV writes the template's header and sample rows as
// comma-separated UTF-8, ready to open in a spreadsheet and fill in.
func WriteTemplateCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(templateColumns[:])
	for _, r := range templateSample {
		cw.Write(r)
	}
	cw.Flush()
	return cw.Error()
}

// WriteTemplateXLSX writes the template as a workbook with one sheet,
// "Transactions", amounts as numbers and dates as text in ISO form.
func WriteTemplateXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Transactions"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", toCells(templateColumns[:], false)); err != nil {
		return err
	}
	for i, r := range templateSample {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, toCells(r, true)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// toCells makes amount columns numeric cells, so that a spreadsheet treats
// them as numbers: amounts are never text, so the quote prefix that OWASP
// ASVS 5.0 requirement 1.2.10 asks for on text cells never touches them.
func toCells(r []string, numbers bool) []any {
	out := make([]any, len(r))
	for i, s := range r {
		out[i] = s
		if numbers && s != "" && (i == tplNet || i == tplVAT || i == tplGross || i == tplRate) {
			if d, err := parseNumber(s, plainDot); err == nil {
				f, _ := d.Float64() // display only; the reader parses the cell's text
				out[i] = f
			}
		}
	}
	return out
}
