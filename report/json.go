package report

import (
	"encoding/json"
	"io"
)

// The JSON form of a return, as examples/ossreturn prints it. Amounts are
// strings with two decimals (EUR) so that no reader turns them into
// floating point; rates are percent strings ("20", "5.5").
type jsonReturn struct {
	Scheme      string           `json:"scheme"`
	MSID        string           `json:"member_state_of_identification"`
	Period      string           `json:"period"`
	Lines       []jsonLine       `json:"lines"`
	Corrections []jsonCorrection `json:"corrections"`
	Total       string           `json:"total_vat"`
	NeedsReview []jsonReview     `json:"needs_review"`
}

type jsonLine struct {
	Country        string `json:"country"`
	Supply         string `json:"supply"`
	RateType       string `json:"rate_type"`
	Rate           string `json:"rate"`
	DispatchedFrom string `json:"dispatched_from"`
	Taxable        string `json:"taxable_amount"`
	VAT            string `json:"vat_amount"`
}

type jsonCorrection struct {
	Country string `json:"country"`
	Period  string `json:"period"`
	VAT     string `json:"vat_amount"`
}

type jsonReview struct {
	Source string `json:"source"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// WriteJSON writes r as JSON: scheme, member_state_of_identification,
// period, lines, corrections, total_vat and needs_review, with empty lists
// as [] (never null), indented by two spaces.
func WriteJSON(w io.Writer, r *OSSReturn) error {
	out := jsonReturn{Scheme: "union", MSID: string(r.MSID), Period: r.Period.String(),
		Lines: make([]jsonLine, 0, len(r.Lines)), Corrections: make([]jsonCorrection, 0, len(r.Corrections)),
		Total: r.Total.StringFixed(2), NeedsReview: make([]jsonReview, 0, len(r.NeedsReview))}
	for _, l := range r.Lines {
		out.Lines = append(out.Lines, jsonLine{string(l.Country), l.Supply.String(), l.RateTypeName(),
			l.Rate.String(), string(l.DispatchedFrom), l.Taxable.StringFixed(2), l.VAT.StringFixed(2)})
	}
	for _, c := range r.Corrections {
		out.Corrections = append(out.Corrections, jsonCorrection{string(c.Country), c.Period.String(), c.VAT.StringFixed(2)})
	}
	for _, v := range r.NeedsReview {
		out.NeedsReview = append(out.NeedsReview, jsonReview(v))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
