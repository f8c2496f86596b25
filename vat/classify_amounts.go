package vat

import (
	"github.com/shopspring/decimal"
)

var (
	hundred = decimal.NewFromInt(100)
	cent    = decimal.New(1, -2)
)

// charge completes a treatment under which VAT is due in country: the rate
// valid there on the tax point, and the amounts.
func (c *Classifier) charge(tx *Transaction, s Scheme, country Country) Treatment {
	on := tx.TaxPoint
	rs, err := c.rates().Lookup(country, on)
	if err != nil {
		return review(reasonNoRate(country, on), on)
	}
	from, _ := placeOf(tx.ShipFrom, 0)
	t := Treatment{Scheme: s, Country: country, DispatchedFrom: from, Supply: tx.Supply,
		Currency: tx.Currency, Period: QuarterOf(on)}
	if tx.Supply != SupplyGoods {
		t.DispatchedFrom = ""
	}
	var reason string
	t.Rate, t.RateKind, reason = pickRate(tx, rs)
	if reason != "" {
		return review(reasonRate(reason, country, on), on)
	}
	if !tx.Given.Has(FieldRate) && tx.RateKind == RateUnknown && !(tx.Given.Has(FieldNet|FieldVAT) || tx.Given.Has(FieldGross|FieldVAT)) {
		t.Flags |= FlagAssumedStandardRate
	}
	if reason = t.setAmounts(tx, c.Rounding.Rule(country)); reason != "" {
		return review(reason, on)
	}
	if country != c.Seller.Established && s != OSSUnion && s != OSSNonUnion && !c.registered(country) {
		t.Flags |= FlagNotRegistered
	}
	return t
}

// pickRate returns the rate to apply: the source's, when it exists in the
// country on the date; else the one the stated net and VAT imply; else the
// standard rate.
func pickRate(tx *Transaction, rs RateSet) (decimal.Decimal, RateKind, string) {
	if tx.Given.Has(FieldRate) {
		if k, ok := rs.Kind(tx.Rate); ok {
			return tx.Rate, k, ""
		}
		return decimal.Decimal{}, RateUnknown, "The file charges " + tx.Rate.String() + "%, which is not a VAT rate of"
	}
	if tx.RateKind != RateUnknown {
		if r, ok := rs.Rate(tx.RateKind); ok {
			return r, tx.RateKind, ""
		}
		return decimal.Decimal{}, RateUnknown, "The file names a " + tx.RateKind.String() + " rate without a figure, and there is not exactly one such rate in"
	}
	net, vat, ok := statedNetVAT(tx)
	if !ok {
		return rs.Standard, RateStandard, ""
	}
	if vat.IsZero() {
		return decimal.Zero, RateZero, ""
	}
	for _, r := range rs.all() {
		if vatOn(net, r, RoundingRule{}).Sub(vat).Abs().LessThanOrEqual(cent) {
			k, _ := rs.Kind(r)
			return r, k, ""
		}
	}
	return decimal.Decimal{}, RateUnknown, "The VAT in the file matches none of the rates of"
}

// all lists every rate of the set, standard first.
func (s RateSet) all() []decimal.Decimal {
	out := make([]decimal.Decimal, 0, 1+len(s.Reduced)+len(s.SuperReduced)+len(s.Parking))
	out = append(out, s.Standard)
	out = append(out, s.Reduced...)
	out = append(out, s.SuperReduced...)
	return append(out, s.Parking...)
}

// statedNetVAT returns the net and VAT the source stated, directly or as
// gross − VAT.
func statedNetVAT(tx *Transaction) (net, vat decimal.Decimal, ok bool) {
	switch {
	case tx.Given.Has(FieldNet | FieldVAT):
		return tx.Net, tx.VAT, true
	case tx.Given.Has(FieldGross | FieldVAT):
		return tx.Gross.Sub(tx.VAT), tx.VAT, true
	}
	return decimal.Decimal{}, decimal.Decimal{}, false
}

// vatOn returns net × rate%, rounded once by rule (the division by 100 is
// exact).
func vatOn(net, rate decimal.Decimal, rule RoundingRule) decimal.Decimal {
	return rule.Round(net.Mul(rate).Shift(-2))
}

// setAmounts derives the taxable amount and the VAT at t.Rate from what the
// source gave and checks what it gave for consistency. Amounts are rounded
// per line by rule (half up to the cent by default), as invoices are; the
// OSS return sums lines and converts the sums once (rounding.go).
//
// VAT the source states is kept as stated when it agrees with the rate
// within one rounding step: it is what the invoice shows, and VAT shown
// on an invoice is due (Art 203). A larger difference is flagged
// (FlagVATDiffers, with SourceVAT) and the higher of the two is taken:
// the invoice's VAT is due by Art 203, and the rate's by Art 193.
func (t *Treatment) setAmounts(tx *Transaction, rule RoundingRule) string {
	g := tx.Given
	if g.Has(FieldNet|FieldVAT|FieldGross) && tx.Net.Add(tx.VAT).Sub(tx.Gross).Abs().GreaterThan(cent) {
		return reasonSumsDiffer
	}
	switch {
	case g.Has(FieldNet):
		t.Taxable = rule.Round(tx.Net)
		t.Derived = FieldVAT | FieldGross
	case g.Has(FieldGross | FieldVAT):
		// The invoice's own split of a VAT-inclusive price.
		t.Taxable = rule.Round(tx.Gross.Sub(tx.VAT))
		t.Derived = FieldNet
	case g.Has(FieldGross):
		// VAT-inclusive price: net = gross / (1 + rate), VAT = gross − net.
		t.Taxable, _ = rule.Quo(tx.Gross.Mul(hundred), hundred.Add(t.Rate))
		t.VAT = rule.Round(tx.Gross).Sub(t.Taxable)
		t.Derived = FieldNet | FieldVAT
	case g.Has(FieldVAT) && !t.Rate.IsZero():
		t.Taxable, _ = rule.Quo(tx.VAT.Mul(hundred), t.Rate)
		t.Derived = FieldNet | FieldGross
	default:
		return reasonNoAmount
	}
	if g.Has(FieldVAT) {
		t.statedVAT(rule.Round(tx.VAT), vatOn(t.Taxable, t.Rate, rule), rule)
	} else if g.Has(FieldNet) {
		t.VAT = vatOn(t.Taxable, t.Rate, rule)
	}
	if !g.Has(FieldRate) {
		t.Derived |= FieldRate
	}
	t.Derived &^= g
	return ""
}

// statedVAT keeps the source's VAT when it is within one rounding step of
// the rate's; otherwise it flags the difference and keeps the higher.
func (t *Treatment) statedVAT(stated, computed decimal.Decimal, rule RoundingRule) {
	t.VAT = stated
	if stated.Sub(computed).Abs().LessThanOrEqual(rule.unit()) {
		return
	}
	t.Flags |= FlagVATDiffers
	t.SourceVAT = stated
	if computed.GreaterThan(stated) {
		t.VAT = computed
	}
}

// exemptValue is the value of an exempt supply: the net, or the gross when
// no VAT was charged.
func exemptValue(tx *Transaction) (decimal.Decimal, Field, string) {
	switch {
	case tx.Given.Has(FieldNet):
		return tx.Net.Round(2), 0, ""
	case tx.Given.Has(FieldGross) && (!tx.Given.Has(FieldVAT) || tx.VAT.IsZero()):
		return tx.Gross.Round(2), FieldNet, ""
	case tx.Given.Has(FieldGross | FieldVAT):
		return tx.Gross.Sub(tx.VAT).Round(2), FieldNet, ""
	}
	return decimal.Decimal{}, 0, reasonNoAmount
}

// refund gives a refund or return the treatment and rate of its sale, with
// negative amounts, in the sale's period.
func (c *Classifier) refund(tx *Transaction) Treatment {
	orig, ok := c.sales.get(tx.OriginalID)
	if tx.OriginalID == "" || !ok {
		return review(reasonOrphanRefund, tx.TaxPoint)
	}
	t := orig
	t.Flags &= FlagUnvalidatedVATNumber | FlagNotRegistered
	t.SourceVAT, t.Reason = decimal.Decimal{}, ""
	pos := *tx
	pos.Net, pos.VAT, pos.Gross = tx.Net.Abs(), tx.VAT.Abs(), tx.Gross.Abs()
	if orig.RateKind == RateZero && !orig.Scheme.Charged() {
		net, derived, reason := exemptValue(&pos)
		if reason != "" {
			return review(reason, tx.TaxPoint)
		}
		t.Taxable, t.VAT, t.Derived = net, decimal.Zero, derived
	} else if reason := t.setAmounts(&pos, c.Rounding.Rule(orig.Country)); reason != "" {
		return review(reason, tx.TaxPoint)
	}
	t.Taxable, t.VAT = t.Taxable.Neg(), t.VAT.Neg()
	if t.Has(FlagVATDiffers) {
		t.SourceVAT = t.SourceVAT.Neg()
	}
	refundPeriod := QuarterOf(tx.TaxPoint)
	if orig.Period.Quarter == 0 {
		refundPeriod = MonthOf(tx.TaxPoint)
	}
	if refundPeriod != orig.Period {
		t.Flags |= FlagCorrection
	}
	return t
}
