package vat

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestECBPublishes(t *testing.T) {
	// Closing days from the ECB's TARGET calendar (press release 2000-12-14);
	// Easter Sundays 2024-03-31 and 2025-04-20 as in any church calendar.
	tests := []struct {
		on   time.Time
		want bool
	}{
		{day(2024, 3, 28), true},   // Maundy Thursday
		{day(2024, 3, 29), false},  // Good Friday
		{day(2024, 3, 30), false},  // Saturday
		{day(2024, 3, 31), false},  // Sunday
		{day(2024, 4, 1), false},   // Easter Monday
		{day(2024, 4, 2), true},    // Tuesday
		{day(2025, 4, 18), false},  // Good Friday 2025
		{day(2025, 4, 21), false},  // Easter Monday 2025
		{day(2025, 4, 22), true},   // Tuesday after
		{day(2024, 5, 1), false},   // Labour Day (a Wednesday)
		{day(2024, 12, 24), true},  // Christmas Eve is a working day
		{day(2024, 12, 25), false}, // Christmas Day
		{day(2024, 12, 26), false}, // 26 December
		{day(2024, 12, 31), true},  // New Year's Eve is a working day
		{day(2025, 1, 1), false},   // New Year's Day
		{day(2021, 12, 27), true},  // Monday after a Christmas on the weekend: no substitute holiday
	}
	for _, tt := range tests {
		if got := ECBPublishes(tt.on); got != tt.want {
			t.Errorf("ECBPublishes(%s %s) = %v, want %v", tt.on.Format(time.DateOnly), tt.on.Weekday(), got, tt.want)
		}
	}
}

func TestEasterSunday(t *testing.T) {
	// Gregorian Easter Sundays (any published table, e.g. the US Naval Observatory's).
	want := map[int]time.Time{
		2000: day(2000, 4, 23), 2008: day(2008, 3, 23), 2019: day(2019, 4, 21), 2021: day(2021, 4, 4),
		2022: day(2022, 4, 17), 2023: day(2023, 4, 9), 2024: day(2024, 3, 31), 2025: day(2025, 4, 20),
		2026: day(2026, 4, 5), 2038: day(2038, 4, 25),
	}
	for y, w := range want {
		if got := easterSunday(y); !got.Equal(w) {
			t.Errorf("easterSunday(%d) = %s, want %s", y, got.Format(time.DateOnly), w.Format(time.DateOnly))
		}
	}
}

// TestOSSRateDate: Art 369h(2) of Directive 2006/112/EC takes the ECB rate of
// the period's last day, or of the next day the ECB publishes; the vectors
// follow the TARGET closing days the ECB publishes no rates on (weekends,
// 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December).
func TestOSSRateDate(t *testing.T) {
	tests := []struct {
		period    string
		end, want time.Time
	}{
		{"2022-Q4 ends Saturday", day(2022, 12, 31), day(2023, 1, 2)},
		{"2023-Q3 ends Saturday", day(2023, 9, 30), day(2023, 10, 2)},
		{"2023-Q4 ends Sunday, then 1 January", day(2023, 12, 31), day(2024, 1, 2)},
		{"2024-Q1 ends Sunday, then Easter Monday", day(2024, 3, 31), day(2024, 4, 2)},
		{"2024-Q2 ends Sunday", day(2024, 6, 30), day(2024, 7, 1)},
		{"2024-Q3 ends Monday", day(2024, 9, 30), day(2024, 9, 30)},
		{"2024-Q4 ends Tuesday", day(2024, 12, 31), day(2024, 12, 31)},
		{"2025-Q1 ends Monday", day(2025, 3, 31), day(2025, 3, 31)},
		{"2025-Q2 ends Monday", day(2025, 6, 30), day(2025, 6, 30)},
		{"2026-Q3 ends Wednesday", day(2026, 9, 30), day(2026, 9, 30)},
		{"2026-Q4 ends Thursday", day(2026, 12, 31), day(2026, 12, 31)},
		{"IOSS 2024-08 ends Saturday", day(2024, 8, 31), day(2024, 9, 2)},
		{"late evening in Berlin stays on its day", time.Date(2024, 6, 30, 23, 30, 0, 0, time.FixedZone("CEST", 2*3600)), day(2024, 7, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			got, ok := OSSRateDate(tt.end, nil)
			if !ok || !got.Equal(tt.want) {
				t.Errorf("OSSRateDate(%s) = %s, %v; want %s", tt.end.Format(time.DateOnly), got.Format(time.DateOnly), ok, tt.want.Format(time.DateOnly))
			}
		})
	}
	if _, ok := OSSRateDate(day(2024, 1, 1), func(time.Time) bool { return false }); ok {
		t.Error("OSSRateDate with no publication at all reported a date")
	}
}

func TestOSSRateFromFixtures(t *testing.T) {
	easter := fxFixture(t, "eurofxref-hist-easter-2024.xml")
	june := fxFixture(t, "eurofxref-daily-2024-06-28.xml")
	ctx := context.Background()

	// 2024-Q1: the rate of Tuesday 2 April (ECB: USD 1.0749), not Thursday's 1.0811.
	rate, pub, err := OSSRate(ctx, easter, "USD", day(2024, 3, 31))
	if err != nil || !rate.Equal(mustDec("1.0749")) || !pub.Equal(day(2024, 4, 2)) {
		t.Errorf("OSSRate(USD, 2024-Q1) = %s, %v, %v; want 1.0749 of 2024-04-02", rate, pub, err)
	}
	if d, ok := OSSRateDate(day(2024, 3, 31), easter.Published); !ok || !d.Equal(day(2024, 4, 2)) {
		t.Errorf("OSSRateDate from the data = %v, %v; want 2024-04-02", d, ok)
	}

	// 2024-Q2: the table ends on Friday 28 June; using that rate would be the
	// mistake Art 369h(2) rules out, so there is no rate yet.
	if rate, pub, err := OSSRate(ctx, june, "USD", day(2024, 6, 30)); !errors.Is(err, ErrNoFXRate) {
		t.Errorf("OSSRate(USD, 2024-Q2) with data up to 06-28 = %s, %v, %v; want ErrNoFXRate", rate, pub, err)
	}

	// EUR needs no rate.
	if rate, pub, err := OSSRate(ctx, june, "EUR", day(2024, 6, 30)); err != nil || !rate.Equal(decimal.NewFromInt(1)) || !pub.Equal(day(2024, 6, 30)) {
		t.Errorf("OSSRate(EUR) = %s, %v, %v", rate, pub, err)
	}
}

// badFX answers with whatever it is told, to check that OSSRate polices it.
type badFX struct {
	rate decimal.Decimal
	pub  time.Time
}

func (b badFX) Rate(context.Context, string, time.Time) (decimal.Decimal, time.Time, error) {
	return b.rate, b.pub, nil
}

func TestOSSRateRefusesWrongAnswers(t *testing.T) {
	tests := []struct {
		name   string
		fx     FX
		reason string
	}{
		{"previous business day", badFX{mustDec("1.0705"), day(2024, 6, 28)}, "does not allow"},
		{"far later", badFX{mustDec("1.07"), day(2024, 7, 8)}, "does not allow"},
		{"zero rate", badFX{decimal.Decimal{}, day(2024, 7, 1)}, "not positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := OSSRate(context.Background(), tt.fx, "USD", day(2024, 6, 30))
			if !errors.Is(err, ErrNoFXRate) || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("OSSRate = %v; want ErrNoFXRate (%s)", err, tt.reason)
			}
		})
	}
	if rate, _, err := OSSRate(context.Background(), badFX{mustDec("1.0745"), day(2024, 7, 7)}, "USD", day(2024, 6, 30)); err != nil || !rate.Equal(mustDec("1.0745")) {
		t.Errorf("a rate FXMaxGap days later is allowed: %v", err)
	}
}

func TestToEUR(t *testing.T) {
	tests := []struct {
		name         string
		amount, rate string
		rule         RoundingRule
		want         string
	}{
		// E5, our own figures: USD 1084.50 at 1.0705 (ECB, 2024-06-28) = 1013.0780…
		{"E5 USD", "1084.50", "1.0705", RoundingRule{}, "1013.08"},
		{"2024-Q1 USD at the 2 April rate", "1000.00", "1.0749", RoundingRule{}, "930.32"},
		{"JPY", "10000", "171.94", RoundingRule{}, "58.16"},
		{"refund stays negative", "-1084.50", "1.0705", RoundingRule{}, "-1013.08"},
		{"exact half rounds up", "0.005", "1", RoundingRule{}, "0.01"},
		{"exact half, half-even", "0.025", "1", RoundingRule{Mode: HalfEven}, "0.02"},
		{"whole units", "1084.50", "1.0705", RoundingRule{Unit: decimal.NewFromInt(1)}, "1013"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToEUR(mustDec(tt.amount), mustDec(tt.rate), tt.rule)
			if err != nil || !got.Equal(mustDec(tt.want)) {
				t.Errorf("ToEUR(%s, %s) = %s, %v; want %s", tt.amount, tt.rate, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"0", "-1.07"} {
		if _, err := ToEUR(mustDec("10"), mustDec(bad), RoundingRule{}); err == nil {
			t.Errorf("ToEUR at rate %s: no error", bad)
		}
	}
}
