package report

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// OSSReturn is a One-Stop-Shop VAT return for one period, in EUR, laid out
// as the member states exchange it (VAT Directive Arts 369g, 365 and
// 369t; Implementing Regulation 2020/194 Annex III): lines per country of
// consumption, supply type, rate type and rate; then corrections of
// earlier periods. A Union-scheme return ([OSS], a quarter) has one block
// for supplies from the member state of identification and one block per
// other member state goods were dispatched from; an import-scheme return
// ([IOSS], a month) and a non-Union return ([NonUnion], a quarter) have
// one block, and their lines no DispatchedFrom.
//
// A return with no lines and no corrections is a nil return; it must be
// filed all the same (see [OSSReturn.Nil]).
//
// The Go names are short; [WriteJSON] spells them out. Field by field:
//
//	Scheme      → scheme ("union", "import", "non-union")
//	MSID        → member_state_of_identification
//	Number      → vat_number (IOSSNumber on an import-scheme return, NonUnionNumber on a non-Union return)
//	Period      → period
//	Due         → due
//	Lines       → lines
//	Corrections → corrections
//	Total       → total_vat
//	Rates       → exchange_rates
//	NeedsReview → needs_review
//
// FoundNumbers is not written.
type OSSReturn struct {
	// Scheme is the return's scheme; the zero value is SchemeUnion.
	Scheme Scheme
	// MSID is the member state of identification.
	MSID vat.Country
	// Number is the seller's VAT number in MSID, when the seller has one
	// (a Union-scheme return only).
	Number vat.Number
	// IOSSNumber is the seller's "IM…" number on an import-scheme return.
	IOSSNumber string
	// NonUnionNumber is the seller's "EU…" number on a non-Union return,
	// when the seller's facts give it.
	NonUnionNumber string
	Period         vat.Period
	// Due is the last day to file and pay: the end of the month after the
	// period (Arts 364 and 369i for the quarters, 369s and 369u for the
	// months).
	Due time.Time

	Lines       []OSSLine
	Corrections []Correction
	// Total is the VAT of the lines plus the corrections.
	Total decimal.Decimal
	// NeedsReview lists the rows of the period that the rules did not
	// classify, or that a person should look at, with the reason. They are
	// not in Lines.
	NeedsReview []Review
	// Rates lists the exchange rates used, one per currency other than EUR
	// and period converted (a correction is converted at its own period's
	// rate).
	Rates []FXRate
	// Unreadable counts the stored records of the seller's history that
	// could not be read back (changed or damaged in the database): the
	// return leaves them out, and NeedsReview names them.
	Unreadable int
	// FoundNumbers are the seller's own VAT numbers that the files report
	// (per dispatch country), in the order of their countries. The return
	// uses one where the seller gave none for that country; one that
	// differs from a number the seller gave is listed in NeedsReview.
	FoundNumbers []vat.Number
}

// OSSLine is one line of a return. Amounts are in EUR, rounded to the cent.
// In the JSON of [WriteJSON]:
//
//	Country        → country
//	Supply         → supply
//	RateType       → rate_type ([OSSLine.RateTypeName])
//	Rate           → rate
//	DispatchedFrom → dispatched_from
//	OriginNumber   → origin_vat_number
//	Taxable        → taxable_amount
//	VAT            → vat_amount
type OSSLine struct {
	// Country is the member state of consumption.
	Country vat.Country
	Supply  SupplyType
	// RateType is vat.RateStandard, or another kind, which the return
	// declares as a reduced rate (see [OSSLine.RateTypeName]).
	RateType vat.RateKind
	Rate     decimal.Decimal // percent, e.g. 20 or 5.5
	// DispatchedFrom is the origin block of a Union-scheme return: MSID,
	// or the member state the goods were dispatched from; "" on the other
	// returns.
	DispatchedFrom vat.Country
	// OriginNumber is the seller's VAT number in DispatchedFrom when that is
	// not MSID: the one the seller gave, else the one the files report;
	// zero when neither has one (the return then needs one: see
	// NeedsReview).
	OriginNumber vat.Number
	Taxable, VAT decimal.Decimal
}

// RateTypeName returns "standard" or "reduced", the two rate types of the
// return: super-reduced, parking and zero rates are all reduced rates there.
func (l OSSLine) RateTypeName() string {
	if l.RateType == vat.RateStandard {
		return "standard"
	}
	return "reduced"
}

// SupplyType is the return's supply type.
type SupplyType uint8

// The supply types of the return.
const (
	Goods SupplyType = iota
	Services
)

// String returns "goods" or "services".
func (s SupplyType) String() string {
	if s == Services {
		return "services"
	}
	return "goods"
}

func supplyType(s vat.Supply) SupplyType {
	if s == vat.SupplyGoods {
		return Goods
	}
	return Services
}

// Correction changes the VAT declared for one member state of consumption
// in an earlier period (Reg 282/2011 Art 61, as amended from 2021-07-01).
// VAT is the difference in EUR; negative when VAT was refunded. In the
// JSON of [WriteJSON]:
//
//	Country → country
//	Period  → period
//	VAT     → vat_amount
type Correction struct {
	Country vat.Country
	Period  vat.Period
	VAT     decimal.Decimal
}

// Review is a row a person must look at before the return is filed. It
// names the row and the reason, never the row's contents.
type Review struct {
	Source string
	Line   int
	Reason string
}

// FXRate is an ECB reference rate used to convert one currency.
type FXRate struct {
	Currency  string
	Rate      decimal.Decimal // units of Currency per EUR
	Published time.Time
}

// Nil reports whether the return declares nothing: a nil return.
func (r *OSSReturn) Nil() bool { return len(r.Lines) == 0 && len(r.Corrections) == 0 }

// identification is the number the return is filed under: the IOSS
// number of an import-scheme return, else the VAT number, or "".
func (r *OSSReturn) identification() string {
	switch r.Scheme {
	case SchemeImport:
		return r.IOSSNumber
	case SchemeNonUnion:
		return r.NonUnionNumber
	}
	return r.Number.String()
}
