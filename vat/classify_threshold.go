package vat

import (
	"time"

	"github.com/shopspring/decimal"
)

// Threshold is the EU-wide annual limit of Art 59c(1)(c): cross-border B2C
// distance sales of goods and TBE services, without VAT, all member states
// together.
var Threshold = decimal.NewFromInt(10000)

// unionStart is the day the e-commerce package (Directives 2017/2455 and
// 2019/1995) applied and the Union scheme began.
var unionStart = time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)

// UnionSchemeStart returns 2021-07-01, the day the Union scheme began (Arts
// 369a–369k as amended by Directive 2017/2455, whose application Council
// Decision (EU) 2020/1109 moved from 1 January to 1 July 2021): no OSS
// return exists for an earlier period, and cross-border sales before it fell
// under the former per-country distance-selling thresholds.
func UnionSchemeStart() time.Time { return unionStart }

// yearTotal is one calendar year's cross-border B2C total in EUR.
type yearTotal struct {
	total   decimal.Decimal
	crossed bool
	// uncounted: a supply of the year could not be counted (no exchange
	// rate), so the total is a lower bound only.
	uncounted bool
}

// threshold is the answer of destination for one supply.
type threshold struct {
	dest    bool // taxed at destination
	crossed bool // this supply took the year over €10,000
	// assumed: taxed at origin on the assumption that last year stayed
	// under €10,000, a figure neither given nor computable from the data.
	assumed bool
	// conflict: the data show last year over €10,000 where the seller's
	// figure does not.
	conflict bool
	reason   string // when the rules cannot decide
}

// destination decides whether a cross-border B2C supply (a distance sale of
// goods dispatched from the state of establishment, or a TBE service to
// another member state) is taxed at destination. The threshold applies when
// the seller is established in one member state only, dispatches goods only
// from there, has not opted in, and its cross-border total stayed within
// €10,000 in the previous calendar year and, including this supply, in the
// current one (Art 59c(1)). The supply that crosses the threshold is itself
// taxed at destination, and so is every later one of that year and the next
// (Art 59c(2)); earlier supplies are not reclassified.
//
// Supplies before 2021-07-01 are counted too: the Commission's explanatory
// notes on the 2021 e-commerce rules (September 2020) have the threshold of
// 2021 take in the distance sales and TBE services of the whole of 2021 and
// of 2020, those made before 1 July 2021 included. They themselves are
// returned with a reason: they fell under the former rules.
func (c *Classifier) destination(tx *Transaction) threshold {
	early := tx.TaxPoint.Before(unionStart)
	if c.Seller.OptedIn || !c.Seller.thresholdAvailable() || c.noOrigin {
		if early {
			return threshold{reason: reasonBeforeScheme}
		}
		return threshold{dest: true}
	}
	on := tx.TaxPoint
	if dateOf(on).Before(c.last) {
		return threshold{reason: "transactions are not in tax-point order; the threshold needs them sorted (use ClassifyAll)"}
	}
	y := on.Year()
	prev, known, conflict := c.previousYear(y)
	cur := c.year(y)
	already := prev || cur.crossed
	eur, reason := c.netEUR(tx)
	if reason != "" {
		cur.uncounted = true
		if !already && !early {
			return threshold{reason: reason}
		}
	}
	cur.total = cur.total.Add(eur)
	crossedNow := !cur.crossed && cur.total.GreaterThan(Threshold)
	cur.crossed = cur.crossed || crossedNow
	switch {
	case early:
		return threshold{reason: reasonBeforeScheme}
	case already:
		return threshold{dest: true, conflict: conflict}
	case crossedNow:
		return threshold{dest: true, crossed: true}
	}
	return threshold{assumed: !known}
}

// reasonBeforeScheme is the review reason of a cross-border B2C supply
// made before the Union scheme began.
const reasonBeforeScheme = "A cross-border sale to a consumer before 1 July 2021, when the One-Stop-Shop began: " +
	"it falls under the former national distance-selling rules and belongs in no OSS return. " +
	"It still counts towards the €10,000 threshold of 2021."

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

// previousYear reports whether the year before y went over the threshold,
// whether that is known, and whether the data contradict the seller's
// figure. The data prove it over €10,000 whenever their count passes it
// (a count can only be too low). They prove it under when they cover the
// year: they reach back to its January and every supply was counted.
// Otherwise the seller's figure decides; without one, the year is assumed
// under and the answer is not known.
func (c *Classifier) previousYear(y int) (exceeded, known, conflict bool) {
	p := c.years[y-1]
	given := c.Seller.PreviousYear
	if p != nil && (p.crossed || p.total.GreaterThan(Threshold)) {
		return true, true, given.Valid && !given.Decimal.GreaterThan(Threshold)
	}
	if given.Valid {
		return given.Decimal.GreaterThan(Threshold), true, false
	}
	covered := !c.first.IsZero() && !c.first.After(day(y-1, time.January, 31)) && (p == nil || !p.uncounted)
	return false, covered, false
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
			return decimal.Decimal{}, reasonNoRate(c.Seller.Established, tx.TaxPoint)
		}
		rate := rs.Standard
		if tx.Given.Has(FieldRate) {
			rate = tx.Rate
		}
		net = tx.Gross.Mul(hundred).Div(hundred.Add(rate))
	default:
		return decimal.Decimal{}, reasonNoAmount
	}
	if tx.Currency == "EUR" {
		return net, ""
	}
	if c.ToEUR == nil {
		return decimal.Decimal{}, "This " + tx.Currency + " sale must be counted in euros towards the €10,000 threshold, " +
			"and no exchange rates were given: give the ECB reference rates."
	}
	eur, err := c.ToEUR(net, tx.Currency, tx.TaxPoint)
	if err != nil {
		return decimal.Decimal{}, "There is no ECB exchange rate for " + tx.Currency + " on " + tx.TaxPoint.Format(time.DateOnly) +
			" to count this sale towards the €10,000 threshold: give rates that cover that day."
	}
	return eur, ""
}
