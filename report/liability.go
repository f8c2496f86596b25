package report

import (
	"cmp"
	"context"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// Liability is what a seller declares for one period in one member state's
// own VAT return, and that state's EC Sales List (recapitulative
// statement, VAT Directive Arts 262–265).
//
// It holds buyers' VAT numbers, so it is built from decrypted transactions
// only: by a seller's session, never by an operator.
//
// Amounts are in the transactions' currencies, grouped by currency:
// converting them into a national currency (CZK, PLN…) follows that
// state's own rules and is left to the seller's adviser.
type Liability struct {
	Country vat.Country
	// Number is the seller's VAT number there; zero when it has none, in
	// which case Unregistered is true and the seller must register.
	Number       vat.Number
	Unregistered bool
	Period       vat.Period

	// Domestic are the sales taxed in Country, by rate.
	Domestic []DomesticLine
	// Supplies are exempt intra-Community supplies of goods dispatched
	// from Country (Art 138), transfers of own goods included.
	Supplies []Movement
	// Acquisitions are the seller's own goods arriving in Country from
	// another member state (Art 21): an intra-Community acquisition.
	Acquisitions []Movement
	// SalesList is the EC Sales List of Country.
	SalesList []SalesListLine
}

// DomesticLine sums domestic sales at one rate.
type DomesticLine struct {
	RateType     vat.RateKind
	Rate         decimal.Decimal
	Currency     string
	Taxable, VAT decimal.Decimal
}

// Movement sums the goods that left for, or came from, one member state.
type Movement struct {
	Country  vat.Country // the other member state
	Transfer bool        // own goods moved, not sold
	Currency string
	Value    decimal.Decimal
}

// SalesListLine is one line of an EC Sales List: the customer's VAT
// number, or the seller's own number in the state of arrival for a
// transfer, and the value.
type SalesListLine struct {
	Number   vat.Number
	Kind     SalesListKind
	Currency string
	Value    decimal.Decimal
}

// SalesListKind says what an EC Sales List line declares.
type SalesListKind uint8

// The kinds of EC Sales List line.
const (
	ListGoods    SalesListKind = iota // intra-Community supply of goods
	ListServices                      // B2B service under reverse charge (Art 196)
	ListTransfer                      // transfer of own goods (Art 17)
)

// String returns "goods", "services" or "transfer".
func (k SalesListKind) String() string {
	return [...]string{"goods", "services", "transfer"}[min(int(k), 2)]
}

// National builds the liability reports of a period: one per member state
// where the seller is established or registered, or owes something.
type National struct {
	Seller   vat.Seller
	Rates    *vat.RateTable
	Rounding vat.Rounding
}

// Build classifies txs (the seller's whole history, as for [OSS.Build])
// and returns the liabilities of the period, ordered by country.
// Transactions count in the period of their tax point: a refund reduces
// the return of its own period.
func (n *National) Build(ctx context.Context, period vat.Period, txs []vat.Transaction) ([]Liability, error) {
	ls, _, err := n.build(ctx, period, Transactions{Txs: txs}, nil)
	return ls, err
}

// BuildFrom is Build from the seller's stored history, read one month at
// a time (see [History]). Records that cannot be read back are left out
// and named in the review entries it returns beside the liabilities.
func (n *National) BuildFrom(ctx context.Context, period vat.Period, h *History) ([]Liability, []Review, error) {
	return n.build(ctx, period, h, h.Vault)
}

func (n *National) build(ctx context.Context, period vat.Period, src source, v Vault) ([]Liability, []Review, error) {
	lb := liabilities{seller: &n.Seller, period: period, by: make(map[vat.Country]*Liability)}
	for _, home := range append([]vat.Country{n.Seller.Established}, registered(&n.Seller)...) {
		if home != "" {
			lb.get(home)
		}
	}
	f := folder{classifier: vat.Classifier{Seller: n.Seller, Rates: n.Rates, Rounding: n.Rounding},
		add: func(tx *vat.Transaction, t *vat.Treatment, _ string) {
			if period.Contains(tx.TaxPoint) {
				lb.add(tx, t)
			}
		}}
	if _, err := f.fold(ctx, src, period); err != nil {
		return nil, nil, err
	}
	return lb.finish(), unreadableReviews(ctx, v, f.unreadable), nil
}

func registered(s *vat.Seller) []vat.Country {
	var out []vat.Country
	for _, n := range s.Registrations {
		out = append(out, n.Country())
	}
	return out
}

type liabilities struct {
	seller *vat.Seller
	period vat.Period
	by     map[vat.Country]*Liability
}

func (lb *liabilities) get(c vat.Country) *Liability {
	l := lb.by[c]
	if l == nil {
		num := sellerNumber(lb.seller, c)
		l = &Liability{Country: c, Number: num, Unregistered: num.IsZero() && c != lb.seller.Established, Period: lb.period}
		lb.by[c] = l
	}
	return l
}

func (lb *liabilities) add(tx *vat.Transaction, t *vat.Treatment) {
	switch t.Scheme {
	case vat.Domestic:
		l := lb.get(t.Country)
		l.Domestic = addDomestic(l.Domestic, t)
	case vat.IntraCommunity:
		l := lb.get(t.Country)
		l.Supplies = addMovement(l.Supplies, Movement{Country: t.Acquisition, Currency: t.Currency, Value: t.Taxable})
		l.SalesList = addListed(l.SalesList, SalesListLine{tx.Buyer.VATNumber, ListGoods, t.Currency, t.Taxable})
	case vat.Transfer:
		from, to := lb.get(t.Country), lb.get(t.Acquisition)
		from.Supplies = addMovement(from.Supplies, Movement{t.Acquisition, true, t.Currency, t.Taxable})
		to.Acquisitions = addMovement(to.Acquisitions, Movement{t.Country, true, t.Currency, t.Taxable})
		from.SalesList = addListed(from.SalesList, SalesListLine{sellerNumber(lb.seller, t.Acquisition), ListTransfer, t.Currency, t.Taxable})
	case vat.ReverseCharge:
		l := lb.get(lb.seller.Established)
		l.SalesList = addListed(l.SalesList, SalesListLine{tx.Buyer.VATNumber, ListServices, t.Currency, t.Taxable})
	}
}

func addDomestic(ls []DomesticLine, t *vat.Treatment) []DomesticLine {
	for i := range ls {
		if ls[i].RateType == t.RateKind && ls[i].Rate.Equal(t.Rate) && ls[i].Currency == t.Currency {
			ls[i].Taxable, ls[i].VAT = ls[i].Taxable.Add(t.Taxable), ls[i].VAT.Add(t.VAT)
			return ls
		}
	}
	return append(ls, DomesticLine{t.RateKind, t.Rate, t.Currency, t.Taxable, t.VAT})
}

func addMovement(ms []Movement, m Movement) []Movement {
	for i := range ms {
		if ms[i].Country == m.Country && ms[i].Transfer == m.Transfer && ms[i].Currency == m.Currency {
			ms[i].Value = ms[i].Value.Add(m.Value)
			return ms
		}
	}
	return append(ms, m)
}

func addListed(ls []SalesListLine, l SalesListLine) []SalesListLine {
	for i := range ls {
		if ls[i].Number == l.Number && ls[i].Kind == l.Kind && ls[i].Currency == l.Currency {
			ls[i].Value = ls[i].Value.Add(l.Value)
			return ls
		}
	}
	return append(ls, l)
}

// finish orders the reports and their lines.
func (lb *liabilities) finish() []Liability {
	out := make([]Liability, 0, len(lb.by))
	for _, l := range lb.by {
		slices.SortFunc(l.Domestic, func(a, b DomesticLine) int {
			return cmp.Or(cmp.Compare(a.Currency, b.Currency), b.Rate.Cmp(a.Rate))
		})
		for _, ms := range [][]Movement{l.Supplies, l.Acquisitions} {
			slices.SortFunc(ms, func(a, b Movement) int {
				return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(a.Currency, b.Currency))
			})
		}
		slices.SortFunc(l.SalesList, func(a, b SalesListLine) int {
			return cmp.Or(cmp.Compare(a.Number.String(), b.Number.String()), cmp.Compare(a.Kind, b.Kind))
		})
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b Liability) int { return cmp.Compare(a.Country, b.Country) })
	return out
}
