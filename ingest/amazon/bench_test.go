package amazon_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/ingest/amazon/amazontest"
	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/internal/heapwatch"
)

// benchRows is the report's size: 20,000 rows by default, to keep CI
// short; VATKIT_BENCH_ROWS=1000000 measures the full-size report.
func benchRows(b *testing.B) int {
	if s := os.Getenv("VATKIT_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 20_000
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkReport pulls a generated report from the fake (create, poll,
// RDT, document, streamed gunzip) and reads every row with the ingest
// reader; floor/ downloads the same gzipped bytes over loopback and
// splits them with encoding/csv, the least any reader must do. Both
// report the peak heap above what the fake holds.
func BenchmarkReport(b *testing.B) {
	rows := benchRows(b)
	var plain counter
	s := newFake(b, 0, amazontest.Config{Polls: -1, Report: func(w io.Writer) error {
		_, err := gen.VTR(io.MultiWriter(w, &plain), gen.VTRConfig{Rows: rows, Seed: 9})
		return err
	}})
	name := "rows=" + strconv.Itoa(rows)
	b.Run(name, func(b *testing.B) {
		c := newClient(b, clientConfig(s))
		b.SetBytes(plain.n)
		b.ReportAllocs()
		peak := heapwatch.Watch(b)
		for b.Loop() {
			doc, err := c.Report(context.Background(), july)
			if err != nil {
				b.Fatal(err)
			}
			rd, err := ingest.Open(doc, ingest.Options{})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for _, err := range rd.All() {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			doc.Close()
			if n == 0 {
				b.Fatal("no rows")
			}
		}
		peak()
	})
	b.Run("floor/"+name, func(b *testing.B) {
		doc := s.Document()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(doc) }))
		defer srv.Close()
		b.SetBytes(plain.n)
		b.ReportAllocs()
		peak := heapwatch.Watch(b)
		for b.Loop() {
			resp, err := srv.Client().Get(srv.URL)
			if err != nil {
				b.Fatal(err)
			}
			zr, err := gzip.NewReader(bufio.NewReaderSize(resp.Body, 64<<10))
			if err != nil {
				b.Fatal(err)
			}
			cr := csv.NewReader(zr)
			cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = '\t', -1, true, true
			for {
				if _, err := cr.Read(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
			resp.Body.Close()
		}
		peak()
	})
}
