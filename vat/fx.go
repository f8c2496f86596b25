package vat

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// FX is a source of euro reference exchange rates, quoted as units of a
// currency per 1 EUR (the ECB's convention: USD 1.0705 means 1 EUR = 1.0705 USD).
// vatkit's own implementation is [FXTable], filled from the ECB's files by
// [ParseECB] or [ECBClient]; a host can plug in its own source.
//
// Contract for implementations:
//
//   - Rate returns the rate for currency (an ISO 4217 code in upper case, not
//     "EUR") published on the calendar date of on, or, when none was published
//     that day, on the first later day with a publication, and the date of the
//     publication it used. That is the rule of the OSS and IOSS (Arts 366,
//     369h(2), 369u of Directive 2006/112/EC: the rate of the last day of the
//     period or, failing that, of the next publication day). It never returns
//     a rate published before on, nor one published more than [FXMaxGap] days
//     after it.
//   - When no rate qualifies (unknown currency, not yet published, outside the
//     source's range) the error satisfies errors.Is(err, ErrNoFXRate); other
//     errors (network, context) are returned as they are.
//   - Rate is safe for concurrent use and honours ctx for any I/O.
type FX interface {
	Rate(ctx context.Context, currency string, on time.Time) (rate decimal.Decimal, published time.Time, err error)
}

// FXMaxGap is how many days an [FX] may look past the date asked for to find
// the next publication. The longest real gap is four days (Good Friday to the
// Tuesday after Easter); a week leaves room for a closure the TARGET calendar
// may add without accepting a stale or far-off rate.
const FXMaxGap = 7

// ErrNoFXRate is the sentinel for a currency with no reference rate on (or
// within [FXMaxGap] days after) a date; every [*FXRateError] unwraps to it.
var ErrNoFXRate = errors.New("vat: no exchange rate")

// FXRateError says which currency and date had no rate, and why.
type FXRateError struct {
	Currency string
	On       time.Time
	Reason   string
}

func (e *FXRateError) Error() string {
	return fmt.Sprintf("vat: no exchange rate for %q on %s: %s", e.Currency, e.On.Format(time.DateOnly), e.Reason)
}

// Unwrap returns ErrNoFXRate.
func (e *FXRateError) Unwrap() error { return ErrNoFXRate }

// FXQuote is one published reference rate.
type FXQuote struct {
	Currency  string          // ISO 4217, upper case
	Published time.Time       // the publication date (midnight UTC)
	Rate      decimal.Decimal // units of Currency per 1 EUR
}

// FXTable is an in-memory [FX]: a set of published reference rates, such as
// one ECB file. It is immutable once built and safe for concurrent use.
//
// The table assumes it holds every publication between its first and last
// days (true of every ECB file): a date inside that range with no
// publication takes the next one; a date before the first or after the last
// publication has no rate.
type FXTable struct {
	days   []int32 // publication days, ascending
	series map[string][]fxPoint
}

var _ FX = (*FXTable)(nil)

// fxPoint is one rate held compactly: mant × 10^exp, on a day number.
type fxPoint struct {
	day  int32
	exp  int32
	mant int64
}

func (p fxPoint) rate() decimal.Decimal { return decimal.New(p.mant, p.exp) }

// NewFXTable builds a table from quotes in any order. Each quote needs a
// currency of three upper-case letters other than EUR, a positive rate with
// at most 18 significant digits, and a date; a currency may appear once a day.
func NewFXTable(quotes []FXQuote) (*FXTable, error) {
	b := newFXBuilder()
	for i, q := range quotes {
		if err := b.addQuote(q); err != nil {
			return nil, fmt.Errorf("vat: quote %d: %w", i, err)
		}
	}
	t, err := b.finish()
	if err != nil {
		return nil, fmt.Errorf("vat: %w", err)
	}
	return t, nil
}

// Rate implements [FX]. It does no I/O and ignores ctx.
func (t *FXTable) Rate(_ context.Context, currency string, on time.Time) (decimal.Decimal, time.Time, error) {
	d := dayNumber(on)
	i, found := slices.BinarySearch(t.days, d)
	switch {
	case len(t.days) == 0:
		return decimal.Decimal{}, time.Time{}, &FXRateError{currency, on, "the table is empty"}
	case !found && i == 0:
		return decimal.Decimal{}, time.Time{}, &FXRateError{currency, on, "before the table's first publication, " + dayString(t.days[0])}
	case i == len(t.days):
		return decimal.Decimal{}, time.Time{}, &FXRateError{currency, on, "not published yet (the table ends " + dayString(t.days[len(t.days)-1]) + ")"}
	case t.days[i]-d > FXMaxGap:
		return decimal.Decimal{}, time.Time{}, &FXRateError{currency, on, fmt.Sprintf("no publication within %d days", FXMaxGap)}
	}
	pub := t.days[i]
	pts := t.series[currency]
	j, ok := slices.BinarySearchFunc(pts, pub, func(p fxPoint, d int32) int { return int(p.day - d) })
	if !ok {
		if len(pts) == 0 {
			return decimal.Decimal{}, time.Time{}, &FXRateError{currency, on, "currency not in the table"}
		}
		return decimal.Decimal{}, time.Time{}, &FXRateError{currency, on, "no rate in the publication of " + dayString(pub)}
	}
	return pts[j].rate(), dayTime(pub), nil
}

// Published reports whether the table holds a publication on the calendar
// date of on (for [OSSRateDate]).
func (t *FXTable) Published(on time.Time) bool {
	_, ok := slices.BinarySearch(t.days, dayNumber(on))
	return ok
}

// Range returns the first and last publication dates, or zero times for an
// empty table.
func (t *FXTable) Range() (first, last time.Time) {
	if len(t.days) == 0 {
		return time.Time{}, time.Time{}
	}
	return dayTime(t.days[0]), dayTime(t.days[len(t.days)-1])
}

// Currencies returns the currencies with at least one rate, sorted. The
// caller owns the slice.
func (t *FXTable) Currencies() []string {
	out := make([]string, 0, len(t.series))
	for c := range t.series {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Len returns the number of rates in the table.
func (t *FXTable) Len() int {
	n := 0
	for _, s := range t.series {
		n += len(s)
	}
	return n
}

func dayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }
func dayString(d int32) string  { return dayTime(d).Format(time.DateOnly) }
