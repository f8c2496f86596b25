package ingest

import (
	"strings"
)

// Format names a kind of input file. Its value is also the Source of the
// transactions read from it.
type Format string

// The formats the readers recognise from the header line.
const (
	AmazonVTR   Format = "amazon-vtr" // VAT Transactions Report, 92 or 95 columns
	AmazonVCS   Format = "amazon-vcs" // VAT Calculation report: recognised, not read
	PayPal      Format = "paypal"     // activity download CSV, English or German
	Template    Format = "template"   // vatkit's generic template, CSV or XLSX
	unknownForm Format = ""           // nothing matched
)

// header maps a file's normalised header names to column positions.
type header struct {
	names []string       // as in the file, trimmed, for row errors
	index map[string]int // normalised name → position
	comma byte           // the file's delimiter; 0 for a workbook
}

func newHeader(fields []string, rename map[string]string) header {
	h := header{names: make([]string, len(fields)), index: make(map[string]int, len(fields))}
	for i, f := range fields {
		name := strings.TrimSpace(strings.TrimPrefix(f, "\uFEFF"))
		if len(name) > 64 {
			name = name[:64]
		}
		h.names[i] = name
		key := normName(name)
		if to, ok := rename[key]; ok {
			key = to
		}
		if _, dup := h.index[key]; !dup && key != "" {
			h.index[key] = i
		}
	}
	return h
}

// normName folds a header name for matching: upper case, inner runs of
// blanks as one space.
func normName(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

func (h header) has(names ...string) bool {
	for _, n := range names {
		if _, ok := h.index[n]; !ok {
			return false
		}
	}
	return true
}

func (h header) count(names ...string) int {
	k := 0
	for _, n := range names {
		if _, ok := h.index[n]; ok {
			k++
		}
	}
	return k
}

// positions returns the position of each name, -1 for those missing.
func (h header) positions(names []string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		p, ok := h.index[n]
		if !ok {
			p = -1
		}
		out[i] = p
	}
	return out
}

// detect tells the format from a header; err is a *FormatError or a
// *LanguageError when the header is recognised but unreadable.
func detect(h header) (Format, error) {
	switch {
	case h.has("TRANSACTION_TYPE", "TRANSACTION_EVENT_ID", "ACTIVITY_TRANSACTION_ID", "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL"):
		return AmazonVTR, nil
	case h.has("ORDER ID", "TRANSACTION TYPE", "TAX CALCULATION DATE", "OUR_PRICE TAX INCLUSIVE SELLING PRICE"):
		return AmazonVCS, &FormatError{Format: AmazonVCS, Err: ErrUnsupported,
			Reason: "the VAT Calculation report is not read; upload the VAT Transactions Report for the same months"}
	}
	if lang, ok := paypalLanguage(h); ok {
		if _, readable := paypalHeaders[lang]; readable {
			return PayPal, nil
		}
		return PayPal, &LanguageError{Language: lang}
	}
	if h.has(templateRequired...) {
		return Template, nil
	}
	return unknownForm, &FormatError{Err: ErrUnknownFormat,
		Reason: "the header matches no Amazon VAT Transactions Report, PayPal activity download or vatkit template"}
}

// variant names the layout of a recognised header.
func variant(f Format, h header) string {
	switch f {
	case AmazonVTR:
		if h.count("PROGRAM_TYPE", "TAX_REPORTING_SCHEME", "TAX_COLLECTION_RESPONSIBILITY") > 0 {
			return "95-column"
		}
		return "92-column"
	case PayPal:
		lang, _ := paypalLanguage(h)
		return lang
	}
	return ""
}
