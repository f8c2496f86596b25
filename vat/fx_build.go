package vat

import (
	"errors"
	"fmt"
	"slices"
)

// fxBuilder collects quotes for an FXTable and checks them.
type fxBuilder struct {
	days   map[int32]struct{}
	series map[string][]fxPoint
}

func newFXBuilder() *fxBuilder {
	return &fxBuilder{days: make(map[int32]struct{}), series: make(map[string][]fxPoint)}
}

func (b *fxBuilder) addQuote(q FXQuote) error {
	if !isCurrencyCode(q.Currency) {
		return fmt.Errorf("currency %q is not three upper-case letters other than EUR", q.Currency)
	}
	if !q.Rate.IsPositive() {
		return errors.New("rate is not positive")
	}
	c := q.Rate.Coefficient()
	if !c.IsInt64() || q.Rate.Exponent() < -18 || q.Rate.Exponent() > 18 {
		return errors.New("rate has more than 18 significant digits")
	}
	b.add(q.Currency, dayNumber(q.Published), c.Int64(), q.Rate.Exponent())
	return nil
}

// add records one rate; the caller has checked the currency and the rate.
func (b *fxBuilder) add(currency string, day int32, mant int64, exp int32) {
	b.days[day] = struct{}{}
	b.series[currency] = append(b.series[currency], fxPoint{day: day, exp: exp, mant: mant})
}

// finish sorts everything by day and refuses a currency with two rates on
// one day: which one is right cannot be told, and dropping one would be silent.
func (b *fxBuilder) finish() (*FXTable, error) {
	t := &FXTable{days: make([]int32, 0, len(b.days)), series: b.series}
	for d := range b.days {
		t.days = append(t.days, d)
	}
	slices.Sort(t.days)
	for c, pts := range t.series {
		slices.SortFunc(pts, func(a, b fxPoint) int { return int(a.day - b.day) })
		for i := 1; i < len(pts); i++ {
			if pts[i].day == pts[i-1].day {
				return nil, fmt.Errorf("two rates for %s on %s", c, dayString(pts[i].day))
			}
		}
	}
	return t, nil
}

// isCurrencyCode accepts three ASCII upper-case letters, except EUR: the
// euro has no rate against itself.
func isCurrencyCode(s string) bool {
	if len(s) != 3 || s == "EUR" {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
