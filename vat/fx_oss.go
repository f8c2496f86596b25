package vat

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// ECBPublishes reports whether the ECB publishes euro reference rates on the
// calendar date of on: every day except Saturdays, Sundays and the TARGET
// closing days, which since 2002 are 1 January, Good Friday, Easter Monday,
// 1 May, 25 and 26 December (ECB press release of 14 December 2000, "Long-term
// calendar for TARGET closing days"; the reference-rate page says rates are
// published "every working day, except on TARGET closing days"). Dates before
// 2002 follow the same rule, which may not match what the ECB did then.
func ECBPublishes(on time.Time) bool {
	y, m, d := on.Date()
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch date.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	switch {
	case m == time.January && d == 1, m == time.May && d == 1,
		m == time.December && (d == 25 || d == 26):
		return false
	}
	easter := easterSunday(y)
	return !date.Equal(easter.AddDate(0, 0, -2)) && !date.Equal(easter.AddDate(0, 0, 1))
}

// easterSunday returns the date of Easter Sunday in the Gregorian calendar by
// the anonymous Gregorian computus (Meeus, Astronomical Algorithms, ch. 8).
func easterSunday(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return time.Date(y, time.Month(n/31), n%31+1, 0, 0, 0, 0, time.UTC)
}

// OSSRateDate returns the date whose ECB rate converts the amounts of an OSS
// or IOSS return whose period ends on periodEnd (the last day of the quarter
// or month): periodEnd itself when rates are published that day, otherwise
// the next day with a publication (Arts 366, 369h(2) and 369u of Directive
// 2006/112/EC). So Q2 2024 (Sunday 30 June) takes Monday 1 July, and Q1 2024
// (Sunday 31 March, then Easter Monday) takes Tuesday 2 April.
//
// published says whether rates were published on a day; nil means
// [ECBPublishes]. Pass (*FXTable).Published to follow the data instead of the
// calendar. It returns false when no day within [FXMaxGap] days qualifies.
func OSSRateDate(periodEnd time.Time, published func(time.Time) bool) (time.Time, bool) {
	if published == nil {
		published = ECBPublishes
	}
	y, m, d := periodEnd.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for i := 0; i <= FXMaxGap; i++ {
		if day := start.AddDate(0, 0, i); published(day) {
			return day, true
		}
	}
	return time.Time{}, false
}

// OSSRate returns the rate to convert amounts in currency for a return period
// ending on periodEnd, and the publication date used (see [OSSRateDate] for
// the rule). For "EUR" it returns 1 and periodEnd's date without asking fx.
//
// It checks what fx answers: a rate published before periodEnd or more than
// [FXMaxGap] days after it, or a rate that is not positive, is refused with an
// [*FXRateError], so that a faulty source cannot slip in the wrong day's rate.
func OSSRate(ctx context.Context, fx FX, currency string, periodEnd time.Time) (decimal.Decimal, time.Time, error) {
	y, m, d := periodEnd.Date()
	end := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if currency == "EUR" {
		return decimal.New(1, 0), end, nil
	}
	rate, pub, err := fx.Rate(ctx, currency, end)
	if err != nil {
		return decimal.Decimal{}, time.Time{}, err
	}
	py, pm, pd := pub.Date()
	pub = time.Date(py, pm, pd, 0, 0, 0, 0, time.UTC)
	if pub.Before(end) || pub.After(end.AddDate(0, 0, FXMaxGap)) {
		return decimal.Decimal{}, time.Time{}, &FXRateError{currency, end,
			"the source answered with the rate of " + pub.Format(time.DateOnly) + ", which the OSS rule does not allow"}
	}
	if !rate.IsPositive() {
		return decimal.Decimal{}, time.Time{}, &FXRateError{currency, end, "the source answered with a rate that is not positive"}
	}
	return rate, pub, nil
}

// ToEUR converts amount, in a currency quoted at rate units per 1 EUR, to
// euro: amount / rate, rounded once by rule (the zero RoundingRule: half up
// to the cent). The division is exact before rounding, so no amount is
// rounded twice.
func ToEUR(amount, rate decimal.Decimal, rule RoundingRule) (decimal.Decimal, error) {
	if !rate.IsPositive() {
		return decimal.Decimal{}, fmt.Errorf("vat: exchange rate %s is not positive", rate)
	}
	return rule.Quo(amount, rate)
}
