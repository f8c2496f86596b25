package report

import (
	"encoding/json"
	"io"
	"time"
)

// The JSON form of a return, as examples/ossreturn prints it. Amounts are
// strings with two decimals (EUR) so that no reader turns them into
// floating point; rates are percent strings ("20", "5.5"); exchange rates
// are the ECB's as published ("0.87815" units per euro).
type jsonReturn struct {
	Scheme      string           `json:"scheme"`
	MSID        string           `json:"member_state_of_identification"`
	Number      string           `json:"vat_number,omitempty"`
	Period      string           `json:"period"`
	Due         string           `json:"due"`
	Lines       []jsonLine       `json:"lines"`
	Corrections []jsonCorrection `json:"corrections"`
	Total       string           `json:"total_vat"`
	Rates       []jsonRate       `json:"exchange_rates"`
	NeedsReview []jsonReview     `json:"needs_review"`
}

type jsonLine struct {
	Country        string `json:"country"`
	Supply         string `json:"supply"`
	RateType       string `json:"rate_type"`
	Rate           string `json:"rate"`
	DispatchedFrom string `json:"dispatched_from,omitempty"`
	OriginNumber   string `json:"origin_vat_number,omitempty"`
	Taxable        string `json:"taxable_amount"`
	VAT            string `json:"vat_amount"`
}

type jsonCorrection struct {
	Country string `json:"country"`
	Period  string `json:"period"`
	VAT     string `json:"vat_amount"`
}

type jsonRate struct {
	Currency string `json:"currency"`
	Rate     string `json:"rate"`
	Date     string `json:"date"`
}

type jsonReview struct {
	Source string `json:"source"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// WriteJSON writes r as JSON: scheme ("union", "import" or "non-union"),
// member_state_of_identification, vat_number (when known; the IOSS number
// on an import-scheme return, the "EU…" number on a non-Union return),
// period, due (the last day to file and
// pay), lines (dispatched_from on a Union-scheme return only, with
// origin_vat_number for goods dispatched from another member state),
// corrections, total_vat, exchange_rates ({"currency", "rate",
// "date"}: the ECB rates used and the day each was published) and
// needs_review, with empty lists as [] (never null), indented by two
// spaces.
func WriteJSON(w io.Writer, r *OSSReturn) error {
	out := jsonReturn{Scheme: r.Scheme.String(), MSID: string(r.MSID), Number: r.identification(), Period: r.Period.String(),
		Due: r.Due.Format(time.DateOnly), Lines: make([]jsonLine, 0, len(r.Lines)),
		Corrections: make([]jsonCorrection, 0, len(r.Corrections)), Total: r.Total.StringFixed(2),
		Rates: make([]jsonRate, 0, len(r.Rates)), NeedsReview: make([]jsonReview, 0, len(r.NeedsReview))}
	for _, l := range r.Lines {
		out.Lines = append(out.Lines, jsonLine{string(l.Country), l.Supply.String(), l.RateTypeName(),
			l.Rate.String(), string(l.DispatchedFrom), l.OriginNumber.String(), l.Taxable.StringFixed(2), l.VAT.StringFixed(2)})
	}
	for _, c := range r.Corrections {
		out.Corrections = append(out.Corrections, jsonCorrection{string(c.Country), c.Period.String(), c.VAT.StringFixed(2)})
	}
	for _, fr := range r.Rates {
		out.Rates = append(out.Rates, jsonRate{fr.Currency, fr.Rate.String(), fr.Published.Format(time.DateOnly)})
	}
	for _, v := range r.NeedsReview {
		out.NeedsReview = append(out.NeedsReview, jsonReview(v))
	}
	return encodeIndented(w, out)
}

// encodeIndented writes v as JSON indented by two spaces, leaving <, >
// and & as they are.
func encodeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
