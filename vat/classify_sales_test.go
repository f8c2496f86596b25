package vat

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// randomTreatment is a sale's treatment with every field set at random,
// amounts and reason included, so that the index must drop exactly what
// refundBase drops and keep the rest.
func randomTreatment(r *rand.Rand) Treatment {
	countries := []Country{DE, FR, IT, PL, CZ, XI, "", "ZZ"}
	rates := []decimal.Decimal{decimal.RequireFromString("20"), decimal.RequireFromString("20.0"),
		decimal.RequireFromString("5.5"), decimal.Zero, decimal.RequireFromString("25.5")}
	pick := func() Country { return countries[r.IntN(len(countries))] }
	t := Treatment{Scheme: Scheme(r.IntN(11)), Country: pick(), Acquisition: pick(), DispatchedFrom: pick(),
		Supply: Supply(r.IntN(4)), RateKind: RateKind(r.IntN(5)), Rate: rates[r.IntN(len(rates))],
		Taxable: decimal.New(r.Int64N(1e6), -2), VAT: decimal.New(r.Int64N(1e5), -2),
		Currency: []string{"EUR", "USD", "PLN"}[r.IntN(3)], Derived: Field(r.IntN(16)),
		SourceVAT: decimal.New(r.Int64N(100), -2), Flags: Flag(r.IntN(256)), Reason: "why"}
	if r.IntN(4) == 0 {
		t.Period = Period{Year: 2024 + r.IntN(3), Month: time.Month(1 + r.IntN(12))}
	} else {
		t.Period = Period{Year: 2024 + r.IntN(3), Quarter: 1 + r.IntN(4)}
	}
	return t
}

// The index gives back, for every sale id, what a refund takes from that
// sale's treatment — exactly, the rate's exponent included — however many
// sales share a class, whether it is still among the recent sales or was
// merged into the sorted part; a later sale with the same id replaces the
// earlier; an id never stored is not found.
func TestSaleIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var idx saleIndex
	want := map[string]Treatment{}
	for i := range 60000 { // several merges into the sorted part
		id := fmt.Sprintf("order-%d", r.IntN(40000))
		if i%7 == 0 {
			id = fmt.Sprintf("%0200d", i) // long ids cost the same
		}
		tr := randomTreatment(r)
		idx.put(id, &tr)
		want[id] = refundBase(tr)
	}
	for id, w := range want {
		got, ok := idx.get(id)
		require.True(t, ok, id)
		require.Equal(t, w, got, id)
		require.Equal(t, w.Rate.Exponent(), got.Rate.Exponent(), id)
		require.True(t, got.Taxable.IsZero() && got.VAT.IsZero() && got.Reason == "" && got.Flags&^refundFlags == 0)
	}
	require.NotEmpty(t, idx.keys, "nothing was merged")
	require.Len(t, idx.vals, len(idx.keys))
	for i := 1; i < len(idx.keys); i++ {
		require.Less(t, idx.keys[i-1], idx.keys[i], "the merged keys are sorted, each once")
	}
	for _, id := range []string{"", "order-40000", "nope"} {
		_, ok := idx.get(id)
		require.False(t, ok, id)
	}
	var empty saleIndex
	_, ok := empty.get("order-1")
	require.False(t, ok)
}

// A sale costs the index a dozen bytes or so, not the hundreds of a kept
// Treatment, so that a history of millions of sales fits in memory.
func TestSaleIndexSize(t *testing.T) {
	const n = 200_000
	r := rand.New(rand.NewPCG(3, 4))
	classes := make([]Treatment, 50)
	for i := range classes {
		classes[i] = randomTreatment(r)
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("302-%07d-%07d", r.IntN(1e7), i)
	}
	before := liveHeap()
	var idx saleIndex
	for i, id := range ids {
		idx.put(id, &classes[i%len(classes)])
	}
	per := float64(liveHeap()-before) / n
	runtime.KeepAlive(&idx)
	runtime.KeepAlive(ids)
	t.Logf("%.1f bytes a sale", per)
	require.Less(t, per, 24.0, "bytes a sale")
}

func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
