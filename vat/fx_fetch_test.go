package vat

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ecbServer serves the fixtures the way www.ecb.europa.eu serves its files.
func ecbServer(t *testing.T) *httptest.Server {
	t.Helper()
	daily, err := os.ReadFile(filepath.Join("testdata", "fx", "eurofxref-daily-2024-06-28.xml"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats/eurofxref/eurofxref-daily.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.Write(daily)
	})
	mux.HandleFunc("GET /broken.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"><Cube>`))
	})
	mux.HandleFunc("GET /latin1.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><Envelope/>`))
	})
	mux.HandleFunc("GET /down.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("GET /slow.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write(daily[:100])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("GET /cut.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write(daily[:500])
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestECBClientFetch(t *testing.T) {
	srv := ecbServer(t)
	c := ECBClient{HTTPClient: srv.Client(), URL: srv.URL + "/stats/eurofxref/eurofxref-daily.xml"}
	tb, err := c.Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rate, pub, err := tb.Rate(context.Background(), "USD", day(2024, 6, 28))
	if err != nil || !rate.Equal(mustDec("1.0705")) || !pub.Equal(day(2024, 6, 28)) {
		t.Errorf("USD = %s, %v, %v; want 1.0705 on 2024-06-28", rate, pub, err)
	}
	size := int64(len(fxReadFile(t, filepath.Join("testdata", "fx", "eurofxref-daily-2024-06-28.xml"))))
	c.MaxBytes = size
	if _, err := c.Fetch(context.Background()); err != nil {
		t.Errorf("a document of exactly MaxBytes: %v", err)
	}
}

func TestECBClientErrors(t *testing.T) {
	srv := ecbServer(t)
	tests := []struct {
		name    string
		c       ECBClient
		timeout time.Duration
		want    error
		status  int
		reason  string
	}{
		{"HTTP 503", ECBClient{URL: srv.URL + "/down.xml"}, 0, ErrFXUnavailable, 503, "HTTP status 503"},
		{"HTTP 404", ECBClient{URL: srv.URL + "/missing.xml"}, 0, ErrFXUnavailable, 404, "HTTP status 404"},
		{"malformed", ECBClient{URL: srv.URL + "/broken.xml"}, 0, ErrECBFormat, 0, ""},
		{"undeclared charset is a document error", ECBClient{URL: srv.URL + "/latin1.xml"}, 0, ErrECBFormat, 0, ""},
		{"too large", ECBClient{URL: srv.URL + "/stats/eurofxref/eurofxref-daily.xml", MaxBytes: 1000}, 0, ErrFXUnavailable, 200, "larger than 1000 bytes"},
		{"context deadline", ECBClient{URL: srv.URL + "/slow.xml"}, 200 * time.Millisecond, ErrFXUnavailable, 0, ""},
		{"client timeout", ECBClient{URL: srv.URL + "/slow.xml", HTTPClient: &http.Client{Timeout: 200 * time.Millisecond}}, 0, ErrFXUnavailable, 0, ""},
		{"connection cut", ECBClient{URL: srv.URL + "/cut.xml"}, 0, ErrFXUnavailable, 200, "download failed"},
		{"nothing listening", ECBClient{URL: "http://127.0.0.1:1/x.xml"}, 0, ErrFXUnavailable, 0, "request failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			start := time.Now()
			tb, err := tt.c.Fetch(ctx)
			if tb != nil || !errors.Is(err, tt.want) {
				t.Fatalf("Fetch = %v, %v; want %v", tb, err, tt.want)
			}
			if tt.want == ErrECBFormat && errors.Is(err, ErrFXUnavailable) {
				t.Errorf("a bad document reported as an unavailable source: %v", err)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("Fetch took %v: the timeout did not bite", time.Since(start))
			}
			var fe *FXFetchError
			if errors.As(err, &fe) {
				if tt.status != 0 && fe.StatusCode != tt.status || !strings.Contains(fe.Reason, tt.reason) {
					t.Errorf("FXFetchError %+v, want status %d and %q", fe, tt.status, tt.reason)
				}
			}
			if !strings.HasPrefix(err.Error(), "vat: ") {
				t.Errorf("message %q lacks the package prefix", err)
			}
		})
	}
}

func TestECBClientDefaults(t *testing.T) {
	var c ECBClient
	if c.maxBytes() != 64<<20 || c.client().Timeout != 60*time.Second {
		t.Errorf("zero ECBClient: max %d, timeout %v", c.maxBytes(), c.client().Timeout)
	}
	// The zero value must aim at the ECB's history file; asking a transport
	// that records the URL keeps the test off the network.
	var asked string
	c.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		asked = r.URL.String()
		return nil, errors.New("offline")
	})}
	if _, err := c.Fetch(context.Background()); !errors.Is(err, ErrFXUnavailable) || asked != ECBHistURL {
		t.Errorf("zero URL fetched %q (%v), want %s", asked, err, ECBHistURL)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func fxReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
