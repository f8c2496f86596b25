package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vies/viestest"
)

// TestVIESEvidencePerSeller: two sellers check the same number in
// turn. The second is not served the first one's answer: VIES is asked
// again, and the check takes VIES's time, not a cache hit's, so it tells
// nothing of the first seller's check. A seller's own repeated check is
// still served from its cache.
func TestVIESEvidencePerSeller(t *testing.T) {
	const latency = 300 * time.Millisecond
	e := newEnv(t, nil)
	e.vies.Set("DE113866163", viestest.Valid("", ""))
	e.vies.SetLatency(latency)
	check := func(c *client) (checkResult, time.Duration) {
		t.Helper()
		var out struct{ Results []checkResult }
		start := time.Now()
		if got := c.json("POST", "/api/vies/check", map[string]any{"numbers": []string{"DE113866163"}}, &out); got != http.StatusOK || len(out.Results) != 1 {
			t.Fatalf("check: %d %+v", got, out)
		}
		return out.Results[0], time.Since(start)
	}
	a, b := e.seller(t, "vies-a"), e.seller(t, "vies-b")
	steps := []struct {
		who       string
		c         *client
		wantCalls int
		fromCache bool
	}{
		{"seller A", a, 1, false},
		{"seller B, same number", b, 2, false},
		{"seller A again", a, 2, true},
	}
	for _, s := range steps {
		res, took := check(s.c)
		if res.Status != "valid" || res.Date == "" {
			t.Errorf("%s: %+v, want valid with its consultation date", s.who, res)
		}
		if got := e.vies.Calls(); got != s.wantCalls {
			t.Errorf("%s: VIES called %d times in all, want %d", s.who, got, s.wantCalls)
		}
		if !s.fromCache && took < latency {
			t.Errorf("%s: answered in %v, faster than VIES (%v): another seller's answer", s.who, took, latency)
		}
	}
}
