package vat

import (
	"time"

	"github.com/shopspring/decimal"
)

// Threshold is the EU-wide annual limit of Art 59c(1)(c): cross-border B2C
// distance sales of goods and TBE services, without VAT, all member states
// together.
var Threshold = decimal.NewFromInt(10000)

// ossStart is the day the e-commerce package (Directive 2017/2455) applied.
var ossStart = time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)

// yearTotal is one calendar year's cross-border B2C total in EUR.
type yearTotal struct {
	total   decimal.Decimal
	crossed bool
}

// destination decides whether a cross-border B2C supply (a distance sale of
// goods dispatched from the state of establishment, or a TBE service to
// another member state) is taxed at destination. The threshold applies when
// the seller is established in one member state only, dispatches goods only
// from there, has not opted in, and its cross-border total stayed within
// €10,000 in the previous calendar year and, including this supply, in the
// current one. The supply that crosses the threshold is itself taxed at
// destination, and so is every later one of that year and the next (Art
// 59c(2)); earlier supplies are not reclassified.
//
// It returns a reason instead when it cannot decide.
func (c *Classifier) destination(tx *Transaction) (dest, crossed bool, reason string) {
	if tx.TaxPoint.Before(ossStart) {
		return false, false, "cross-border B2C supply before 2021-07-01: the former per-country distance-selling thresholds apply"
	}
	if c.Seller.OptedIn || !c.Seller.thresholdAvailable() || c.noOrigin {
		return true, false, ""
	}
	on := tx.TaxPoint
	y := on.Year()
	if c.firstYear == 0 || y < c.firstYear {
		c.firstYear = y
	}
	if c.previousExceeded(y) {
		return true, false, ""
	}
	cur := c.year(y)
	if cur.crossed {
		return true, false, ""
	}
	if dateOf(on).Before(c.last) {
		return false, false, "transactions are not in tax-point order; the threshold needs them sorted (use ClassifyAll)"
	}
	eur, err := c.netEUR(tx)
	if err != "" {
		return false, false, err
	}
	cur.total = cur.total.Add(eur)
	if cur.total.GreaterThan(Threshold) {
		cur.crossed = true
		return true, true, ""
	}
	return false, false, ""
}

func (c *Classifier) year(y int) *yearTotal {
	if c.years == nil {
		c.years = make(map[int]*yearTotal)
	}
	t := c.years[y]
	if t == nil {
		t = &yearTotal{}
		c.years[y] = t
	}
	return t
}

// previousExceeded reports whether the year before y went over the
// threshold: by the classifier's own count when it saw that year, else by the
// seller's declared figure.
func (c *Classifier) previousExceeded(y int) bool {
	if y-1 < c.firstYear {
		return c.Seller.PreviousYear.GreaterThan(Threshold)
	}
	p, ok := c.years[y-1]
	return ok && (p.crossed || p.total.GreaterThan(Threshold))
}

// netEUR returns the transaction's value without VAT in EUR, for the
// threshold. The applicable rate is not known yet here: a gross-only amount
// is counted by its net at the rate the source gave or, failing that, at the
// home state's standard rate (an estimate, as origin taxation would charge).
func (c *Classifier) netEUR(tx *Transaction) (decimal.Decimal, string) {
	var net decimal.Decimal
	switch {
	case tx.Given.Has(FieldNet):
		net = tx.Net
	case tx.Given.Has(FieldGross | FieldVAT):
		net = tx.Gross.Sub(tx.VAT)
	case tx.Given.Has(FieldGross):
		rs, err := c.rates().Lookup(c.Seller.Established, tx.TaxPoint)
		if err != nil {
			return decimal.Decimal{}, "no rate to take the VAT out of a gross amount"
		}
		rate := rs.Standard
		if tx.Given.Has(FieldRate) {
			rate = tx.Rate
		}
		net = tx.Gross.Mul(hundred).Div(hundred.Add(rate))
	default:
		return decimal.Decimal{}, "no amount to count towards the €10,000 threshold"
	}
	if tx.Currency == "EUR" {
		return net, ""
	}
	if c.ToEUR == nil {
		return decimal.Decimal{}, "no exchange rate to count a " + tx.Currency + " amount towards the €10,000 threshold"
	}
	eur, err := c.ToEUR(net, tx.Currency, tx.TaxPoint)
	if err != nil {
		return decimal.Decimal{}, "no exchange rate for " + tx.Currency + " on " + tx.TaxPoint.Format(time.DateOnly)
	}
	return eur, ""
}
