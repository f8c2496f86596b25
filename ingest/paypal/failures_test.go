package paypal_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/ingest/paypal"
	"github.com/vatkit/vatkit/ingest/paypal/paypaltest"
)

// TestFailures: each failure ends the pull with a *WindowError naming
// the window to pull again, wrapping a typed cause, and quoting no
// credential.
func TestFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fake   paypaltest.Config
		config func(*paypal.Config)
		is     error
		check  func(t *testing.T, err error)
	}{
		{name: "wrong secret", config: func(c *paypal.Config) { c.ClientSecret = paypal.Secret("EPwrong") }, is: paypal.ErrAuth,
			check: func(t *testing.T, err error) {
				var ae *paypal.AuthError
				if !errors.As(err, &ae) || ae.Code != "invalid_client" {
					t.Fatalf("%v", err)
				}
			}},
		{name: "malformed page", fake: paypaltest.Config{MalformedSearch: 5}, is: paypal.ErrMalformed},
		{name: "always throttled", fake: paypaltest.Config{ThrottleEvery: 1}, config: func(c *paypal.Config) { c.Retries = 2 }, is: paypal.ErrThrottled},
		{name: "tokens refused at once", fake: paypaltest.Config{TokenUses: -1}, is: paypal.ErrAuth},
		{name: "one second over the cap", fake: paypaltest.Config{MaxResults: 1, Transactions: sameSecond(3)}, is: paypal.ErrTooMany},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newFake(t, 2000, tc.fake)
			cfg := clientConfig(s)
			cfg.PageSize = 100
			if tc.config != nil {
				tc.config(&cfg)
			}
			windows := 0
			var failed paypal.Window
			var err error
			for w, e := range newClient(t, cfg).Windows(context.Background(), jan1, dec) {
				if e != nil {
					failed, err = w, e
					break
				}
				windows++
			}
			var we *paypal.WindowError
			if !errors.Is(err, tc.is) || !errors.As(err, &we) || !we.Start.Equal(failed.Start) || failed.Start.IsZero() {
				t.Fatalf("after %d windows: %v, want %v", windows, err, tc.is)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "paypal: ") || strings.Contains(msg, paypaltest.ClientSecret) || strings.Contains(msg, "A21AA") {
				t.Fatalf("message %q", msg)
			}
			if tc.check != nil {
				tc.check(t, err)
			}
		})
	}
}

func sameSecond(n int) []paypaltest.Transaction {
	at := time.Date(2026, 5, 5, 5, 5, 5, 0, time.UTC)
	txs, _ := paypaltest.Generate(n, at, at.Add(time.Nanosecond), 1)
	return txs
}

// TestResume: a pull that fails half-way yields complete windows only;
// pulling again from the failed window's start gets exactly the rest.
func TestResume(t *testing.T) {
	txs, want := paypaltest.Generate(3000, jan1, dec, 3)
	broken := paypaltest.New(paypaltest.Config{Transactions: txs, MalformedSearch: 9})
	defer broken.Close()
	cfg := clientConfig(broken)
	cfg.PageSize = 100
	seen := map[string]bool{}
	var resume time.Time
	for w, err := range newClient(t, cfg).Windows(context.Background(), jan1, dec) {
		if err != nil {
			resume = w.Start
			break
		}
		for _, r := range w.Rows {
			seen[string(r.Key)] = true
		}
	}
	if resume.IsZero() || len(seen) == 0 {
		t.Fatalf("resume at %v after %d rows", resume, len(seen))
	}
	whole := paypaltest.New(paypaltest.Config{Transactions: txs})
	defer whole.Close()
	cfg = clientConfig(whole)
	for r, err := range newClient(t, cfg).Rows(context.Background(), resume, dec) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[string(r.Key)] {
			t.Fatalf("row %s pulled twice", r.Tx.SourceID)
		}
		seen[string(r.Key)] = true
	}
	if len(seen) != want.Sales+want.Refunds+want.Other {
		t.Fatalf("%d rows, want %d", len(seen), want.Sales+want.Refunds+want.Other)
	}
}

// TestLatency: the pull stops three hours before now.
func TestLatency(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s, _ := newFake(t, 100, paypaltest.Config{})
	cfg := clientConfig(s)
	cfg.Now = func() time.Time { return now }
	var end time.Time
	for w, err := range newClient(t, cfg).Windows(context.Background(), jan1, dec) {
		if err != nil {
			t.Fatal(err)
		}
		end = w.End
	}
	if !end.Equal(now.Add(-3 * time.Hour)) {
		t.Fatalf("last window ends %v", end)
	}
}

// TestFakeLimits: the fake holds to PayPal's published limits, so the
// client's passing tests prove it respects them.
func TestFakeLimits(t *testing.T) {
	s, _ := newFake(t, 100, paypaltest.Config{})
	tok := token(t, s)
	for _, tc := range []struct {
		name, start, end, size string
		status                 int
	}{
		{"31 days", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "500", 200},
		{"32 days", "2026-01-01T00:00:00Z", "2026-02-02T00:00:00Z", "500", 400},
		{"501 per page", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "501", 400},
		{"no offset", "2026-01-01T00:00:00", "2026-01-02T00:00:00Z", "10", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := url.Values{"start_date": {tc.start}, "end_date": {tc.end}, "page_size": {tc.size}, "page": {"1"}}
			req, _ := http.NewRequest("GET", s.URL+"/v1/reporting/transactions?"+q.Encode(), nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d", resp.StatusCode)
			}
		})
	}
}

func token(t testing.TB, s *paypaltest.Server) string {
	t.Helper()
	req, _ := http.NewRequest("POST", s.URL+"/v1/oauth2/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(paypaltest.ClientID, paypaltest.ClientSecret)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := jsonDecode(resp, &out); err != nil || out.AccessToken == "" {
		t.Fatalf("token: %v", err)
	}
	return out.AccessToken
}
