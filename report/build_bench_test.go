package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/internal/heapwatch"
	"github.com/vatkit/vatkit/internal/storegen"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// buildSizes are the stored histories BenchmarkBuildFromSQLite builds
// from: 100,000 rows by default; VATKIT_BENCH_BUILD_ROWS=100000,1000000
// generates larger ones (a million rows take minutes to generate), and
// VATKIT_BENCH_BUILD_DB names a file that internal/storegen/cmd/storegen
// wrote (ten million rows take about half an hour), used instead.
func buildSizes(b *testing.B) []int { return rowsFromEnv(b, "VATKIT_BENCH_BUILD_ROWS") }

// BenchmarkBuildFromSQLite builds the 2026-Q3 OSS return (build) and
// reconciliation (reconcile) of a seller whose history of 36 months
// (internal/gen.History, sealed as the ingest pipeline seals) is stored in
// SQLite, reading it month by month, and reports stored rows/s and the
// peak live heap. The floor does only what
// any build must: scan the same records from the store, open and decode
// each, on as many goroutines, keeping nothing.
func BenchmarkBuildFromSQLite(b *testing.B) {
	if path := os.Getenv("VATKIT_BENCH_BUILD_DB"); path != "" {
		benchBuildFrom(b, path, -1)
		return
	}
	for _, rows := range buildSizes(b) {
		path := filepath.Join(b.TempDir(), "history.db")
		store, s, err := storegen.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		if err := storegen.Write(context.Background(), store, s, rows, 1, nil); err != nil {
			b.Fatal(err)
		}
		s.Close()
		store.Close()
		benchBuildFrom(b, path, rows)
	}
}

func benchBuildFrom(b *testing.B, path string, rows int) {
	ctx := context.Background()
	store, s, err := storegen.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	defer s.Close()
	if rows < 0 {
		rows = countRecords(b, s)
	}
	q3 := vat.Period{Year: 2026, Quarter: 3}
	seller := vat.Seller{Established: vat.DE, OSS: vat.OSSRegistration{MemberState: vat.DE}}
	o := report.OSS{Seller: seller, InferWarehouses: true}
	rc := report.Reconciliation{Seller: seller, InferWarehouses: true}
	for _, run := range []struct {
		name  string
		build func(h *report.History) (lines, unreadable int, err error)
	}{
		{"build", func(h *report.History) (int, int, error) {
			r, err := o.BuildFrom(ctx, q3, h)
			if err != nil {
				return 0, 0, err
			}
			return len(r.Lines), r.Unreadable, nil
		}},
		{"reconcile", func(h *report.History) (int, int, error) {
			r, err := rc.BuildFrom(ctx, q3, h)
			if err != nil {
				return 0, 0, err
			}
			return len(r.Lines), r.Unreadable, nil
		}},
	} {
		b.Run(fmt.Sprintf("%s/rows=%d", run.name, rows), func(b *testing.B) {
			b.ReportAllocs()
			stop := heapwatch.Watch(b)
			for b.Loop() {
				lines, unreadable, err := run.build(&report.History{Vault: s})
				if err != nil || lines == 0 || unreadable != 0 {
					b.Fatalf("%v, %d lines, %d unreadable", err, lines, unreadable)
				}
			}
			stop()
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
	b.Run(fmt.Sprintf("floor/rows=%d", rows), func(b *testing.B) {
		b.ReportAllocs()
		stop := heapwatch.Watch(b)
		for b.Loop() {
			if n := scanOpenDecode(b, s); n != rows {
				b.Fatalf("decoded %d of %d", n, rows)
			}
		}
		stop()
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// scanOpenDecode reads every transaction record of the session month by
// month, opening and decoding each on every core, and returns how many it
// decoded.
func scanOpenDecode(b *testing.B, s *vault.Session) int {
	ctx := context.Background()
	periods, err := s.Periods(ctx, ingest.TxnKind)
	if err != nil {
		b.Fatal(err)
	}
	recs := make(chan vault.Record, 1024)
	var n sync.WaitGroup
	var mu sync.Mutex
	decoded := 0
	for range runtime.GOMAXPROCS(0) {
		n.Go(func() {
			k := 0
			for r := range recs {
				content, err := s.Open(r)
				if err != nil {
					panic(err)
				}
				if _, err := ingest.DecodeStored(content); err != nil {
					panic(err)
				}
				k++
			}
			mu.Lock()
			decoded += k
			mu.Unlock()
		})
	}
	for _, p := range periods {
		for r, err := range s.Records(ctx, vault.Query{Period: p}) { // the build's query
			if err != nil {
				b.Fatal(err)
			}
			if r.Kind != ingest.TxnKind {
				continue
			}
			recs <- r
		}
	}
	close(recs)
	n.Wait()
	return decoded
}

// countRecords counts the transaction records period by period (a scan
// by kind alone pages slowly on SQLite: see History.scan).
func countRecords(b *testing.B, s *vault.Session) int {
	ctx := context.Background()
	periods, err := s.Periods(ctx, ingest.TxnKind)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, p := range periods {
		for r, err := range s.Records(ctx, vault.Query{Period: p}) {
			if err != nil {
				b.Fatal(err)
			}
			if r.Kind == ingest.TxnKind {
				n++
			}
		}
	}
	return n
}
