package vat

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestRoundingRule(t *testing.T) {
	one, nickel := decimal.NewFromInt(1), mustDec("0.05")
	tests := []struct {
		name string
		rule RoundingRule
		in   string
		want string
	}{
		// E7, our own figures: half-up vs half-even differ only on halves.
		{"E7 half up", RoundingRule{}, "2.625", "2.63"},
		{"E7 half even", RoundingRule{Mode: HalfEven}, "2.625", "2.62"},
		{"half even rounds odd up", RoundingRule{Mode: HalfEven}, "2.635", "2.64"},
		{"half even above half", RoundingRule{Mode: HalfEven}, "2.6251", "2.63"},
		{"0.25 x 10% half up", RoundingRule{}, "0.025", "0.03"},
		{"0.25 x 10% half even", RoundingRule{Mode: HalfEven}, "0.025", "0.02"},
		{"below half", RoundingRule{}, "2.624999", "2.62"},
		{"negative half up is away from zero", RoundingRule{}, "-2.625", "-2.63"},
		{"negative half even", RoundingRule{Mode: HalfEven}, "-2.625", "-2.62"},
		{"negative small", RoundingRule{}, "-0.004", "0"},
		{"toward zero", RoundingRule{Mode: TowardZero}, "2.629", "2.62"},
		{"toward zero negative", RoundingRule{Mode: TowardZero}, "-2.629", "-2.62"},
		{"away from zero", RoundingRule{Mode: AwayFromZero}, "2.621", "2.63"},
		{"away from zero negative", RoundingRule{Mode: AwayFromZero}, "-0.001", "-0.01"},
		{"already exact", RoundingRule{Mode: AwayFromZero}, "2.62", "2.62"},
		{"whole units", RoundingRule{Unit: one}, "1234.5", "1235"},
		{"five cents", RoundingRule{Unit: nickel}, "1.024", "1.00"},
		{"five cents half", RoundingRule{Unit: nickel}, "1.025", "1.05"},
		{"negative unit is its absolute value", RoundingRule{Unit: mustDec("-0.01")}, "2.625", "2.63"},
		{"zero", RoundingRule{}, "0", "0"},
		{"large", RoundingRule{}, "123456789012345678901234.565", "123456789012345678901234.57"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rule.Round(mustDec(tt.in)); !got.Equal(mustDec(tt.want)) {
				t.Errorf("Round(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestRoundingQuoIsExact: a quotient just below a half must not be rounded
// to 16 digits first (which would make it a half) and then up.
func TestRoundingQuoIsExact(t *testing.T) {
	a := mustDec("1.00499999999999999999999")
	if got, _ := (RoundingRule{}).Quo(a, decimal.NewFromInt(1)); !got.Equal(mustDec("1.00")) {
		t.Errorf("Quo(%s, 1) = %s, want 1.00", a, got)
	}
	// 2 / 3 = 0.666…; 1 / 8 = 0.125 exactly (a half at the cent).
	if got, _ := (RoundingRule{}).Quo(mustDec("2"), mustDec("3")); !got.Equal(mustDec("0.67")) {
		t.Errorf("Quo(2, 3) = %s", got)
	}
	if got, _ := (RoundingRule{Mode: HalfEven}).Quo(mustDec("1"), mustDec("8")); !got.Equal(mustDec("0.12")) {
		t.Errorf("half-even Quo(1, 8) = %s", got)
	}
	if _, err := (RoundingRule{}).Quo(mustDec("1"), decimal.Zero); err == nil {
		t.Error("Quo by zero: no error")
	}
}

func TestRoundingPerCountry(t *testing.T) {
	r := Rounding{PerCountry: map[Country]RoundingRule{HU: {Unit: decimal.NewFromInt(1)}, DE: {Mode: HalfEven}}}
	tests := []struct {
		c        Country
		in, want string
	}{
		{HU, "1234.50", "1235"},
		{DE, "2.625", "2.62"},
		{FR, "2.625", "2.63"}, // Default: half up to the cent
	}
	for _, tt := range tests {
		if got := r.Round(tt.c, mustDec(tt.in)); !got.Equal(mustDec(tt.want)) {
			t.Errorf("Round(%s, %s) = %s, want %s", tt.c, tt.in, got, tt.want)
		}
	}
	var zero Rounding
	if got := zero.Round(DE, mustDec("2.625")); !got.Equal(mustDec("2.63")) {
		t.Errorf("zero Rounding: %s, want 2.63", got)
	}
}

// TestRoundingPerLineVersusTotal: E7, our own figures: three lines of 0.99 at
// 19 %.
func TestRoundingPerLineVersusTotal(t *testing.T) {
	var r Rounding
	line := mustDec("0.99").Mul(mustDec("0.19")) // 0.1881
	perLine := r.Round(DE, line).Mul(decimal.NewFromInt(3))
	perTotal := r.Round(DE, line.Mul(decimal.NewFromInt(3)))
	if !perLine.Equal(mustDec("0.57")) || !perTotal.Equal(mustDec("0.56")) {
		t.Errorf("per line %s, per total %s; want 0.57 and 0.56", perLine, perTotal)
	}
}
