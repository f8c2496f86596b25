package report

import (
	"cmp"
	"slices"

	"github.com/vatkit/vatkit/vat"
)

// numbers collects the seller's own VAT numbers that the rows report
// (vat.Transaction.SellerNumber), one per country, the countries for which
// the files report more than one, and the member states goods left from
// that the seller's facts do not list as warehouses. What it keeps does
// not depend on the order it sees the rows in: of several numbers, the
// first in text order.
type numbers struct {
	found    map[vat.Country]vat.Number
	clash    map[vat.Country]bool
	unlisted []vat.Country
}

func (ns *numbers) see(tx *vat.Transaction, s *vat.Seller) {
	ns.origin(tx, s)
	n := tx.SellerNumber
	if n.IsZero() {
		return
	}
	c := n.Country()
	if prev, ok := ns.found[c]; ok {
		if prev != n {
			if ns.clash == nil {
				ns.clash = make(map[vat.Country]bool)
			}
			ns.clash[c] = true
			if n.String() < prev.String() {
				ns.found[c] = n
			}
		}
		return
	}
	if ns.found == nil {
		ns.found = make(map[vat.Country]vat.Number)
	}
	ns.found[c] = n
}

// origin notes a member state goods left from that is neither the state of
// establishment nor one of the seller's warehouses.
func (ns *numbers) origin(tx *vat.Transaction, s *vat.Seller) {
	from, ok := vat.DispatchedFrom(tx, s.Established)
	if ok && !slices.Contains(s.Warehouses, from) && !slices.Contains(ns.unlisted, from) {
		ns.unlisted = append(ns.unlisted, from)
	}
}

// list returns the numbers found, by country.
func (ns *numbers) list() []vat.Number {
	out := make([]vat.Number, 0, len(ns.found))
	for _, n := range ns.found {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b vat.Number) int { return cmp.Compare(a.String(), b.String()) })
	return out
}

// number returns the seller's VAT number in c: the one the seller gave,
// else the one the files report, else the zero Number.
func (a *aggregate) number(c vat.Country) vat.Number {
	if n := sellerNumber(a.seller, c); !n.IsZero() {
		return n
	}
	return a.numbers.found[c]
}

// sellerNumber returns the seller's VAT number in c, or the zero Number.
func sellerNumber(s *vat.Seller, c vat.Country) vat.Number {
	for _, n := range s.Registrations {
		if n.Country() == c {
			return n
		}
	}
	return vat.Number{}
}

// numberReviews asks for the seller's VAT number in each state the return
// names (the member state of identification and every dispatch block)
// that has none, and points out numbers the files contradict.
func (a *aggregate) numberReviews(lines []OSSLine) []Review {
	var out []Review
	slices.Sort(a.numbers.unlisted)
	for _, c := range a.numbers.unlisted {
		out = append(out, Review{Reason: "Goods were sent from " + name(c) + ", which your seller facts do not list " +
			"among your warehouses: a warehouse outside the state you are established in ends the €10,000 threshold " +
			"(Art 59c(1)(b)) and needs a VAT registration there. Add it to your warehouses."})
	}
	seen := map[vat.Country]bool{a.msid: true}
	out = append(out, a.numberReview(a.msid, false)...)
	for _, l := range lines {
		if !seen[l.DispatchedFrom] {
			seen[l.DispatchedFrom] = true
			out = append(out, a.numberReview(l.DispatchedFrom, l.OriginNumber.IsZero())...)
		}
	}
	return out
}

func (a *aggregate) numberReview(c vat.Country, missing bool) []Review {
	found, given := a.numbers.found[c], sellerNumber(a.seller, c)
	switch {
	case missing:
		return []Review{{Reason: "Goods were sent from " + name(c) + ": the return must give your VAT number there " +
			"for them. Add it to your seller facts (vat_numbers)."}}
	case a.numbers.clash[c]:
		return []Review{{Reason: "Your files give more than one VAT number of yours in " + name(c) +
			": check which is right and give it in your seller facts (vat_numbers)."}}
	case !given.IsZero() && !found.IsZero() && given != found:
		return []Review{{Reason: "Your files give a different VAT number of yours in " + name(c) +
			" than your seller facts: the return uses the one in your seller facts. Check which is right."}}
	}
	return nil
}
