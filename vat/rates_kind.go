package vat

import "github.com/shopspring/decimal"

// RateKind is the type of a VAT rate within a member state's set of rates.
// The zero value is RateUnknown.
type RateKind uint8

// The kinds of rate, as the VAT Directive (2006/112/EC, Arts 96–99, 110–118)
// and the Commission's rate tables name them.
const (
	RateUnknown      RateKind = iota
	RateStandard              // Art 96–97
	RateReduced               // Art 98–99: at least 5 %
	RateSuperReduced          // Art 110 and 98(2): below 5 %
	RateParking               // Art 118: intermediate rates of at least 12 %
	RateZero                  // a zero rate (with the right to deduct)
)

var rateKindNames = [...]string{"unknown", "standard", "reduced", "super-reduced", "parking", "zero"}

// String returns "standard", "reduced", "super-reduced", "parking", "zero" or
// "unknown".
func (k RateKind) String() string {
	if int(k) < len(rateKindNames) {
		return rateKindNames[k]
	}
	return "unknown"
}

// Kind reports whether rate (in percent) is one of the rates of the set and
// which kind it is. A rate listed under two kinds (Ireland's 13.5 % is both
// reduced and parking) is reported as the first of standard, reduced,
// super-reduced, parking.
//
// A zero rate is reported as (RateZero, true) in every country: most member
// states zero-rate some supplies (Ireland, Malta, Belgium, the temporary food
// rates of Spain and Poland…) and the table does not record which, so a zero
// rate is plausible everywhere and only the supply's category can confirm it.
// Any other rate not in the set is (RateUnknown, false).
func (s RateSet) Kind(rate decimal.Decimal) (RateKind, bool) {
	if rate.IsZero() {
		return RateZero, true
	}
	if rate.Equal(s.Standard) {
		return RateStandard, true
	}
	lists := [...]struct {
		kind  RateKind
		rates []decimal.Decimal
	}{{RateReduced, s.Reduced}, {RateSuperReduced, s.SuperReduced}, {RateParking, s.Parking}}
	for _, l := range lists {
		for _, r := range l.rates {
			if rate.Equal(r) {
				return l.kind, true
			}
		}
	}
	return RateUnknown, false
}

// Rate returns the single rate of the given kind, or false when the set has
// none or several of that kind (several reduced rates: the caller must say
// which, from the supply's category). RateZero always gives 0.
func (s RateSet) Rate(kind RateKind) (decimal.Decimal, bool) {
	var list []decimal.Decimal
	switch kind {
	case RateStandard:
		return s.Standard, !s.Standard.IsZero()
	case RateZero:
		return decimal.Zero, true
	case RateReduced:
		list = s.Reduced
	case RateSuperReduced:
		list = s.SuperReduced
	case RateParking:
		list = s.Parking
	}
	if len(list) != 1 {
		return decimal.Decimal{}, false
	}
	return list[0], true
}
