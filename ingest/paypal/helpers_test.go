package paypal_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/vatkit/vatkit/ingest/paypal"
	"github.com/vatkit/vatkit/ingest/paypal/paypaltest"
)

// year is the span the tests pull: all of 2026.
var (
	jan1 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	dec  = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
)

// later is a clock long after the data, so that the 3-hour latency
// margin does not cut the pull short.
func later() time.Time { return time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC) }

func newFake(t testing.TB, n int, cfg paypaltest.Config) (*paypaltest.Server, paypaltest.Counts) {
	t.Helper()
	var c paypaltest.Counts
	if cfg.Transactions == nil {
		cfg.Transactions, c = paypaltest.Generate(n, jan1, dec, 7)
	}
	s := paypaltest.New(cfg)
	t.Cleanup(s.Close)
	return s, c
}

func clientConfig(s *paypaltest.Server) paypal.Config {
	return paypal.Config{
		BaseURL:      s.URL,
		ClientID:     paypaltest.ClientID,
		ClientSecret: paypal.Secret(paypaltest.ClientSecret),
		HTTPClient:   s.Client(),
		RetryBackoff: time.Millisecond,
		Now:          later,
	}
}

func newClient(t testing.TB, cfg paypal.Config) *paypal.Client {
	t.Helper()
	c, err := paypal.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }
