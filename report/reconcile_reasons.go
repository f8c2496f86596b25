package report

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// place is where, and at which rate, a source taxed a transaction.
type place struct {
	country vat.Country
	rate    decimal.Decimal
}

// sourcePlace tells where the source taxed tx, which it rarely says: the
// first of vatkit's country, the country of arrival, the country of
// departure and the seller's state of establishment whose rates on the
// tax point hold the source's rate (or, without one, make its net and VAT
// agree within a cent). Failing that, vatkit's country (the arrival's
// when vatkit has none) with the source's rate, or the rate its net and
// VAT imply.
func (c *comparison) sourcePlace(tx *vat.Transaction, t *vat.Treatment) place {
	net, stated, hasNet := statedNetVAT(tx)
	rate, hasRate := tx.Rate, tx.Given.Has(vat.FieldRate)
	for _, country := range c.candidates(tx, t) {
		rs, err := c.rateTable().Lookup(country, tx.TaxPoint)
		if err != nil {
			continue
		}
		if hasRate {
			if _, ok := rs.Kind(rate); ok || rate.IsZero() {
				return place{country, rate}
			}
			continue
		}
		if hasNet {
			if r, ok := matchRate(rs, net, stated); ok {
				return place{country, r}
			}
		}
	}
	country := t.Country
	if country == "" || !t.Scheme.Charged() {
		country = tx.ShipTo
	}
	if !hasRate && hasNet && !net.IsZero() {
		rate = stated.Div(net).Shift(2).Round(1).Abs()
	}
	return place{country, rate}
}

func (c *comparison) candidates(tx *vat.Transaction, t *vat.Treatment) []vat.Country {
	var out []vat.Country
	for _, k := range []vat.Country{t.Country, tx.ShipTo, tx.ShipFrom, c.seller.Established} {
		if k != "" && k.Valid() && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func (c *comparison) rateTable() *vat.RateTable {
	if c.rates != nil {
		return c.rates
	}
	return vat.DefaultRates()
}

// statedNetVAT is the net and VAT the source stated, absolute.
func statedNetVAT(tx *vat.Transaction) (net, v decimal.Decimal, ok bool) {
	switch {
	case tx.Given.Has(vat.FieldNet | vat.FieldVAT):
		return tx.Net.Abs(), tx.VAT.Abs(), true
	case tx.Given.Has(vat.FieldGross | vat.FieldVAT):
		return tx.Gross.Sub(tx.VAT).Abs(), tx.VAT.Abs(), true
	}
	return decimal.Decimal{}, decimal.Decimal{}, false
}

// matchRate finds the rate of rs under which net bears v within a cent;
// zero VAT matches the zero rate.
func matchRate(rs vat.RateSet, net, v decimal.Decimal) (decimal.Decimal, bool) {
	if v.IsZero() {
		return decimal.Zero, true
	}
	all := append(append(append([]decimal.Decimal{rs.Standard}, rs.Reduced...), rs.SuperReduced...), rs.Parking...)
	for _, r := range all {
		if net.Mul(r).Shift(-2).Round(2).Sub(v).Abs().LessThanOrEqual(cent) {
			return r, true
		}
	}
	return decimal.Decimal{}, false
}

// roundingTolerance is the largest difference, at one country and rate,
// put down to rounding: a source that rounds each unit, or computes VAT
// from a VAT-inclusive price, drifts by a few cents on a line.
var roundingTolerance = decimal.New(5, -2)

// reason says in words why the source's VAT and vatkit's differ.
func (c *comparison) reason(tx *vat.Transaction, t *vat.Treatment, src place, stated, owed decimal.Decimal) string {
	switch {
	case t.Scheme == vat.NeedsReview:
		return "vatkit cannot place this row without you, so it counts no VAT for it (the file taxed it in " +
			name(src.country) + " at " + src.rate.String() + "%): " + t.Reason
	case t.Scheme == vat.Marketplace:
		return c.deemedSupplier(tx)
	case !t.Scheme.Charged():
		return "vatkit finds no VAT due from you on this row: " + exemptWords(t) + "."
	case src.country != t.Country:
		return "Another country of taxation: the file taxed it in " + name(src.country) + " at " + src.rate.String() +
			"%, vatkit in " + name(t.Country) + " at " + t.Rate.String() + "%: " + placeWords(tx, t, c.seller) + "."
	case !src.rate.Equal(t.Rate):
		return "Another rate: the file charged " + src.rate.String() + "%, vatkit the " + t.RateKind.String() +
			" rate of " + name(t.Country) + " on " + tx.TaxPoint.Format(time.DateOnly) + ", " + t.Rate.String() + "%."
	case stated.Sub(owed).Abs().LessThanOrEqual(roundingTolerance):
		return "Rounding: the file rounds the VAT differently (per unit, or from the price with VAT), " +
			"vatkit per line (rate times net amount, half up to the cent)."
	}
	return "The VAT in the file is less than the rate times the net amount: vatkit takes the rate's VAT, " +
		"which is due (Art 193), as is any higher VAT shown on an invoice (Art 203). Check the invoice."
}

// deemedSupplier explains a sale the file says a marketplace accounted
// for: a seller established in the EU selling goods within it is its own
// supplier (Art 14a covers imports up to €150 and sellers established
// outside the EU only).
func (c *comparison) deemedSupplier(tx *vat.Transaction) string {
	withinEU := tx.ShipFrom.InVATAreaForGoods(tx.TaxPoint)
	if c.seller.Established != "" && (withinEU || tx.Supply != vat.SupplyGoods) {
		return "Deemed-supplier mismatch: the file says the marketplace accounted for this VAT as the deemed supplier, " +
			"but a marketplace is deemed the supplier only of goods imported in consignments up to €150 (Art 14a(1)) " +
			"and of goods within the EU sold by sellers established outside it (Art 14a(2)); you are established in " +
			name(c.seller.Established) + ", so this VAT may be yours to declare. Check it with the marketplace."
	}
	return "The marketplace was the deemed supplier and accounted for this VAT itself (Art 14a): none of it is due from you."
}

// exemptWords says why a treatment bears no VAT of the seller's.
func exemptWords(t *vat.Treatment) string {
	switch t.Scheme {
	case vat.IntraCommunity:
		return "a supply of goods to a business in another member state, exempt (Art 138)"
	case vat.ReverseCharge:
		return "a service to a business, whose VAT the customer accounts for (Art 196)"
	case vat.Transfer:
		return "a transfer of your own goods, exempt where it leaves (Art 138(2)(c))"
	case vat.Export:
		return "an export, exempt (Art 146)"
	case vat.Import:
		return "an import whose VAT is collected at the border"
	}
	if t.Reason != "" {
		return t.Reason
	}
	return "outside the scope of EU VAT"
}

// placeWords says why vatkit taxes a supply where it does.
func placeWords(tx *vat.Transaction, t *vat.Treatment, s *vat.Seller) string {
	switch {
	case t.Has(vat.FlagThresholdCrossed):
		return "this sale took your cross-border sales to consumers of the year over €10,000, so it and every later " +
			"one are taxed where they arrive (Art 59c)"
	case t.Scheme == vat.Domestic && tx.ShipTo != t.Country:
		return "below the €10,000 threshold, cross-border sales to consumers are taxed where you are established (Art 59c)"
	case t.Scheme == vat.ImportIOSS:
		return "imported goods sold through the import scheme are taxed where they arrive (Art 33(c))"
	case t.Supply == vat.SupplyGoods && t.Country == tx.ShipTo && s.Established != "" && tx.ShipTo != s.Established:
		return "past the €10,000 threshold, or without it (goods sent from warehouses outside your state of " +
			"establishment), sales to consumers are taxed where the goods arrive (Arts 33, 59c)"
	case t.Supply != vat.SupplyGoods:
		return "services to consumers are taxed where the customer is (Art 58) or where you are (Art 45)"
	}
	return "the goods were delivered there (Arts 32, 33)"
}
