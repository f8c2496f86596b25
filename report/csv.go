package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// csvHeader is the header of [WriteCSV]'s table.
var csvHeader = []string{"record", "country", "supply", "rate_type", "rate", "dispatched_from", "origin_vat_number",
	"period", "due", "taxable_amount", "vat_amount", "source", "line", "reason", "currency", "rate_date"}

// WriteCSV writes r as one comma-separated table for a spreadsheet: a
// "return" record (member state of identification, the number the return
// is filed under in origin_vat_number, period, due date, total VAT), then one "line", "correction", "exchange_rate" (currency,
// the ECB rate in units per euro in the rate column, and the day it was
// published) and "review" record each.
// Amounts are plain numbers with two decimals (1000.00, -10.00). Text that
// a spreadsheet would run as a formula (starting with =, +, -, @, a tab or
// a carriage return) is written with a leading apostrophe.
func WriteCSV(w io.Writer, r *OSSReturn) error {
	cw := csv.NewWriter(w)
	rows := [][]string{csvHeader,
		{"return", string(r.MSID), "", "", "", "", r.identification(), r.Period.String(), r.Due.Format("2006-01-02"),
			"", r.Total.StringFixed(2), "", "", "", "", ""}}
	for _, l := range r.Lines {
		rows = append(rows, []string{"line", string(l.Country), l.Supply.String(), l.RateTypeName(), l.Rate.String(),
			string(l.DispatchedFrom), l.OriginNumber.String(), r.Period.String(), "",
			l.Taxable.StringFixed(2), l.VAT.StringFixed(2), "", "", "", "", ""})
	}
	for _, c := range r.Corrections {
		rows = append(rows, []string{"correction", string(c.Country), "", "", "", "", "", c.Period.String(), "",
			"", c.VAT.StringFixed(2), "", "", "", "", ""})
	}
	for _, fr := range r.Rates {
		rows = append(rows, []string{"exchange_rate", "", "", "", fr.Rate.String(), "", "", "", "",
			"", "", "", "", "", fr.Currency, fr.Published.Format("2006-01-02")})
	}
	for _, v := range r.NeedsReview {
		rows = append(rows, []string{"review", "", "", "", "", "", "", "", "", "", "",
			textCell(v.Source), lineText(v.Line), textCell(v.Reason), "", ""})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// textCell neutralises a cell a spreadsheet would evaluate: a leading =,
// +, -, @, tab or carriage return starts a formula (OWASP, "CSV
// Injection"). An apostrophe before it makes the cell text in Excel,
// LibreOffice and Google Sheets. Only free text goes through here; amounts
// are numbers and must stay numbers.
func textCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// lineText is a review's or difference's line number as a cell: "" for a
// row without one (an API's).
func lineText(n int) string {
	if n > 0 {
		return strconv.Itoa(n)
	}
	return ""
}
