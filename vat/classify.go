package vat

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Classifier decides, transaction by transaction, where VAT is due, under
// which scheme, at which rate and how much — and says NeedsReview, with the
// reason, where a careful adviser would stop rather than guess.
//
// A Classifier carries the running state the rules need: the year's
// cross-border total for the €10,000 threshold (Art 59c) and the treatment of
// every sale seen, so that refunds follow their sale. Feed it one seller's
// transactions in tax-point order (ClassifyAll sorts for you). It is not safe
// for concurrent use; use one per seller and run.
type Classifier struct {
	Seller Seller
	// Rates is the rate table; nil means DefaultRates().
	Rates *RateTable
	// Rounding rounds derived amounts per line; the zero value rounds half
	// up to the cent in every member state.
	Rounding Rounding
	// ToEUR converts an amount to EUR for the threshold; nil means only EUR
	// amounts can be counted, and a non-EUR cross-border sale that the
	// threshold decides gets NeedsReview.
	ToEUR func(amount decimal.Decimal, currency string, on time.Time) (decimal.Decimal, error)

	years    map[int]*yearTotal
	first    time.Time // the first tax point seen
	last     time.Time
	sales    saleIndex
	noOrigin bool // goods were seen leaving from outside the state of establishment
}

// ClassifyAll classifies txs in tax-point order (stable for equal dates) with
// a fresh state and returns the treatments in the order of txs.
func (c *Classifier) ClassifyAll(txs []Transaction) []Treatment {
	order := make([]int, len(txs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if k := dateOf(txs[a].TaxPoint).Compare(dateOf(txs[b].TaxPoint)); k != 0 {
			return k
		}
		// Sales before their refunds on the same day.
		return cmp.Compare(isRefund(txs[a].Kind), isRefund(txs[b].Kind))
	})
	c.Reset()
	out := make([]Treatment, len(txs))
	for _, i := range order {
		out[i] = c.Classify(&txs[i])
	}
	return out
}

func isRefund(k Kind) int {
	if k == KindRefund || k == KindReturn {
		return 1
	}
	return 0
}

// Reset forgets the running state (threshold totals, sales seen).
func (c *Classifier) Reset() {
	c.years, c.sales, c.first, c.last, c.noOrigin = nil, saleIndex{}, time.Time{}, time.Time{}, false
}

// Classify returns the treatment of one transaction.
func (c *Classifier) Classify(tx *Transaction) Treatment {
	if tx.TaxPoint.IsZero() {
		return review(reasonNoDate, tx.TaxPoint)
	}
	if d := dateOf(tx.TaxPoint); c.first.IsZero() || d.Before(c.first) {
		c.first = d
	}
	if tx.Currency == "" && tx.Kind != KindOther && tx.Kind != KindTransfer {
		return review(reasonNoCurrency, tx.TaxPoint)
	}
	var t Treatment
	switch tx.Kind {
	case KindSale:
		t = c.sale(tx)
		if tx.SourceID != "" && t.Scheme != NeedsReview {
			c.sales.put(tx.SourceID, &t)
		}
	case KindRefund, KindReturn:
		t = c.refund(tx)
	case KindTransfer:
		t = c.transfer(tx)
	case KindOther:
		t = Treatment{Scheme: OutOfScope, Reason: "not a supply", Period: QuarterOf(tx.TaxPoint)}
	default:
		t = review(reasonUnknownKind, tx.TaxPoint)
	}
	if d := dateOf(tx.TaxPoint); d.After(c.last) {
		c.last = d
	}
	return t
}

func (c *Classifier) rates() *RateTable {
	if c.Rates != nil {
		return c.Rates
	}
	return DefaultRates()
}

func (c *Classifier) sale(tx *Transaction) Treatment {
	if tx.Given.Has(FieldNet) && tx.Net.IsNegative() || tx.Given.Has(FieldGross) && tx.Gross.IsNegative() ||
		tx.Given.Has(FieldVAT) && tx.VAT.IsNegative() {
		return review(reasonNegativeSale, tx.TaxPoint)
	}
	if tx.Collector == CollectedByMarketplace {
		return Treatment{Scheme: Marketplace, Country: tx.ShipTo, DispatchedFrom: tx.ShipFrom, Supply: tx.Supply,
			Currency: tx.Currency, Period: QuarterOf(tx.TaxPoint),
			Reason: "the marketplace was the deemed supplier and accounted for the VAT"}
	}
	switch tx.Supply {
	case SupplyGoods:
		return c.goods(tx)
	case SupplyElectronic, SupplyService:
		return c.service(tx)
	}
	return review(reasonUnknownSupply, tx.TaxPoint)
}

func (c *Classifier) goods(tx *Transaction) Treatment {
	on := tx.TaxPoint
	if tx.ShipFrom == "" || tx.ShipTo == "" {
		return review(reasonMissingCountry(tx.ShipFrom, tx.ShipTo), on)
	}
	if !tx.ShipFrom.Valid() || !tx.ShipTo.Valid() {
		return review(reasonUnknownCountry, on)
	}
	from, fromOut := placeOf(tx.ShipFrom, 0)
	to, toOut := placeOf(tx.ShipTo, tx.ShipToTerritory)
	fromEU, toEU := !fromOut && from.InVATAreaForGoods(on), !toOut && to.InVATAreaForGoods(on)
	switch {
	case !fromEU && !toEU:
		return Treatment{Scheme: OutOfScope, Supply: SupplyGoods, Period: QuarterOf(on), Reason: "goods moved outside the EU VAT area"}
	case !fromEU:
		return c.imported(tx, to)
	case !toEU:
		t := c.exempt(tx, Export, from)
		t.Acquisition = ""
		t.Reason = exportReason(tx.ShipTo, tx.ShipToTerritory)
		return t
	case from == to:
		return c.charge(tx, Domestic, from)
	case tx.Buyer.IsBusiness():
		return c.intraCommunity(tx, from)
	}
	if from != c.Seller.Established {
		c.noOrigin = true // Art 59c(1)(b): dispatch from elsewhere ends the threshold
	}
	return c.crossBorder(tx, from, to)
}

// crossBorder taxes a cross-border B2C supply at origin or, past the
// threshold (or without it), at destination: through the Union scheme when
// the seller uses it, else in that country's own return.
func (c *Classifier) crossBorder(tx *Transaction, origin, to Country) Treatment {
	th := c.destination(tx)
	switch {
	case th.reason != "":
		return review(th.reason, tx.TaxPoint)
	case !th.dest:
		t := c.charge(tx, Domestic, origin)
		if t.Scheme == NeedsReview && c.charge(tx, OSSUnion, to).Scheme != NeedsReview {
			// The source charged the destination's VAT: say why origin.
			return review(belowThresholdReason(tx, origin, to, th.assumed), tx.TaxPoint)
		}
		if th.assumed && t.Scheme != NeedsReview {
			t.Flags |= FlagAssumedUnderThreshold
		}
		return t
	}
	scheme := Domestic
	if c.Seller.inOSS(tx.TaxPoint) {
		scheme = OSSUnion
	}
	t := c.charge(tx, scheme, to)
	if t.Scheme != NeedsReview {
		if th.crossed {
			t.Flags |= FlagThresholdCrossed
		}
		if th.conflict {
			t.Flags |= FlagPreviousYearConflict
		}
	}
	return t
}

func (c *Classifier) intraCommunity(tx *Transaction, from Country) Treatment {
	if tx.Buyer.VATNumber.Country() == from {
		return review(reasonBuyerNumberOfOrigin, tx.TaxPoint)
	}
	return c.exempt(tx, IntraCommunity, from)
}

// exempt builds a zero-VAT treatment for an exempt supply dispatched from
// country.
func (c *Classifier) exempt(tx *Transaction, s Scheme, from Country) Treatment {
	to, _ := placeOf(tx.ShipTo, tx.ShipToTerritory)
	t := Treatment{Scheme: s, Country: from, Acquisition: to, DispatchedFrom: from, Supply: tx.Supply,
		RateKind: RateZero, Currency: tx.Currency, Period: QuarterOf(tx.TaxPoint)}
	net, derived, reason := exemptValue(tx)
	if reason != "" {
		return review(reason, tx.TaxPoint)
	}
	t.Taxable, t.VAT, t.Derived = net, decimal.Zero, derived
	if (s == IntraCommunity || s == ReverseCharge) && !(tx.Buyer.VIES.Valid && !tx.Buyer.VIES.Checked.IsZero()) {
		t.Flags |= FlagUnvalidatedVATNumber
	}
	return t
}

func (c *Classifier) imported(tx *Transaction, to Country) Treatment {
	on := tx.TaxPoint
	if tx.Excise { // outside the import scheme whatever their value (Art 369l(1))
		return Treatment{Scheme: Import, Country: to, DispatchedFrom: tx.ShipFrom, Supply: SupplyGoods,
			Currency: tx.Currency, Period: QuarterOf(on), Flags: FlagExcise,
			Reason: "excise goods: import VAT and excise duty are collected at the border"}
	}
	value := tx.ConsignmentValue
	if value.IsZero() && tx.Currency == "EUR" && tx.Given.Has(FieldNet) {
		value = tx.Net
	}
	if value.IsZero() {
		return review(reasonNoConsignmentValue, on)
	}
	if value.GreaterThan(iossLimit) || c.Seller.IOSS == "" {
		return Treatment{Scheme: Import, Country: to, DispatchedFrom: tx.ShipFrom, Supply: SupplyGoods,
			Currency: tx.Currency, Period: QuarterOf(on), Reason: "import VAT is collected at the border"}
	}
	t := c.charge(tx, ImportIOSS, to)
	if t.Scheme == ImportIOSS {
		t.Period = MonthOf(on) // IOSS returns are monthly (Art 369s)
	}
	return t
}

// iossLimit is the intrinsic value up to which imports may use IOSS (Art 369l).
var iossLimit = decimal.NewFromInt(150)

func (c *Classifier) service(tx *Transaction) Treatment {
	on, home := tx.TaxPoint, c.Seller.Established
	switch {
	case tx.ShipTo == "":
		return review(reasonNoCustomerCountry, on)
	case !tx.ShipTo.Valid():
		return review(reasonUnknownCountry, on)
	case home == "":
		return c.nonUnion(tx)
	}
	to, outside := placeOf(tx.ShipTo, tx.ShipToTerritory)
	switch {
	case to == home && !outside:
		return c.charge(tx, Domestic, home)
	case outside || !to.IsMember(on): // XI is in the EU VAT area for goods only
		if tx.Supply == SupplyElectronic || tx.Buyer.IsBusiness() {
			return Treatment{Scheme: OutOfScope, Supply: tx.Supply, Period: QuarterOf(on), Reason: "service to a customer outside the EU"}
		}
		return review(reasonServiceOutsideEU, on)
	case tx.Buyer.IsBusiness():
		t := c.exempt(tx, ReverseCharge, home)
		t.Country, t.Acquisition = to, to
		return t
	case tx.Supply == SupplyService:
		// General rule for B2C services: where the supplier is (Art 45).
		return c.charge(tx, Domestic, home)
	}
	return c.crossBorder(tx, home, to)
}

// nonUnion places a service of a seller established outside the EU. To a
// consumer in a member state, a telecommunications, broadcasting or
// electronic service is taxed there (Art 58), with no €10,000 threshold
// (Art 59c needs an establishment in a member state): through the
// non-Union scheme when the seller uses it (Art 358a), else in that
// state's own return. To a business the customer accounts for the VAT
// (Arts 44, 196). Other services to consumers follow the supplier (Art
// 45), outside the EU, unless a special rule places them in a member
// state: a person must say which.
func (c *Classifier) nonUnion(tx *Transaction) Treatment {
	on := tx.TaxPoint
	to, outside := placeOf(tx.ShipTo, tx.ShipToTerritory)
	switch {
	case outside || !to.IsMember(on):
		return Treatment{Scheme: OutOfScope, Supply: tx.Supply, Period: QuarterOf(on), Reason: "service to a customer outside the EU"}
	case tx.Buyer.IsBusiness():
		return Treatment{Scheme: OutOfScope, Country: to, Supply: tx.Supply, Period: QuarterOf(on),
			Reason: "the business customer accounts for the VAT (Arts 44, 196)"}
	case tx.Supply != SupplyElectronic:
		return review(reasonNonUnionService, on)
	}
	scheme := Domestic
	if c.Seller.inOSS(on) {
		scheme = OSSNonUnion
	}
	return c.charge(tx, scheme, to)
}

func (c *Classifier) transfer(tx *Transaction) Treatment {
	on := tx.TaxPoint
	switch {
	case tx.ShipFrom == "" || tx.ShipTo == "":
		return review(reasonMissingCountry(tx.ShipFrom, tx.ShipTo), on)
	case !tx.ShipFrom.Valid() || !tx.ShipTo.Valid():
		return review(reasonUnknownCountry, on)
	}
	from, fromOut := placeOf(tx.ShipFrom, 0)
	to, toOut := placeOf(tx.ShipTo, tx.ShipToTerritory)
	switch {
	case fromOut || toOut || !from.InVATAreaForGoods(on) || !to.InVATAreaForGoods(on):
		return review(reasonOwnGoodsAcrossBorder, on)
	case from == to:
		return Treatment{Scheme: OutOfScope, Supply: SupplyGoods, Period: QuarterOf(on), Reason: "goods moved within one country"}
	}
	t := Treatment{Scheme: Transfer, Country: from, Acquisition: to, DispatchedFrom: from, Supply: SupplyGoods,
		RateKind: RateZero, Currency: tx.Currency, Period: QuarterOf(on)}
	if tx.Given.Has(FieldNet) {
		t.Taxable = tx.Net.Round(2)
	}
	if !c.registered(from) || !c.registered(to) {
		t.Flags |= FlagNotRegistered
	}
	return t
}

// registered reports whether the seller can file in c: its own state, or a
// country where it holds a VAT number.
func (c *Classifier) registered(country Country) bool {
	return country == c.Seller.Established || c.Seller.registeredIn(country)
}
