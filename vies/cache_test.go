package vies

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vies/viestest"
)

// clock is a settable time source for TTL tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestCache(t *testing.T) {
	type step struct {
		advance    time.Duration
		fail       bool // the member state is down for this check
		wantSource Source
		wantErr    error
	}
	tests := []struct {
		name       string
		valid      bool
		validTTL   time.Duration
		invalidTTL time.Duration
		maxStale   time.Duration
		steps      []step
		wantCalls  int
	}{
		{"valid answers are served until the TTL", true, 24 * time.Hour, 0, 0, []step{
			{0, false, Live, nil}, {23 * time.Hour, false, Cached, nil}, {2 * time.Hour, false, Live, nil},
		}, 2},
		{"invalid answers have their own TTL", false, 0, time.Hour, 0, []step{
			{0, false, Live, nil}, {30 * time.Minute, false, Cached, nil}, {31 * time.Minute, false, Live, nil},
		}, 2},
		{"a negative TTL turns caching off", true, -1, 0, 0, []step{
			{0, false, Live, nil}, {time.Second, false, Live, nil},
		}, 2},
		{"failures are never cached", true, time.Hour, 0, 0, []step{
			{0, true, 0, ErrUnavailable}, {time.Second, false, Live, nil}, {time.Second, false, Cached, nil},
		}, 2},
		{"no stale answers unless allowed", true, time.Hour, 0, 0, []step{
			{0, false, Live, nil}, {2 * time.Hour, true, 0, ErrUnavailable},
		}, 2},
		{"stale answers on outage when allowed", true, time.Hour, 0, 24 * time.Hour, []step{
			{0, false, Live, nil}, {2 * time.Hour, true, Stale, nil}, {30 * time.Hour, true, 0, ErrUnavailable},
		}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Set(numDE, viestest.Answer{Valid: tc.valid})
			clk := &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
			c := newClient(srv, SOAP)
			c.now, c.MaxRetries = clk.now, -1
			c.ValidTTL, c.InvalidTTL, c.MaxStale = tc.validTTL, tc.invalidTTL, tc.maxStale
			for i, s := range tc.steps {
				clk.advance(s.advance)
				if s.fail {
					srv.FailCountry("DE", viestest.Fault("MS_UNAVAILABLE"))
				} else {
					srv.RestoreCountry("DE")
				}
				r, err := c.Check(context.Background(), mustNumber(t, numDE))
				if !errors.Is(err, s.wantErr) {
					t.Fatalf("step %d: err = %v, want %v", i, err, s.wantErr)
				}
				if err == nil && (r.Source != s.wantSource || r.Valid != tc.valid) {
					t.Errorf("step %d: source %v valid %v, want %v %v", i, r.Source, r.Valid, s.wantSource, tc.valid)
				}
			}
			if srv.Calls() != tc.wantCalls {
				t.Errorf("calls = %d, want %d", srv.Calls(), tc.wantCalls)
			}
		})
	}
}

func TestMemoryCacheEvictsLeastRecentlyUsed(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryCache(3)
	for i := range 3 {
		m.Put(ctx, fmt.Sprint(i), Result{Valid: i == 1})
	}
	m.Get(ctx, "0")                      // 0 is now the most recent; 1 the least
	m.Put(ctx, "3", Result{})            // evicts 1
	m.Put(ctx, "2", Result{Valid: true}) // replaces, no eviction
	if _, ok := m.Get(ctx, "1"); ok {
		t.Error("1 should have been evicted")
	}
	for _, k := range []string{"0", "2", "3"} {
		if _, ok := m.Get(ctx, k); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
	if r, _ := m.Get(ctx, "2"); !r.Valid || m.Len() != 3 {
		t.Errorf("replace failed: %+v, len %d", r, m.Len())
	}
}
