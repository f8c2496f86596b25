package gen

import (
	"testing"

	"github.com/vatkit/vatkit/vat"
)

// History writes exactly the rows asked for, month by month in order over
// 36 months ending 2026-09, each in the month it is yielded with, the
// fourth quarters fuller than the others; the same seed gives the same
// history.
func TestHistory(t *testing.T) {
	collect := func(seed uint64) ([]vat.Transaction, map[string]int) {
		var txs []vat.Transaction
		per := map[string]int{}
		last := ""
		History(HistoryConfig{Rows: 7200, Seed: seed}, func(tx *vat.Transaction, month string) bool {
			if month < last {
				t.Fatalf("month %s after %s", month, last)
			}
			if got := tx.TaxPoint.Format("2006-01"); got != month {
				t.Fatalf("a transaction of %s yielded in %s", got, month)
			}
			last = month
			txs = append(txs, *tx)
			per[month]++
			return true
		})
		return txs, per
	}
	a, per := collect(1)
	b, _ := collect(1)
	if len(a) != 7200 || len(per) != 36 || per["2023-10"] == 0 || per["2026-09"] == 0 {
		t.Fatalf("%d rows over %d months: %v", len(a), len(per), per)
	}
	if per["2025-12"] <= per["2025-06"] {
		t.Errorf("December %d, June %d: the fourth quarter should sell more", per["2025-12"], per["2025-06"])
	}
	for i := range a {
		if a[i].SourceID != b[i].SourceID || !a[i].Net.Equal(b[i].Net) || a[i].Buyer != b[i].Buyer {
			t.Fatalf("row %d differs between two runs with one seed", i)
		}
	}
	n := 0
	History(HistoryConfig{Rows: 100, Seed: 1}, func(*vat.Transaction, string) bool { n++; return n < 10 })
	if n != 10 {
		t.Errorf("History went on after yield returned false: %d rows", n)
	}
}
