package amazon_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/ingest/amazon"
	"github.com/vatkit/vatkit/ingest/amazon/amazontest"
)

// TestReport: the client creates the report, polls it through IN_QUEUE
// and IN_PROGRESS, gets a restricted data token, the document and
// downloads it, gunzipping when told, through throttling, and the text
// is the report the fake was given, byte for byte.
func TestReport(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  amazontest.Config
	}{
		{"gzip", amazontest.Config{}},
		{"plain", amazontest.Config{Plain: true}},
		{"slow report", amazontest.Config{Polls: 8}},
		{"throttled every 3rd call", amazontest.Config{ThrottleEvery: 3}},
		{"throttled every 2nd call", amazontest.Config{ThrottleEvery: 2, Polls: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t, 200, tc.cfg)
			got, err := pull(t, newClient(t, clientConfig(s)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, vtr(t, 200)) {
				t.Fatalf("document: %d bytes, want the %d of the report", len(got), len(vtr(t, 200)))
			}
			st := s.Stats()
			polls := max(tc.cfg.Polls, 0)
			if tc.cfg.Polls == 0 {
				polls = 3
			}
			if st.Creates != 1 || st.Polls < polls+1 || st.RDTs != 1 || st.Downloads != 1 || st.TokenCalls != 1 || st.Refused != 0 {
				t.Fatalf("calls: %+v", st)
			}
			if tc.cfg.ThrottleEvery > 0 && st.Throttled == 0 {
				t.Fatal("fake never throttled")
			}
		})
	}
}

// TestReportRows: the document read by the ingest reader gives every row
// of the generated report.
func TestReportRows(t *testing.T) {
	s := newFake(t, 500, amazontest.Config{ThrottleEvery: 4})
	doc, err := newClient(t, clientConfig(s)).Report(context.Background(), july)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	rd, err := ingest.Open(doc, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := ingest.Open(bytes.NewReader(vtr(t, 500)), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range rd.All() {
	}
	for range want.All() {
	}
	if rd.Summary() != want.Summary() || rd.Summary().Accepted == 0 {
		t.Fatalf("summary %+v, want %+v", rd.Summary(), want.Summary())
	}
}

// TestFailures: every way a pull fails is a typed error that says what
// to do, and none quotes a credential.
func TestFailures(t *testing.T) {
	day := func(d int) func() time.Time {
		return func() time.Time { return time.Date(2026, 8, d, 9, 0, 0, 0, time.UTC) }
	}
	for _, tc := range []struct {
		name   string
		fake   amazontest.Config
		config func(*amazon.Config)
		revoke bool
		is     error
		check  func(t *testing.T, err error)
	}{
		{name: "refresh token revoked", revoke: true, is: amazon.ErrAuth, check: func(t *testing.T, err error) {
			var ae *amazon.AuthError
			if !errors.As(err, &ae) || ae.Code != "invalid_grant" || !strings.Contains(err.Error(), "authorise the application again") {
				t.Fatalf("%v", err)
			}
		}},
		{name: "wrong client secret", config: func(c *amazon.Config) { c.ClientSecret = amazon.Secret("not-the-secret") }, is: amazon.ErrAuth},
		{name: "FATAL on the 2nd", fake: amazontest.Config{Final: "FATAL"}, config: func(c *amazon.Config) { c.Now = day(2) },
			is: amazon.ErrReportFatal, check: func(t *testing.T, err error) {
				var re *amazon.ReportError
				if !errors.As(err, &re) || !re.Early || !strings.Contains(err.Error(), "3rd") {
					t.Fatalf("%v", err)
				}
			}},
		{name: "FATAL on the 10th", fake: amazontest.Config{Final: "FATAL"}, config: func(c *amazon.Config) { c.Now = day(10) },
			is: amazon.ErrReportFatal, check: func(t *testing.T, err error) {
				if strings.Contains(err.Error(), "3rd") {
					t.Fatalf("blames the date: %v", err)
				}
			}},
		{name: "CANCELLED", fake: amazontest.Config{Final: "CANCELLED"}, is: amazon.ErrReportCancelled},
		{name: "document URL 403", fake: amazontest.Config{DocumentStatus: 403}, is: amazon.ErrDownload, check: func(t *testing.T, err error) {
			var de *amazon.DownloadError
			if !errors.As(err, &de) || de.Status != 403 || !strings.Contains(err.Error(), "five minutes") {
				t.Fatalf("%v", err)
			}
		}},
		{name: "connection cut", fake: amazontest.Config{CutAfter: 3000}, is: amazon.ErrDownload},
		{name: "connection cut, plain", fake: amazontest.Config{CutAfter: 3000, Plain: true}, is: amazon.ErrDownload, check: func(t *testing.T, err error) {
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("%v", err)
			}
		}},
		{name: "always throttled", fake: amazontest.Config{ThrottleEvery: 1}, config: func(c *amazon.Config) { c.Retries = 2 }, is: amazon.ErrThrottled},
		{name: "report never ready", fake: amazontest.Config{Polls: 1 << 30}, config: func(c *amazon.Config) { c.MaxWait = 50 * time.Millisecond }, is: amazon.ErrTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t, 300, tc.fake)
			cfg := clientConfig(s)
			if tc.config != nil {
				tc.config(&cfg)
			}
			if tc.revoke {
				s.RevokeRefreshToken()
			}
			_, err := pull(t, newClient(t, cfg))
			if !errors.Is(err, tc.is) {
				t.Fatalf("error %v, want %v", err, tc.is)
			}
			if !strings.HasPrefix(err.Error(), "amazon: ") {
				t.Errorf("message %q lacks the package prefix", err)
			}
			for _, secret := range []string{amazontest.ClientSecret, amazontest.RefreshToken, "X-Amz-Signature", "Atza|"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("message %q quotes a credential", err)
				}
			}
			if tc.check != nil {
				tc.check(t, err)
			}
		})
	}
}

// TestContext: a cancelled context ends the wait for a report at once.
func TestContext(t *testing.T) {
	s := newFake(t, 10, amazontest.Config{Polls: 1 << 30})
	cfg := clientConfig(s)
	cfg.PollInterval = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, cfg).Report(ctx, july)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("error %v after %v", err, time.Since(start))
	}
}

// TestNew: a client without credentials is refused.
func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  amazon.Config
	}{
		{"empty", amazon.Config{}},
		{"no refresh token", amazon.Config{ClientID: "x", ClientSecret: amazon.Secret("y")}},
		{"no secret", amazon.Config{ClientID: "x", RefreshToken: amazon.Secret("y")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := amazon.New(tc.cfg); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// TestTokenRefresh: access tokens that expire within x/oauth2's margin
// are refreshed before each call, and every call still succeeds.
func TestTokenRefresh(t *testing.T) {
	s := newFake(t, 50, amazontest.Config{TokenTTL: 5 * time.Second, Polls: 4})
	if _, err := pull(t, newClient(t, clientConfig(s))); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.TokenCalls < 3 || st.Refused != 0 {
		t.Fatalf("%+v", st)
	}
}
