package report

import (
	"cmp"
	"context"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// Reconciliation compares, for one period, the VAT a source stated (the
// VAT Amazon's VAT Transactions Report says it or the seller charged, a
// spreadsheet's VAT column) with the VAT vatkit finds due, so that a
// seller can see whether the marketplace's figures match its own and
// why not. It classifies the seller's history as [OSS] does, up to the
// end of the period (earlier months count towards the €10,000 threshold
// and link refunds to their sales), and compares every transaction of
// the period whose source states its VAT; rows that state none (a
// PayPal download) cannot be compared and are only counted.
//
// vatkit's VAT is what the seller owes on the row in any return (domestic,
// the three One-Stop-Shop schemes); a row it finds exempt, outside the
// scope, taxed at the border or accounted for by a marketplace as deemed
// supplier counts as zero.
type Reconciliation struct {
	Seller   vat.Seller
	Rates    *vat.RateTable
	Rounding vat.Rounding
	// FX converts the sums of each line to EUR at the ECB rate of the
	// period's last day, as a return does; nil means every amount must be
	// in EUR.
	FX vat.FX
	// InferWarehouses is as in OSS.
	InferWarehouses bool
}

// Reconciled is the comparison of a period: per country and rate, and
// every transaction whose two figures differ by more than a cent, with
// the reason in words. In the JSON of [WriteReconciliationJSON]:
//
//	Period      → period
//	Lines       → lines
//	Differences → differences
//	Unstated    → unstated
//	NeedsReview → needs_review
type Reconciled struct {
	Period vat.Period
	Lines  []ReconciledLine
	// Differences lists the transactions whose source VAT and vatkit VAT
	// differ by more than a cent, by source and line.
	Differences []Difference
	// Unstated counts the transactions of the period whose source states
	// no VAT: they are in no line.
	Unstated int
	// NeedsReview names the stored records that could not be read back
	// (Unreadable counts them) and the rows without a date, which belong
	// to no period; none of them is in a line.
	NeedsReview []Review
	Unreadable  int
	// Rates lists the exchange rates used.
	Rates []FXRate
}

// ReconciledLine sums the VAT of one country and rate, in EUR: the
// source's under the country and rate the source taxed at, vatkit's under
// its own. In the JSON:
//
//	Country    → country
//	Rate       → rate
//	SourceVAT  → source_vat
//	VATkitVAT  → vatkit_vat
//	Difference → difference
type ReconciledLine struct {
	Country              vat.Country
	Rate                 decimal.Decimal
	SourceVAT, VATkitVAT decimal.Decimal
	// Difference is SourceVAT − VATkitVAT.
	Difference decimal.Decimal
}

// Difference is one transaction whose source VAT and vatkit VAT differ by
// more than a cent, in the transaction's currency. It names the row, never
// its contents. In the JSON:
//
//	Source    → source
//	Line      → line
//	Currency  → currency
//	SourceVAT → source_vat
//	VATkitVAT → vatkit_vat
//	Reason    → reason
type Difference struct {
	Source               string
	Line                 int
	Currency             string
	SourceVAT, VATkitVAT decimal.Decimal
	Reason               string
}

// Build compares the period from transactions held in memory (the
// seller's whole history, as for [OSS.Build]).
func (rc *Reconciliation) Build(ctx context.Context, period vat.Period, txs []vat.Transaction) (*Reconciled, error) {
	return rc.build(ctx, period, Transactions{Txs: txs}, nil)
}

// BuildFrom compares the period from the seller's stored history, read
// one month at a time (see [History]).
func (rc *Reconciliation) BuildFrom(ctx context.Context, period vat.Period, h *History) (*Reconciled, error) {
	return rc.build(ctx, period, h, h.Vault)
}

func (rc *Reconciliation) build(ctx context.Context, period vat.Period, src source, v Vault) (*Reconciled, error) {
	spec := returnSpec{seller: rc.Seller, rates: rc.Rates, rounding: rc.Rounding, fx: rc.FX, infer: rc.InferWarehouses}
	var c *comparison
	bad, err := spec.fold(ctx, period, src, func(f *folder, _ vat.Country) {
		c = &comparison{period: period, seller: &f.classifier.Seller, rates: rc.Rates, lines: make(map[reconKey]*reconSums)}
		f.add = c.add
	})
	if err != nil {
		return nil, err
	}
	return c.finish(ctx, rc.FX, v, bad)
}

type reconKey struct {
	country  vat.Country
	rate     string
	currency string
}

type reconSums struct {
	rate           decimal.Decimal
	source, vatkit decimal.Decimal
}

// comparison collects a period's sums and differences.
type comparison struct {
	period      vat.Period
	seller      *vat.Seller
	rates       *vat.RateTable
	lines       map[reconKey]*reconSums
	differences []Difference
	unstated    int
	undated     reviews // rows without a date: of no period, so named in every one
}

func (c *comparison) add(tx *vat.Transaction, t *vat.Treatment, _ string) {
	if tx.TaxPoint.IsZero() {
		c.undated.row(tx, t.Reason)
		return
	}
	if !c.period.Contains(tx.TaxPoint) {
		return
	}
	stated, ok := sourceVAT(tx)
	if !ok {
		c.unstated++
		return
	}
	place := c.sourcePlace(tx, t)
	src := c.sum(place.country, place.rate, tx.Currency)
	src.source = src.source.Add(stated)
	owed := decimal.Zero
	if t.Scheme.Charged() {
		owed = t.VAT
		s := c.sum(t.Country, t.Rate, t.Currency)
		s.vatkit = s.vatkit.Add(owed)
	}
	if stated.Sub(owed).Abs().GreaterThan(cent) {
		c.differences = append(c.differences, Difference{Source: tx.Source, Line: tx.Line, Currency: tx.Currency,
			SourceVAT: stated, VATkitVAT: owed, Reason: c.reason(tx, t, place, stated, owed)})
	}
}

func (c *comparison) sum(country vat.Country, rate decimal.Decimal, currency string) *reconSums {
	k := reconKey{country, rate.String(), currency}
	s := c.lines[k]
	if s == nil {
		s = &reconSums{rate: rate}
		c.lines[k] = s
	}
	return s
}

var cent = decimal.New(1, -2)

// sourceVAT is the VAT the source stated for tx, negative for a refund or
// return, and whether it stated any.
func sourceVAT(tx *vat.Transaction) (decimal.Decimal, bool) {
	var v decimal.Decimal
	switch {
	case tx.Given.Has(vat.FieldVAT):
		v = tx.VAT
	case tx.Given.Has(vat.FieldGross | vat.FieldNet):
		v = tx.Gross.Sub(tx.Net)
	default:
		return decimal.Decimal{}, false
	}
	if tx.Kind == vat.KindRefund || tx.Kind == vat.KindReturn {
		v = v.Abs().Neg()
	}
	return v, true
}

// finish converts the sums to EUR and orders the lines and differences;
// bad are the records of v that could not be read.
func (c *comparison) finish(ctx context.Context, fx vat.FX, v Vault, bad []Unreadable) (*Reconciled, error) {
	out := &Reconciled{Period: c.period, Unstated: c.unstated,
		NeedsReview: c.undated.list(c.seller, unreadableReviews(ctx, v, bad)), Unreadable: len(bad)}
	conv := converter{fx: fx, rates: make(map[rateKey]FXRate)}
	merged := make(map[reconKey]*ReconciledLine)
	for k, s := range c.lines {
		source, vatkit, err := conv.pair(ctx, k.currency, c.period, s.source, s.vatkit)
		if err != nil {
			return nil, err
		}
		k.currency = ""
		l := merged[k]
		if l == nil {
			l = &ReconciledLine{Country: k.country, Rate: s.rate}
			merged[k] = l
		}
		l.SourceVAT, l.VATkitVAT = l.SourceVAT.Add(source), l.VATkitVAT.Add(vatkit)
	}
	for _, l := range merged {
		l.Difference = l.SourceVAT.Sub(l.VATkitVAT)
		out.Lines = append(out.Lines, *l)
	}
	slices.SortFunc(out.Lines, func(a, b ReconciledLine) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), b.Rate.Cmp(a.Rate))
	})
	c.sortDifferences()
	out.Differences = c.differences
	out.Rates = conv.used()
	return out, nil
}

func (c *comparison) sortDifferences() {
	slices.SortStableFunc(c.differences, func(a, b Difference) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line))
	})
}
