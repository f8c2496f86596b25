package report

import (
	"cmp"
	"io"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/vatkit/vatkit/vat"
)

// WriteXLSX writes r as a workbook with four sheets: "Summary" (member
// state of identification, period, due date, VAT due per member state of
// consumption and the total), "Details" (the lines, then the corrections),
// "Exchange rates" (the ECB rates used, units per euro, and the day each
// was published) and "Review" (the rows to look at). Amounts are numeric cells holding
// the exact decimal text (never a float conversion), shown with two
// decimals; text cells that would start a formula get an apostrophe, as in
// WriteCSV.
func WriteXLSX(w io.Writer, r *OSSReturn) error {
	x, err := newWorkbook("Summary", "Details", "Exchange rates", "Review")
	if err != nil {
		return err
	}
	defer x.f.Close()
	x.summary(r)
	x.details(r)
	x.rates(r)
	x.review(r)
	return x.writeTo(w)
}

// newWorkbook starts a workbook with the named sheets, in order, and the
// style of money cells; the caller closes x.f.
func newWorkbook(sheets ...string) (_ *xlsxWriter, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	x := &xlsxWriter{f: f}
	if x.money, err = f.NewStyle(&excelize.Style{NumFmt: 2}); err != nil { // built-in "0.00"
		return nil, err
	}
	if err = f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return nil, err
	}
	for _, name := range sheets[1:] {
		if _, err = f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// writeTo writes the workbook, or the first error met writing its cells.
func (x *xlsxWriter) writeTo(w io.Writer) error {
	if x.err != nil {
		return x.err
	}
	_, err := x.f.WriteTo(w)
	return err
}

// exactNumber is a numeric cell written with all its decimals, unstyled
// (an exchange rate), where decimal.Decimal cells are money.
type exactNumber decimal.Decimal

// xlsxWriter writes cells and keeps the first error.
type xlsxWriter struct {
	f     *excelize.File
	money int
	err   error
}

func (x *xlsxWriter) row(sheet string, n int, cells ...any) {
	for i, v := range cells {
		if x.err != nil {
			return
		}
		name, _ := excelize.CoordinatesToCellName(i+1, n)
		switch v := v.(type) {
		case decimal.Decimal:
			x.err = x.f.SetCellDefault(sheet, name, v.StringFixed(2))
			if x.err == nil {
				x.err = x.f.SetCellStyle(sheet, name, name, x.money)
			}
		case exactNumber:
			x.err = x.f.SetCellDefault(sheet, name, decimal.Decimal(v).String())
		case int:
			x.err = x.f.SetCellInt(sheet, name, int64(v))
		case string:
			x.err = x.f.SetCellStr(sheet, name, textCell(v))
		}
	}
}

func (x *xlsxWriter) summary(r *OSSReturn) {
	const s = "Summary"
	number := "VAT number"
	if r.Scheme == SchemeImport {
		number = "IOSS number"
	}
	x.row(s, 1, r.Scheme.title())
	x.row(s, 2, "Member state of identification", string(r.MSID))
	x.row(s, 3, number, r.identification())
	x.row(s, 4, "Period", r.Period.String())
	x.row(s, 5, "Due", r.Due.Format("2006-01-02"))
	x.row(s, 6, "Total VAT (EUR)", r.Total)
	x.row(s, 8, "Member state of consumption", "VAT of the period", "Corrections", "Balance")
	n := 9
	for _, b := range balances(r) {
		x.row(s, n, string(b.country), b.vat, b.corrections, b.vat.Add(b.corrections))
		n++
	}
}

func (x *xlsxWriter) details(r *OSSReturn) {
	const s = "Details"
	x.row(s, 1, "Country", "Supply", "Rate type", "Rate", "Dispatched from", "VAT number there", "Taxable amount", "VAT amount")
	n := 2
	for _, l := range r.Lines {
		x.row(s, n, string(l.Country), l.Supply.String(), l.RateTypeName(), l.Rate.String(),
			string(l.DispatchedFrom), l.OriginNumber.String(), l.Taxable, l.VAT)
		n++
	}
	n++
	x.row(s, n, "Correction of", "Country", "VAT amount")
	for _, c := range r.Corrections {
		n++
		x.row(s, n, c.Period.String(), string(c.Country), c.VAT)
	}
}

func (x *xlsxWriter) rates(r *OSSReturn) {
	const s = "Exchange rates"
	x.row(s, 1, "Currency", "Units per euro (ECB)", "Published")
	for i, fr := range r.Rates {
		x.row(s, i+2, fr.Currency, exactNumber(fr.Rate), fr.Published.Format("2006-01-02"))
	}
}

func (x *xlsxWriter) review(r *OSSReturn) {
	const s = "Review"
	x.row(s, 1, "Source", "Line", "Reason")
	for i, v := range r.NeedsReview {
		x.row(s, i+2, v.Source, lineText(v.Line), v.Reason)
	}
}

// balance is the VAT due to one member state of consumption.
type balance struct {
	country          vat.Country
	vat, corrections decimal.Decimal
}

// balances sums the lines and corrections per member state of consumption,
// in the order of the countries.
func balances(r *OSSReturn) []balance {
	var out []balance
	at := make(map[vat.Country]int)
	get := func(c vat.Country) *balance {
		i, ok := at[c]
		if !ok {
			i = len(out)
			at[c] = i
			out = append(out, balance{country: c})
		}
		return &out[i]
	}
	for _, l := range r.Lines {
		b := get(l.Country)
		b.vat = b.vat.Add(l.VAT)
	}
	for _, c := range r.Corrections {
		b := get(c.Country)
		b.corrections = b.corrections.Add(c.VAT)
	}
	sortBalances(out)
	return out
}

func sortBalances(b []balance) {
	slices.SortFunc(b, func(x, y balance) int { return cmp.Compare(x.country, y.country) })
}
