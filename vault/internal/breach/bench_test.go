package breach

import (
	"os"
	"runtime"
	"testing"
)

// BenchmarkContains: one lookup in the vault's embedded list, beside the
// floor of the same 40-bit hashes in a Go map; list-bytes and map-bytes
// are their memory.
func BenchmarkContains(b *testing.B) {
	data, err := os.ReadFile("../../breached.bin")
	if err != nil {
		b.Fatal(err)
	}
	pw := []byte("correct-horse-battery-9")
	b.Run("list", func(b *testing.B) {
		l, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			l.Contains(pw)
		}
		b.ReportMetric(float64(len(data)), "list-bytes")
	})
	b.Run("floor-map", func(b *testing.B) {
		l, _ := Parse(data)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m := make(map[uint64]struct{}, l.Len())
		for bucket := range buckets {
			for i := l.start[bucket]; i < l.start[bucket+1]; i++ {
				m[uint64(bucket)<<24|uint64(l.rest(i))] = struct{}{}
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportAllocs()
		for b.Loop() {
			bucket, rest := key(pw)
			_ = m[uint64(bucket)<<24|uint64(rest)]
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc), "map-bytes")
		runtime.KeepAlive(m)
	})
}

// BenchmarkParse: the one-time cost of opening the embedded list.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("../../breached.bin")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
