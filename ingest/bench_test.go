package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vault"
)

// benchRows is the size of the benchmark report: 100,000 rows by default,
// large enough for a stable rows/s figure, small enough for CI; set
// VATKIT_BENCH_ROWS=1000000 for the full-size run. The reader's memory
// does not depend on it (see TestBoundedMemory).
var benchRows = sync.OnceValue(func() int {
	if n, err := strconv.Atoi(os.Getenv("VATKIT_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
})

var benchVTR = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if _, err := gen.VTR(&b, gen.VTRConfig{Rows: benchRows(), Seed: 42}); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// heapPeak samples the live heap while a benchmark runs.
type heapPeak struct{ max uint64 }

func (h *heapPeak) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	h.max = max(h.max, m.HeapAlloc)
}

// BenchmarkReadVTR reads a generated 95-column VTR of benchRows rows:
// parse only, the same plus sealing and writing each transaction to a
// vault MemoryStore, and the floor: encoding/csv reading the same bytes.
func BenchmarkReadVTR(b *testing.B) {
	data := benchVTR()
	rowsPerSec := func(b *testing.B) {
		b.ReportMetric(float64(benchRows())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			rd, err := Open(bytes.NewReader(data), Options{})
			if err != nil {
				b.Fatal(err)
			}
			for _, err := range rd.All() {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		rowsPerSec(b)
	})
	b.Run("parse+seal+store", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			s := newSession(b, &vault.MemoryStore{})
			b.StartTimer()
			res, err := (&Pipeline{Vault: s}).Ingest(context.Background(), bytes.NewReader(data), Options{})
			if err != nil || res.Stored != res.Accepted {
				b.Fatal(err, res.Summary)
			}
		}
		rowsPerSec(b)
	})
	b.Run("floor/encoding-csv", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			r := csv.NewReader(bytes.NewReader(data))
			r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = '\t', -1, true, true
			for {
				if _, err := r.Read(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
		rowsPerSec(b)
	})
}

// BenchmarkReadVTRMemory reports the peak live heap (after a GC every
// 10,000 rows) while reading benchRows rows streamed from the generator,
// so that the input itself is never in memory.
func BenchmarkReadVTRMemory(b *testing.B) {
	var base, peak heapPeak
	runtime.GC()
	base.sample() // what the process holds already (other benchmarks' inputs)
	for b.Loop() {
		pr, pw := io.Pipe()
		go func() {
			_, err := gen.VTR(pw, gen.VTRConfig{Rows: benchRows(), Seed: 42})
			pw.CloseWithError(err)
		}()
		rd, err := Open(pr, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, err := range rd.All() {
			if err != nil {
				b.Fatal(err)
			}
			if n++; n%10000 == 0 {
				runtime.GC()
				peak.sample()
			}
		}
	}
	b.ReportMetric(float64(peak.max-min(peak.max, base.max))/(1<<20), "peak-live-heap-MiB")
}

// TestBoundedMemory streams a generated VTR straight from the generator
// into a reader and checks that the live heap stays flat: the peak after
// many rows is no higher than after the first few thousand, give or take
// the bounded duplicate set, and far below 64 MiB.
func TestBoundedMemory(t *testing.T) {
	rows := 30_000
	if testing.Short() {
		rows = 10_000
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := gen.VTR(pw, gen.VTRConfig{Rows: rows, Seed: 5})
		pw.CloseWithError(err)
	}()
	rd, err := Open(pr, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var early, late heapPeak
	n := 0
	for _, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		switch {
		case n%1000 == 0 && n <= 5000:
			runtime.GC()
			early.sample()
		case n%10000 == 0:
			runtime.GC()
			late.sample()
		}
	}
	const keySet = 8 << 20 // 30,000 16-byte keys in a map, with ample room
	if late.max > early.max+keySet || late.max > 64<<20 {
		t.Errorf("live heap grew from %d to %d bytes over %d rows", early.max, late.max, n)
	}
	t.Logf("live heap: %.1f MiB after 5,000 rows, %.1f MiB at most after %d", float64(early.max)/(1<<20), float64(late.max)/(1<<20), n)
}
