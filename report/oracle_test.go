package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/vatkit/vatkit/vat"
)

// OracleOSS is the in-memory build this package had before builds read
// the history month by month, kept here only as the oracle of the
// property tests: it classifies the whole of txs at once with
// vat.Classifier.ClassifyAll and adds every transaction to the return in
// the order of txs, the seller's warehouses inferred from all of txs
// beforehand.
func OracleOSS(o *OSS, ctx context.Context, period vat.Period, txs []vat.Transaction, reviews []string) (*OSSReturn, error) {
	if period.Quarter == 0 || period.End().Before(vat.UnionSchemeStart()) {
		return nil, fmt.Errorf("oracle: no return for %s", period)
	}
	msid := identifiedIn(&o.Seller)
	if msid == "" {
		return nil, errors.New("oracle: no member state of identification")
	}
	seller := o.Seller
	if seller.OSS.MemberState == "" {
		seller.OSS.MemberState = msid
	}
	if o.InferWarehouses {
		seller.Warehouses = append(slices.Clone(seller.Warehouses), vat.DispatchCountries(txs, seller.Established)...)
	}
	c := vat.Classifier{Seller: seller, Rates: o.Rates, Rounding: o.Rounding, ToEUR: thresholdEUR(ctx, o.FX)}
	ts := c.ClassifyAll(txs)
	a := newAggregate(period, &seller, msid, SchemeUnion)
	for i := range txs {
		review := ""
		if i < len(reviews) {
			review = reviews[i]
		}
		a.add(&txs[i], &ts[i], review)
	}
	return a.finish(ctx, o.FX, nil, nil)
}

// OracleNational is National.Build as it was before builds streamed.
func OracleNational(n *National, period vat.Period, txs []vat.Transaction) []Liability {
	c := vat.Classifier{Seller: n.Seller, Rates: n.Rates, Rounding: n.Rounding}
	ts := c.ClassifyAll(txs)
	lb := liabilities{seller: &n.Seller, period: period, by: make(map[vat.Country]*Liability)}
	for _, home := range append([]vat.Country{n.Seller.Established}, registered(&n.Seller)...) {
		if home != "" {
			lb.get(home)
		}
	}
	for i := range txs {
		if period.Contains(txs[i].TaxPoint) {
			lb.add(&txs[i], &ts[i])
		}
	}
	return lb.finish()
}

// OracleLoadOrder sorts txs (and reviews with them) the way Load did
// before it read month by month: by tax point, then source, line and the
// source's id.
func OracleLoadOrder(txs []vat.Transaction, reviews []string) {
	idx := make([]int, len(txs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		x, y := &txs[a], &txs[b]
		return cmp.Or(x.TaxPoint.Compare(y.TaxPoint), cmp.Compare(x.Source, y.Source),
			cmp.Compare(x.Line, y.Line), cmp.Compare(x.SourceID, y.SourceID))
	})
	t2, r2 := make([]vat.Transaction, len(txs)), make([]string, len(reviews))
	for i, j := range idx {
		t2[i] = txs[j]
		if j < len(reviews) {
			r2[i] = reviews[j]
		}
	}
	copy(txs, t2)
	copy(reviews, r2)
}
