package paypal_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/ingest/paypal/paypaltest"
	"github.com/vatkit/vatkit/internal/heapwatch"
)

// benchTxs is the year's size: 12,000 transactions by default, to keep
// CI short; VATKIT_BENCH_TXS=120000 measures the full-size pull.
func benchTxs(b *testing.B) int {
	if s := os.Getenv("VATKIT_BENCH_TXS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 12_000
}

// recorder notes the URLs of the searches a pull makes.
type recorder struct {
	mu   sync.Mutex
	urls []string
	rt   http.RoundTripper
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == "GET" {
		r.mu.Lock()
		r.urls = append(r.urls, req.URL.String())
		r.mu.Unlock()
	}
	return r.rt.RoundTrip(req)
}

// BenchmarkPull pulls a year of transactions from the fake (12 months,
// windows split below the 10,000 cap, pages of 500) into rows;
// floor/ makes the same searches with net/http and decodes each page
// with encoding/json into generic values, the least any client must do.
// Both include the fake's own work of answering, and report the peak
// heap.
func BenchmarkPull(b *testing.B) {
	n := benchTxs(b)
	s, want := newFake(b, n, paypaltest.Config{})
	name := "txs=" + strconv.Itoa(n)
	rec := &recorder{rt: s.Client().Transport}
	b.Run(name, func(b *testing.B) {
		cfg := clientConfig(s)
		cfg.HTTPClient = &http.Client{Transport: rec}
		c := newClient(b, cfg)
		b.ReportAllocs()
		peak := heapwatch.Watch(b)
		for b.Loop() {
			rec.mu.Lock()
			rec.urls = rec.urls[:0]
			rec.mu.Unlock()
			rows := 0
			for r, err := range c.Rows(context.Background(), jan1, dec) {
				if err != nil {
					b.Fatal(err)
				}
				_ = r
				rows++
			}
			if rows != want.Sales+want.Refunds+want.Other {
				b.Fatalf("%d rows", rows)
			}
		}
		peak()
		b.ReportMetric(float64(n)/(float64(b.Elapsed())/float64(b.N)/float64(time.Second)), "txs/s")
	})
	b.Run("floor/"+name, func(b *testing.B) {
		if len(rec.urls) == 0 {
			b.Skip("the pull did not run")
		}
		tok := token(b, s)
		hc := s.Client()
		b.ReportAllocs()
		peak := heapwatch.Watch(b)
		for b.Loop() {
			for _, u := range rec.urls {
				req, _ := http.NewRequest("GET", u, nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				raw, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				var page map[string]any
				if err == nil {
					err = json.Unmarshal(raw, &page)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		peak()
		b.ReportMetric(float64(n)/(float64(b.Elapsed())/float64(b.N)/float64(time.Second)), "txs/s")
	})
}
