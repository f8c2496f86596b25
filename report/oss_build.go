package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// ErrNoFX is wrapped when an amount is in a currency other than EUR and no
// exchange rates were given.
var ErrNoFX = errors.New("report: amounts not in EUR and no exchange rates")

// ErrPeriod is wrapped when a return is asked for a period of the wrong
// length: the Union and non-Union returns are quarterly, the import
// scheme's monthly.
var ErrPeriod = errors.New("report: wrong period for this return")

// ErrBeforeScheme is wrapped when a return is asked for a period before
// 2021-07: the three schemes began on 1 July 2021 (vat.UnionSchemeStart),
// so no OSS return exists for an earlier period.
var ErrBeforeScheme = errors.New("report: the One-Stop-Shop began on 1 July 2021; there is no OSS return for an earlier quarter")

// OSS builds Union-scheme returns from a seller's history: every month up
// to the end of the quarter, classified in tax-point order, so that
// earlier months count towards the €10,000 threshold and refunds find
// their sales; then it keeps the quarter asked for. Give it the seller's
// whole history, not just the quarter: [OSS.BuildFrom] reads it from the
// seller's vault one month at a time, [OSS.Build] from memory.
type OSS struct {
	// Seller is the seller. Its OSS registration's member state is the
	// member state of identification; when that is unset, Established is.
	Seller vat.Seller
	// Rates is the rate table; nil means vat.DefaultRates().
	Rates *vat.RateTable
	// Rounding rounds amounts derived per transaction; the zero value
	// rounds half up to the cent.
	Rounding vat.Rounding
	// FX gives the ECB reference rates; nil means every amount must be in
	// EUR. Sums in another currency are converted once per line at the
	// rate of the period's last day (or the next publication), as
	// vat.OSSRate says (Art 369h(2)).
	FX vat.FX
	// InferWarehouses adds to Seller.Warehouses every other member state
	// the history's goods left from (what vat.DispatchCountries finds),
	// for hosts that keep no record of a seller's warehouses: any of them
	// makes the €10,000 threshold unavailable (Art 59c(1)(b)). When the
	// first such state appears after months already classified, the
	// build reads the history once more from its start.
	InferWarehouses bool
}

// Build returns the return for period from transactions held in memory.
// reviews is nil or parallel to txs: a non-empty reviews[i] (the reader's
// doubts about a row) lists txs[i] in NeedsReview when it falls in the
// period. Transactions after the period are not read. Build does not
// modify txs.
func (o *OSS) Build(ctx context.Context, period vat.Period, txs []vat.Transaction, reviews []string) (*OSSReturn, error) {
	return o.build(ctx, period, Transactions{Txs: txs, Reviews: reviews}, nil)
}

// BuildFrom returns the return for period from the seller's stored
// history, read one month at a time (see [History]). Records that cannot
// be read back are left out and named in NeedsReview; Unreadable counts
// them.
func (o *OSS) BuildFrom(ctx context.Context, period vat.Period, h *History) (*OSSReturn, error) {
	return o.build(ctx, period, h, h.Vault)
}

func (o *OSS) build(ctx context.Context, period vat.Period, src source, v Vault) (*OSSReturn, error) {
	if period.Quarter == 0 {
		return nil, fmt.Errorf("%w: the Union scheme return is quarterly; got %s", ErrPeriod, period)
	}
	return returnSpec{scheme: SchemeUnion, seller: o.Seller, rates: o.Rates, rounding: o.Rounding, fx: o.FX,
		infer: o.InferWarehouses}.build(ctx, period, src, v)
}

// returnSpec is what builds a return of one of the three schemes: the
// same stream of months, classifier and sums, keeping the supplies of
// the scheme.
type returnSpec struct {
	scheme   Scheme
	seller   vat.Seller
	rates    *vat.RateTable
	rounding vat.Rounding
	fx       vat.FX
	infer    bool
}

func (r returnSpec) build(ctx context.Context, period vat.Period, src source, v Vault) (*OSSReturn, error) {
	var a *aggregate
	bad, err := r.fold(ctx, period, src, func(f *folder, msid vat.Country) {
		a = newAggregate(period, &f.classifier.Seller, msid, r.scheme)
		f.add = a.add
	})
	if err != nil {
		return nil, err
	}
	return a.finish(ctx, r.fx, v, bad)
}

// fold classifies src up to the end of period for the seller and returns
// the records that could not be read. sink sets where the folder hands
// each transaction (its add), given the member state of identification;
// it is called again, for a fresh fold, whenever the fold must start
// again (the seller's warehouses grew).
func (r returnSpec) fold(ctx context.Context, period vat.Period, src source, sink func(f *folder, msid vat.Country)) ([]Unreadable, error) {
	if period.End().Before(vat.UnionSchemeStart()) {
		return nil, fmt.Errorf("%w (asked for %s)", ErrBeforeScheme, period)
	}
	msid := identifiedIn(&r.seller)
	if msid == "" {
		return nil, errors.New("report: the seller has no member state of identification")
	}
	seller := r.seller
	if seller.OSS.MemberState == "" {
		seller.OSS.MemberState = msid
	}
	seller.Warehouses = slices.Clone(seller.Warehouses)
	f := folder{infer: r.infer,
		classifier: vat.Classifier{Seller: seller, Rates: r.rates, Rounding: r.rounding, ToEUR: thresholdEUR(ctx, r.fx)}}
	for {
		sink(&f, msid)
		restart, err := f.fold(ctx, src, period)
		if err != nil || !restart {
			return f.unreadable, err
		}
	}
}

// identifiedIn is the seller's member state of identification: its OSS
// registration's, else its state of establishment.
func identifiedIn(s *vat.Seller) vat.Country {
	if s.OSS.MemberState != "" {
		return s.OSS.MemberState
	}
	return s.Established
}

// thresholdEUR converts amounts for the €10,000 threshold at the rate of
// the sale's day; without FX only EUR can be counted.
func thresholdEUR(ctx context.Context, fx vat.FX) func(decimal.Decimal, string, time.Time) (decimal.Decimal, error) {
	if fx == nil {
		return nil
	}
	return func(amount decimal.Decimal, currency string, on time.Time) (decimal.Decimal, error) {
		rate, _, err := fx.Rate(ctx, currency, on)
		if err != nil {
			return decimal.Decimal{}, err
		}
		return vat.ToEUR(amount, rate, vat.RoundingRule{})
	}
}

// sortLines orders lines by country, origin block (MSID first), supply
// type, rate type and rate, so that a return always reads the same.
func sortLines(lines []OSSLine, msid vat.Country) {
	slices.SortFunc(lines, func(a, b OSSLine) int {
		return cmp.Or(
			cmp.Compare(a.Country, b.Country),
			cmp.Compare(originOrder(a.DispatchedFrom, msid), originOrder(b.DispatchedFrom, msid)),
			cmp.Compare(a.Supply, b.Supply),
			cmp.Compare(a.RateTypeName(), b.RateTypeName())*-1, // standard before reduced
			b.Rate.Cmp(a.Rate),
		)
	})
}

// originOrder puts MSID's block first, then the others by country code.
func originOrder(from, msid vat.Country) string {
	if from == msid {
		return ""
	}
	return string(from)
}
