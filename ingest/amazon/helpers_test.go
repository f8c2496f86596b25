package amazon_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/vatkit/vatkit/ingest/amazon"
	"github.com/vatkit/vatkit/ingest/amazon/amazontest"
	"github.com/vatkit/vatkit/internal/gen"
)

// fast returns the limits of every operation raised so far that tests
// wait only for the fake.
func fast() map[string]amazon.Limit {
	m := amazon.DefaultLimits()
	for op := range m {
		m[op] = amazon.Limit{Rate: 1000, Burst: 100}
	}
	return m
}

// newFake starts a fake serving a generated report of rows rows.
func newFake(t testing.TB, rows int, cfg amazontest.Config) *amazontest.Server {
	t.Helper()
	if cfg.Report == nil && rows > 0 {
		cfg.Report = func(w io.Writer) error {
			_, err := gen.VTR(w, gen.VTRConfig{Rows: rows, Seed: 9})
			return err
		}
	}
	s, err := amazontest.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// clientConfig is a Config for the fake with quick polls and retries.
func clientConfig(s *amazontest.Server) amazon.Config {
	return amazon.Config{
		Endpoint:     s.URL,
		TokenURL:     s.TokenURL,
		ClientID:     amazontest.ClientID,
		ClientSecret: amazon.Secret(amazontest.ClientSecret),
		RefreshToken: amazon.Secret(amazontest.RefreshToken),
		HTTPClient:   s.Client(),
		PollInterval: time.Millisecond,
		RetryBackoff: time.Millisecond,
		Limits:       fast(),
	}
}

func newClient(t testing.TB, cfg amazon.Config) *amazon.Client {
	t.Helper()
	c, err := amazon.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// july is the month the generator writes.
var july = amazon.Month(time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC), "A1PA6795UKMFR9")

func vtr(t testing.TB, rows int) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := gen.VTR(&b, gen.VTRConfig{Rows: rows, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pull(t testing.TB, c *amazon.Client) ([]byte, error) {
	t.Helper()
	doc, err := c.Report(context.Background(), july)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	return io.ReadAll(doc)
}
