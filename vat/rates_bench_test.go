package vat

import (
	"testing"
	"time"
)

// BenchmarkLookup measures a rate lookup against its floor: the same number of
// plain map lookups of a struct keyed by country, with the date check the
// floor does not need left out.
func BenchmarkLookup(b *testing.B) {
	rates := DefaultRates()
	countries := append(Members(day(2024, 1, 1)), XI)
	dates := []time.Time{day(2021, 6, 1), day(2024, 9, 1), day(2025, 7, 15), day(2026, 3, 31)}
	b.Run("vat", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := rates.Lookup(countries[i%len(countries)], dates[i%len(dates)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("floor/map", func(b *testing.B) {
		m := make(map[Country]RateSet, len(countries))
		for _, c := range countries {
			m[c], _ = rates.Lookup(c, dates[0])
		}
		b.ReportAllocs()
		i := 0
		var sink RateSet
		for b.Loop() {
			sink = m[countries[i%len(countries)]]
			_ = dates[i%len(dates)]
			i++
		}
		_ = sink
	})
}

func TestLookupDoesNotAllocate(t *testing.T) {
	rates := DefaultRates()
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := rates.Lookup(EE, day(2025, 7, 1)); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Lookup allocates %v times per call, want 0", allocs)
	}
}
