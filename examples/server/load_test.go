package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadSize is the sellers and the rows each uploads in TestLoad: 50
// sellers with 100 rows by default, 12 under -race (whose figures mean
// nothing) to keep CI short; VATKIT_LOAD_SELLERS and VATKIT_LOAD_ROWS
// override them (VATKIT_LOAD_ROWS=10000 is the full size).
func loadSize(t *testing.T) (sellers, rows int, bound time.Duration) {
	sellers, rows, bound = 50, 100, 3*time.Minute
	if raceDetector {
		sellers = 12
	}
	for _, v := range []struct {
		name string
		n    *int
	}{{"VATKIT_LOAD_SELLERS", &sellers}, {"VATKIT_LOAD_ROWS", &rows}} {
		s := os.Getenv(v.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 || n > 1_000_000 {
			t.Fatalf("%s=%q: want a number from 1 to 1000000", v.name, s)
		}
		*v.n, bound = n, 15*time.Minute
	}
	return sellers, rows, bound
}

// latencies collects request durations by kind.
type latencies struct {
	mu      sync.Mutex
	byKind  map[string][]time.Duration
	errors  atomic.Int64
	retries atomic.Int64 // 503 answers (database busy, login queue full), repeated as Retry-After says
}

func (l *latencies) add(kind string, d time.Duration) {
	l.mu.Lock()
	l.byKind[kind] = append(l.byKind[kind], d)
	l.mu.Unlock()
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// peakHeap samples the live heap until stop is closed and returns the
// highest value seen.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// TestLoad: sellers at once (50 by default) enrol, log in (Argon2id at vault.Floor, at
// most two derivations at a time: the others queue), upload a generated
// Amazon report and build their OSS return, while readers hammer the page
// and the operator's statistics. Every request must succeed. Bounded: a
// fixed number of sellers, one upload and one report each, three minutes
// at most (15 with the environment overrides); loopback only.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	const readers = 4
	sellers, rows, bound := loadSize(t)
	e := newEnv(t, func(cfg *config) {
		cfg.MaxUpload = 64 << 20
		cfg.Throttle.ClientFree = 2 * sellers // every seller enrols from 127.0.0.1
	})
	data, _ := vtr(t, rows, 42)
	lat := &latencies{byKind: make(map[string][]time.Duration)}
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()

	stopHeap := make(chan struct{})
	heap := peakHeap(stopHeap)
	start := time.Now()
	var wg, readWG sync.WaitGroup
	done := make(chan struct{})
	for r := range readers {
		readWG.Go(func() { e.read(t, r, lat, done) })
	}
	for i := range sellers {
		wg.Go(func() { e.sellerRun(t, ctx, i, data, lat) })
	}
	wg.Wait()
	close(done)
	readWG.Wait()
	elapsed := time.Since(start)
	close(stopHeap)
	peak := <-heap

	total := 0
	var summary []string
	for kind, ds := range lat.byKind {
		total += len(ds)
		summary = append(summary, fmt.Sprintf("%s: %d, p50 %v, p99 %v", kind, len(ds),
			percentile(ds, 0.50).Round(time.Millisecond), percentile(ds, 0.99).Round(time.Millisecond)))
	}
	slices.Sort(summary)
	t.Logf("load: %d sellers × %d rows, %d readers: %d requests in %v = %.0f req/s, errors %d (busy retries %d), peak live heap %.0f MiB, peak RSS %s",
		sellers, rows, readers, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(),
		lat.errors.Load(), lat.retries.Load(), float64(peak)/(1<<20), peakRSS())
	for _, s := range summary {
		t.Logf("load:   %s", s)
	}
	if n := lat.errors.Load(); n != 0 {
		t.Errorf("%d requests failed, want 0", n)
		for line := range strings.Lines(e.logs.String()) {
			if strings.Contains(line, `"level":"ERROR"`) {
				t.Log(line)
				break
			}
		}
	}
	if ctx.Err() != nil {
		t.Error("the load did not finish within its time bound")
	}
}

// sellerRun is one seller's session under load.
func (e *env) sellerRun(t *testing.T, ctx context.Context, i int, data []byte, lat *latencies) {
	if ctx.Err() != nil {
		lat.errors.Add(1)
		return
	}
	c := e.client(t)
	cr := testCreds(fmt.Sprintf("load%d", i))
	timed := func(kind string, want int, f func() int) bool {
		t0 := time.Now()
		got := f()
		lat.add(kind, time.Since(t0))
		if got != want {
			t.Logf("%s: status %d, want %d", kind, got, want)
			lat.errors.Add(1)
			return false
		}
		return true
	}
	ok := timed("enroll", 201, func() int { return jsonRetrying(c, "/api/enroll", cr.body(), lat) }) &&
		timed("login", 200, func() int { return jsonRetrying(c, "/api/login", cr.body(), lat) }) &&
		timed("upload", 200, func() int { return uploadRetrying(c, data, lat) })
	if !ok {
		return
	}
	var link string
	req := map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE"}
	timed("report", 202, func() int { var got int; link, got = c.startReport(req); return got })
	timed("download", 200, func() int { resp, _ := c.await(link); return resp.StatusCode })
}

// uploadRetrying uploads as a client should: a 503 (the database busy) is
// repeated after its Retry-After, at most 20 times. Repeating is safe: rows
// already stored are recognised and skipped.
func uploadRetrying(c *client, data []byte, lat *latencies) int {
	for range 20 {
		got := c.upload("file", data, nil)
		if got != http.StatusServiceUnavailable {
			return got
		}
		lat.retries.Add(1)
		time.Sleep(time.Second)
	}
	return http.StatusServiceUnavailable
}

// jsonRetrying posts body as a client should: a 503 (the queue of logins
// full) is repeated after its Retry-After, at most 20 times.
func jsonRetrying(c *client, path string, body any, lat *latencies) int {
	for range 20 {
		resp, _ := c.do("POST", path, "application/json", jsonBytes(body))
		if resp.StatusCode != http.StatusServiceUnavailable {
			return resp.StatusCode
		}
		lat.retries.Add(1)
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		time.Sleep(time.Duration(max(secs, 1)) * time.Second)
	}
	return http.StatusServiceUnavailable
}

// read hammers the read endpoints until done: the page and, as the
// operator, the statistics.
func (e *env) read(t *testing.T, r int, lat *latencies, done <-chan struct{}) {
	c := e.client(t)
	op := e.client(t)
	op.bearer = operatorToken
	for n := 0; ; n++ {
		select {
		case <-done:
			return
		default:
		}
		kind, who, path := "page", c, "/"
		if (n+r)%2 == 1 {
			kind, who, path = "stats", op, "/api/operator/stats"
		}
		t0 := time.Now()
		resp, _ := who.do("GET", path, "", nil)
		lat.add(kind, time.Since(t0))
		if resp.StatusCode != http.StatusOK {
			lat.errors.Add(1)
		}
		time.Sleep(2 * time.Millisecond) // readers poll, they do not spin
	}
}

// peakRSS returns the process's peak resident set (VmHWM), or "n/a".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "n/a"
}
