package vat

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Where vatkit rounds, and why.
//
// There is no EU-wide rounding rule: the Court of Justice left it to each
// member state (C-484/06 Koninklijke Ahold, 2008; C-302/07 Wetherspoon, 2009),
// and the states that say (Germany's UStAE, Poland's invoice rules, HMRC's
// VATREC12030 for the UK) round half up to the cent, as Regulation 1103/97
// does for euro conversion. So the zero [Rounding] rounds half away from zero
// to the cent in every country, and a host overrides it per country.
//
// vatkit rounds as few times as it can:
//   - VAT a source states (an invoice, a marketplace report) is kept as
//     charged, never recomputed: it is what the customer paid.
//   - VAT vatkit derives for a transaction is rounded once, per invoice line,
//     in the currency of the invoice, because that is the amount the invoice
//     shows and the seller owes.
//   - An OSS return sums taxable amounts and VAT per country and rate in the
//     original currency, converts each sum once at the period's ECB rate
//     ([ToEUR]) and rounds the result to the cent: converting line by line
//     would add a rounding error per line for no legal reason (no EU rule
//     sets the level of rounding: CJEU C-484/06 Koninklijke Ahold).

// RoundingMode says which way an amount between two steps goes.
type RoundingMode uint8

// The rounding modes. The zero value is HalfUp.
const (
	HalfUp       RoundingMode = iota // half away from zero: 2.625 → 2.63, -2.625 → -2.63 (commercial rounding)
	HalfEven                         // half to even: 2.625 → 2.62, 2.635 → 2.64 (banker's rounding)
	TowardZero                       // truncate: 2.629 → 2.62
	AwayFromZero                     // any remainder goes up: 2.621 → 2.63
)

// RoundingRule rounds to a multiple of Unit with Mode. The zero value rounds
// half up to 0.01.
type RoundingRule struct {
	Mode RoundingMode
	// Unit is the step to round to: 0.01 (the zero value), 1 for whole units,
	// 0.05 for a five-cent step. A negative unit counts as its absolute value.
	Unit decimal.Decimal
}

// Rounding chooses a [RoundingRule] per country. The zero value rounds half up
// to the cent everywhere; it is safe for concurrent use as long as the map is
// not modified.
type Rounding struct {
	Default    RoundingRule             // for countries not in PerCountry
	PerCountry map[Country]RoundingRule // overrides, e.g. {HU: {Unit: decimal.NewFromInt(1)}}
}

// Rule returns the rule that applies to c.
func (r Rounding) Rule(c Country) RoundingRule {
	if rule, ok := r.PerCountry[c]; ok {
		return rule
	}
	return r.Default
}

// Round rounds amount by the rule for c.
func (r Rounding) Round(c Country, amount decimal.Decimal) decimal.Decimal {
	return r.Rule(c).Round(amount)
}

var roundingCent = decimal.New(1, -2)

func (r RoundingRule) unit() decimal.Decimal {
	if r.Unit.IsZero() {
		return roundingCent
	}
	return r.Unit.Abs()
}

// Round rounds amount to a multiple of the rule's unit.
func (r RoundingRule) Round(amount decimal.Decimal) decimal.Decimal {
	if r == (RoundingRule{}) {
		// The default, half away from zero to the cent, is decimal's own
		// Round, without the division.
		return amount.Round(2)
	}
	return r.quo(amount, decimal.New(1, 0))
}

// Quo returns a / b rounded by the rule, exactly: the quotient is never
// rounded twice. b must not be zero.
func (r RoundingRule) Quo(a, b decimal.Decimal) (decimal.Decimal, error) {
	if b.IsZero() {
		return decimal.Decimal{}, fmt.Errorf("vat: division by zero")
	}
	return r.quo(a, b), nil
}

// quo rounds a / b to a multiple n × unit: n = a / (b × unit) as an integer
// quotient q and remainder rem, then q moves one step away from zero when the
// mode says so, judged on |2 rem| against |b × unit|.
func (r RoundingRule) quo(a, b decimal.Decimal) decimal.Decimal {
	u := r.unit()
	div := b.Mul(u)
	q, rem := a.QuoRem(div, 0)
	if !rem.IsZero() && r.up(q, rem.Abs().Mul(decimal.NewFromInt(2)).Cmp(div.Abs())) {
		if a.Sign()*div.Sign() < 0 {
			q = q.Sub(decimal.New(1, 0))
		} else {
			q = q.Add(decimal.New(1, 0))
		}
	}
	return q.Mul(u)
}

// up reports whether a truncated quotient q moves away from zero, given how
// twice the remainder compares with the divisor (-1 below half, 0 half, 1 above).
func (r RoundingRule) up(q decimal.Decimal, half int) bool {
	switch r.Mode {
	case TowardZero:
		return false
	case AwayFromZero:
		return true
	case HalfEven:
		return half > 0 || (half == 0 && !q.Mod(decimal.NewFromInt(2)).IsZero())
	default:
		return half >= 0
	}
}
