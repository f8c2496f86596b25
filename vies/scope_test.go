package vies

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vies/viestest"
)

// TestScopesKeepAnswersApart: an answer cached for one scope is served to
// that scope only; another scope, and the Client's shared scope, ask VIES
// themselves.
func TestScopesKeepAnswersApart(t *testing.T) {
	srv := newFake(t)
	srv.Set(numDE, viestest.Valid("Example GmbH", "Berlin"))
	c := newClient(srv, SOAP)
	n := mustNumber(t, numDE)
	steps := []struct {
		who       string // "" is Client.Check
		want      Source
		wantCalls int
	}{
		{"seller-a", Live, 1},
		{"seller-a", Cached, 1},
		{"seller-b", Live, 2},
		{"", Live, 3},
		{"", Cached, 3},
		{"seller-b", Cached, 3},
	}
	for i, s := range steps {
		var r Result
		var err error
		if s.who == "" {
			r, err = c.Check(context.Background(), n)
		} else {
			r, err = c.Scope(s.who).Check(context.Background(), n)
		}
		if err != nil || r.Source != s.want || srv.Calls() != s.wantCalls {
			t.Errorf("step %d (%q): source %v, err %v, %d calls; want %v after %d calls", i, s.who, r.Source, err, srv.Calls(), s.want, s.wantCalls)
		}
	}
}

// TestScopesDoNotShareCallsInFlight: two checks of one number at once
// share one call within a scope, and make one call each across scopes, so
// that no seller's check answers sooner because another seller asked.
func TestScopesDoNotShareCallsInFlight(t *testing.T) {
	tests := []struct {
		name      string
		scopes    [2]string
		wantCalls int
	}{
		{"one scope", [2]string{"seller-a", "seller-a"}, 1},
		{"two scopes", [2]string{"seller-a", "seller-b"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Set(numDE, viestest.Valid("", ""))
			srv.SetLatency(300 * time.Millisecond)
			c := newClient(srv, SOAP)
			n := mustNumber(t, numDE)
			var wg sync.WaitGroup
			for _, s := range tt.scopes {
				wg.Go(func() {
					if br := c.Scope(s).CheckBatch(context.Background(), []vat.Number{n})[0]; br.Err != nil {
						t.Error(br.Err)
					}
				})
			}
			wg.Wait()
			if srv.Calls() != tt.wantCalls {
				t.Errorf("%d calls to VIES, want %d", srv.Calls(), tt.wantCalls)
			}
		})
	}
}
