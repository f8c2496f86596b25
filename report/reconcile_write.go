package report

import (
	"encoding/csv"
	"io"
)

type jsonReconciled struct {
	Period      string           `json:"period"`
	Lines       []jsonReconLine  `json:"lines"`
	Differences []jsonDifference `json:"differences"`
	Unstated    int              `json:"unstated"`
	NeedsReview []jsonReview     `json:"needs_review"`
}

type jsonReconLine struct {
	Country    string `json:"country"`
	Rate       string `json:"rate"`
	SourceVAT  string `json:"source_vat"`
	VATkitVAT  string `json:"vatkit_vat"`
	Difference string `json:"difference"`
}

type jsonDifference struct {
	Source    string `json:"source"`
	Line      int    `json:"line"`
	Currency  string `json:"currency"`
	SourceVAT string `json:"source_vat"`
	VATkitVAT string `json:"vatkit_vat"`
	Reason    string `json:"reason"`
}

// WriteReconciliationJSON writes r as JSON: period, lines ({"country",
// "rate", "source_vat", "vatkit_vat", "difference"}, EUR), differences
// ({"source", "line", "currency", "source_vat", "vatkit_vat", "reason"},
// in the transaction's currency), unstated (rows without a stated VAT)
// and needs_review, amounts as strings with two decimals, empty lists as
// [], indented by two spaces.
func WriteReconciliationJSON(w io.Writer, r *Reconciled) error {
	out := jsonReconciled{Period: r.Period.String(), Lines: make([]jsonReconLine, 0, len(r.Lines)),
		Differences: make([]jsonDifference, 0, len(r.Differences)), Unstated: r.Unstated,
		NeedsReview: make([]jsonReview, 0, len(r.NeedsReview))}
	for _, l := range r.Lines {
		out.Lines = append(out.Lines, jsonReconLine{string(l.Country), l.Rate.String(), l.SourceVAT.StringFixed(2),
			l.VATkitVAT.StringFixed(2), l.Difference.StringFixed(2)})
	}
	for _, d := range r.Differences {
		out.Differences = append(out.Differences, jsonDifference{d.Source, d.Line, d.Currency, d.SourceVAT.StringFixed(2),
			d.VATkitVAT.StringFixed(2), d.Reason})
	}
	for _, v := range r.NeedsReview {
		out.NeedsReview = append(out.NeedsReview, jsonReview(v))
	}
	return encodeIndented(w, out)
}

// reconHeader is the header of WriteReconciliationCSV's table.
var reconHeader = []string{"record", "period", "country", "rate", "source", "line", "currency",
	"source_vat", "vatkit_vat", "difference", "reason"}

// WriteReconciliationCSV writes r as one comma-separated table: a "line"
// record per country and rate (EUR), then a "difference" record per
// transaction (its currency) and a "review" record per unreadable upload.
// Amounts are plain numbers with two decimals; free text that a
// spreadsheet would run as a formula gets a leading apostrophe, as in
// [WriteCSV].
func WriteReconciliationCSV(w io.Writer, r *Reconciled) error {
	p := r.Period.String()
	rows := [][]string{reconHeader}
	for _, l := range r.Lines {
		rows = append(rows, []string{"line", p, string(l.Country), l.Rate.String(), "", "", "EUR",
			l.SourceVAT.StringFixed(2), l.VATkitVAT.StringFixed(2), l.Difference.StringFixed(2), ""})
	}
	for _, d := range r.Differences {
		rows = append(rows, []string{"difference", p, "", "", textCell(d.Source), lineText(d.Line), d.Currency,
			d.SourceVAT.StringFixed(2), d.VATkitVAT.StringFixed(2), d.SourceVAT.Sub(d.VATkitVAT).StringFixed(2), textCell(d.Reason)})
	}
	for _, v := range r.NeedsReview {
		rows = append(rows, []string{"review", p, "", "", textCell(v.Source), lineText(v.Line), "", "", "", "", textCell(v.Reason)})
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// WriteReconciliationXLSX writes r as a workbook with the sheets "By
// country and rate" (EUR), "Differences" (the transactions, in their
// currencies) and "Review"; amounts are numeric cells with two decimals,
// free text is neutralised as in [WriteXLSX].
func WriteReconciliationXLSX(w io.Writer, r *Reconciled) error {
	const lines, diffs, review = "By country and rate", "Differences", "Review"
	x, err := newWorkbook(lines, diffs, review)
	if err != nil {
		return err
	}
	defer x.f.Close()
	x.row(lines, 1, "Period", r.Period.String())
	x.row(lines, 2, "Rows without a stated VAT", r.Unstated)
	x.row(lines, 4, "Country", "Rate", "Source VAT (EUR)", "vatkit VAT (EUR)", "Difference")
	for i, l := range r.Lines {
		x.row(lines, i+5, string(l.Country), l.Rate.String(), l.SourceVAT, l.VATkitVAT, l.Difference)
	}
	x.row(diffs, 1, "Source", "Line", "Currency", "Source VAT", "vatkit VAT", "Reason")
	for i, d := range r.Differences {
		x.row(diffs, i+2, d.Source, lineText(d.Line), d.Currency, d.SourceVAT, d.VATkitVAT, d.Reason)
	}
	x.row(review, 1, "Source", "Line", "Reason")
	for i, v := range r.NeedsReview {
		x.row(review, i+2, v.Source, lineText(v.Line), v.Reason)
	}
	return x.writeTo(w)
}
