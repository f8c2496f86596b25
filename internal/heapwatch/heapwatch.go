// Package heapwatch measures the peak live heap of a benchmark, for the
// figures the project reports beside throughput.
package heapwatch

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// Watch samples the live heap every millisecond until the returned function
// is called, which reports the peak above the heap at the start as the
// benchmark metric peak-heap-MiB.
func Watch(b *testing.B) func() {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() int64 { metrics.Read(sample); return int64(sample[0].Value.Uint64()) }
	base := read()
	var top atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if v := read() - base; v > top.Load() {
					top.Store(v)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		b.ReportMetric(float64(top.Load())/(1<<20), "peak-heap-MiB")
	}
}
