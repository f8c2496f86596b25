package vat

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ErrPeriod is wrapped by ParsePeriod for text that is not a period.
var ErrPeriod = errors.New("vat: malformed period")

// Period is a return period: a calendar quarter (the Union and non-Union
// schemes) or a calendar month (the import scheme). The zero value is no
// period.
type Period struct {
	Year    int
	Quarter int // 1–4, or 0 for a month
	Month   time.Month
}

// QuarterOf returns the quarter that contains the calendar day of t.
func QuarterOf(t time.Time) Period {
	return Period{Year: t.Year(), Quarter: (int(t.Month())-1)/3 + 1}
}

// MonthOf returns the month that contains the calendar day of t.
func MonthOf(t time.Time) Period { return Period{Year: t.Year(), Month: t.Month()} }

// ParsePeriod reads "2026-Q3" (also "2026-q3", "2026Q3") or "2026-07".
func ParsePeriod(s string) (Period, error) {
	bad := fmt.Errorf("%w: want YYYY-Qn or YYYY-MM", ErrPeriod)
	if len(s) < 6 || len(s) > 7 {
		return Period{}, bad
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1958 || y > 9999 {
		return Period{}, bad
	}
	rest := s[4:]
	if rest[0] == '-' {
		rest = rest[1:]
	}
	if len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q') && '1' <= rest[1] && rest[1] <= '4' {
		return Period{Year: y, Quarter: int(rest[1] - '0')}, nil
	}
	if m, err := strconv.Atoi(rest); err == nil && len(rest) == 2 && m >= 1 && m <= 12 {
		return Period{Year: y, Month: time.Month(m)}, nil
	}
	return Period{}, bad
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.Year == 0 }

// String returns "2026-Q3" or "2026-07".
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	if p.Quarter > 0 {
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Quarter)
	}
	return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month))
}

// Start returns the first day of the period (UTC midnight).
func (p Period) Start() time.Time {
	if p.Quarter > 0 {
		return day(p.Year, time.Month(3*p.Quarter-2), 1)
	}
	return day(p.Year, p.Month, 1)
}

// End returns the last day of the period (UTC midnight).
func (p Period) End() time.Time { return p.Next().Start().AddDate(0, 0, -1) }

// Next returns the period after p, of the same length.
func (p Period) Next() Period {
	if p.Quarter > 0 {
		if p.Quarter == 4 {
			return Period{Year: p.Year + 1, Quarter: 1}
		}
		return Period{Year: p.Year, Quarter: p.Quarter + 1}
	}
	if p.Month == time.December {
		return Period{Year: p.Year + 1, Month: time.January}
	}
	return Period{Year: p.Year, Month: p.Month + 1}
}

// Contains reports whether the calendar day of t lies in p.
func (p Period) Contains(t time.Time) bool {
	d := dateOf(t)
	return !d.Before(p.Start()) && !d.After(p.End())
}

// Due returns the day a return for p is due: the last day of the month after
// the period (VAT Directive Arts 369f, 369i and 369s).
func (p Period) Due() time.Time {
	e := p.End()
	return day(e.Year(), e.Month()+2, 1).AddDate(0, 0, -1)
}

// Before reports whether p starts before q.
func (p Period) Before(q Period) bool { return p.Start().Before(q.Start()) }

// MarshalText returns String.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText parses with ParsePeriod.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
