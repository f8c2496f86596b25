package report

import (
	"cmp"
	"context"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// lineKey groups OSS-treated transactions in their own currency (vat-rules
// §5: sum per country, origin block, supply type and rate, convert each sum
// once).
type lineKey struct {
	country  vat.Country
	supply   SupplyType
	kind     vat.RateKind
	rate     string
	from     vat.Country
	currency string
}

type corrKey struct {
	country  vat.Country
	period   vat.Period
	currency string
}

type sums struct {
	rate         decimal.Decimal
	taxable, vat decimal.Decimal
}

// aggregate collects one period's lines, corrections and reviews, and the
// seller's VAT numbers the files report.
type aggregate struct {
	scheme  Scheme
	period  vat.Period
	seller  *vat.Seller
	msid    vat.Country
	lines   map[lineKey]*sums
	corr    map[corrKey]decimal.Decimal
	reviews reviews
	numbers numbers
}

func newAggregate(period vat.Period, s *vat.Seller, msid vat.Country, scheme Scheme) *aggregate {
	return &aggregate{scheme: scheme, period: period, seller: s, msid: msid,
		lines: make(map[lineKey]*sums), corr: make(map[corrKey]decimal.Decimal)}
}

// add counts one classified transaction when its tax point is in the
// period. A refund whose sale was in an earlier period is a correction of
// that period; within the period it reduces the sale's line. The seller's
// VAT number a row reports is noted whatever its period.
func (a *aggregate) add(tx *vat.Transaction, t *vat.Treatment, review string) {
	a.numbers.see(tx, a.seller)
	if !tx.TaxPoint.IsZero() && !a.period.Contains(tx.TaxPoint) {
		return
	}
	a.reviews.row(tx, review)
	if a.scheme == SchemeUnion {
		a.reviews.note(t)
	}
	switch {
	case t.Scheme == vat.NeedsReview:
		a.reviews.row(tx, t.Reason)
	case t.Scheme != a.scheme.treatment():
		a.reviews.row(tx, a.scheme.outside(t, a.seller))
	case t.Has(vat.FlagCorrection):
		a.correction(tx, t)
	default:
		a.line(t)
		if t.Has(vat.FlagVATDiffers) {
			a.reviews.row(tx, reasonVATDiffers)
		}
	}
}

func (a *aggregate) line(t *vat.Treatment) {
	from := t.DispatchedFrom
	switch {
	case a.scheme != SchemeUnion:
		from = "" // one block: the import and non-Union returns have no origins
	case t.Supply != vat.SupplyGoods || from == "":
		from = a.msid // services are supplied from the MSID's block
	}
	k := lineKey{t.Country, supplyType(t.Supply), t.RateKind, t.Rate.String(), from, t.Currency}
	s := a.lines[k]
	if s == nil {
		s = &sums{rate: t.Rate}
		a.lines[k] = s
	}
	s.taxable = s.taxable.Add(t.Taxable)
	s.vat = s.vat.Add(t.VAT)
}

// correctionYears is how long an earlier return can be corrected: three
// years from its due date (Reg 282/2011 Art 61(1), vat-rules §2.9).
const correctionYears = 3

func (a *aggregate) correction(tx *vat.Transaction, t *vat.Treatment) {
	if a.period.End().After(t.Period.Due().AddDate(correctionYears, 0, 0)) {
		a.reviews.row(tx, lateCorrectionReason(t.Period, t.Country))
		return
	}
	k := corrKey{t.Country, t.Period, t.Currency}
	a.corr[k] = a.corr[k].Add(t.VAT)
}

// finish converts the sums to EUR and builds the return; bad are the
// records of v that could not be read, which the review list names.
func (a *aggregate) finish(ctx context.Context, fx vat.FX, v Vault, bad []Unreadable) (*OSSReturn, error) {
	r := &OSSReturn{Scheme: a.scheme, MSID: a.msid, Period: a.period, Due: a.period.Due()}
	switch a.scheme {
	case SchemeUnion:
		r.Number = a.number(a.msid)
	case SchemeImport:
		r.IOSSNumber = a.seller.IOSS
	case SchemeNonUnion:
		r.NonUnionNumber = a.seller.NonUnion
	}
	conv := converter{fx: fx, rates: make(map[rateKey]FXRate)}
	merged := make(map[lineKey]*OSSLine)
	for k, s := range a.lines {
		taxable, vatEUR, err := conv.pair(ctx, k.currency, a.period, s.taxable, s.vat)
		if err != nil {
			return nil, err
		}
		k.currency = ""
		l := merged[k]
		if l == nil {
			l = &OSSLine{Country: k.country, Supply: k.supply, RateType: k.kind, Rate: s.rate, DispatchedFrom: k.from}
			merged[k] = l
		}
		l.Taxable, l.VAT = l.Taxable.Add(taxable), l.VAT.Add(vatEUR)
	}
	for _, l := range merged {
		if l.Taxable.IsZero() && l.VAT.IsZero() {
			continue // a sale refunded within the quarter
		}
		if a.scheme == SchemeUnion && l.DispatchedFrom != a.msid {
			l.OriginNumber = a.number(l.DispatchedFrom)
		}
		r.Lines = append(r.Lines, *l)
		r.Total = r.Total.Add(l.VAT)
	}
	sortLines(r.Lines, a.msid)
	if err := a.corrections(ctx, r, &conv); err != nil {
		return nil, err
	}
	var general []Review
	if a.scheme == SchemeUnion {
		general = a.numberReviews(r.Lines)
	}
	r.NeedsReview = a.reviews.list(a.seller, append(general, unreadableReviews(ctx, v, bad)...))
	r.Unreadable = len(bad)
	r.Rates = conv.used()
	r.FoundNumbers = a.numbers.list()
	return r, nil
}

func (a *aggregate) corrections(ctx context.Context, r *OSSReturn, conv *converter) error {
	merged := make(map[corrKey]decimal.Decimal)
	for k, v := range a.corr {
		// Converted at the rate of the corrected period, as its return was.
		_, eur, err := conv.pair(ctx, k.currency, k.period, decimal.Zero, v)
		if err != nil {
			return err
		}
		k.currency = ""
		merged[k] = merged[k].Add(eur)
	}
	for k, v := range merged {
		if v.IsZero() {
			continue
		}
		r.Corrections = append(r.Corrections, Correction{Country: k.country, Period: k.period, VAT: v})
		r.Total = r.Total.Add(v)
	}
	slices.SortFunc(r.Corrections, func(x, y Correction) int {
		return cmp.Or(cmp.Compare(x.Country, y.Country), x.Period.Start().Compare(y.Period.Start()))
	})
	return nil
}
