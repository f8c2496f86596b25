package amazon

import (
	"testing"

	"golang.org/x/time/rate"
)

// TestLimits: each operation starts at Amazon's documented usage plan,
// overrides apply, and the x-amzn-RateLimit-Limit header moves the rate
// only when it is a sane number.
func TestLimits(t *testing.T) {
	l := newLimiters(map[string]Limit{OpGetReport: {Rate: 5, Burst: 3}})
	if got := l.get(OpCreateReport); got.Limit() != rate.Limit(0.0167) || got.Burst() != 15 {
		t.Fatalf("createReport %v/%d", got.Limit(), got.Burst())
	}
	if got := l.get(OpGetReport); got.Limit() != 5 || got.Burst() != 3 {
		t.Fatalf("override %v/%d", got.Limit(), got.Burst())
	}
	for _, tc := range []struct {
		name, header string
		want         rate.Limit
	}{
		{"documented", "0.0167", 0.0167},
		{"raised", "0.5", 0.5},
		{"garbage", "fast", 0.5},
		{"zero", "0", 0.5},
		{"negative", "-1", 0.5},
		{"absurd", "1e9", 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l.adjust(OpCreateReport, tc.header)
			if got := l.get(OpCreateReport).Limit(); got != tc.want {
				t.Fatalf("rate %v, want %v", got, tc.want)
			}
		})
	}
}
