// Package amazontest is a fake Selling Partner API for tests: Login with
// Amazon's token endpoint, the Reports API 2021-06-30 (createReport,
// getReport, getReportDocument), the Tokens API's restricted data token
// and a pre-signed document URL, on a loopback httptest server. It
// follows the published contracts (the models in
// github.com/amzn/selling-partner-api-models) closely enough that a
// client that works against it makes the same requests of Amazon, and it
// misbehaves on request: slow reports, throttling, FATAL reports, expired
// document URLs, connections cut mid-download, revoked refresh tokens.
package amazontest

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"
)

// Config says how the fake behaves. The zero value serves an empty
// report after three polls, gzipped, with fixed test credentials.
type Config struct {
	// Credentials the token endpoint accepts; "" means ClientID,
	// ClientSecret and RefreshToken below.
	ClientID, ClientSecret, RefreshToken string
	// Report writes the report's text (a VAT transactions report); it is
	// called once, by New, and the result is kept gzipped in memory.
	Report func(w io.Writer) error
	// Polls is how many getReport calls see IN_QUEUE or IN_PROGRESS
	// before Final; 0 means 3, a negative value none.
	Polls int
	// Final is the status the report ends in: "" (DONE), "FATAL" or
	// "CANCELLED".
	Final string
	// ThrottleEvery answers every n-th SP-API call with 429 QuotaExceeded.
	ThrottleEvery int
	// DocumentStatus, when set, is the status the document URL answers
	// (403 is what Amazon's storage says of an expired URL).
	DocumentStatus int
	// CutAfter, when set, closes the download after that many bytes of
	// the document.
	CutAfter int
	// Plain serves the document uncompressed (no compressionAlgorithm).
	Plain bool
	// TokenTTL is the access tokens' lifetime; 0 means an hour, as LWA's.
	TokenTTL time.Duration
}

// The credentials the fake accepts by default.
const (
	ClientID     = "amzn1.application-oa2-client.test"
	ClientSecret = "test-client-secret"
	RefreshToken = "Atzr|test-refresh-token"
)

// Stats counts what the fake was asked.
type Stats struct {
	TokenCalls, Creates, Polls, RDTs, Documents, Downloads, Throttled, Refused int
}

// Server is a running fake. URL is the SP-API endpoint, TokenURL the LWA
// token endpoint.
type Server struct {
	URL, TokenURL string

	cfg   Config
	srv   *httptest.Server
	doc   []byte
	calls atomic.Int64

	mu      sync.Mutex
	revoked bool
	access  map[string]time.Time
	rdts    map[string]string // token → path
	reports map[string]int    // id → polls left
	urls    map[string]time.Time
	stats   Stats
}

// New starts a fake.
func New(cfg Config) (*Server, error) {
	if cfg.ClientID == "" {
		cfg.ClientID, cfg.ClientSecret, cfg.RefreshToken = ClientID, ClientSecret, RefreshToken
	}
	if cfg.Polls == 0 {
		cfg.Polls = 3
	}
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = time.Hour
	}
	s := &Server{cfg: cfg, access: map[string]time.Time{}, rdts: map[string]string{},
		reports: map[string]int{}, urls: map[string]time.Time{}}
	if err := s.build(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/o2/token", s.token)
	mux.HandleFunc("POST /reports/2021-06-30/reports", s.api(s.createReport))
	mux.HandleFunc("GET /reports/2021-06-30/reports/{id}", s.api(s.getReport))
	mux.HandleFunc("POST /tokens/2021-03-01/restrictedDataToken", s.api(s.restrictedToken))
	mux.HandleFunc("GET /reports/2021-06-30/documents/{id}", s.api(s.getDocument))
	mux.HandleFunc("GET /storage/{id}", s.download)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	s.TokenURL = s.srv.URL + "/auth/o2/token"
	return s, nil
}

func (s *Server) build() error {
	var b bytes.Buffer
	var w io.Writer = &b
	var zw *gzip.Writer
	if !s.cfg.Plain {
		zw, _ = gzip.NewWriterLevel(&b, gzip.BestSpeed)
		w = zw
	}
	if s.cfg.Report != nil {
		if err := s.cfg.Report(w); err != nil {
			return err
		}
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return err
		}
	}
	s.doc = b.Bytes()
	return nil
}

// Document returns the report document as the fake serves it: gzipped
// unless Config.Plain. The caller must not modify it.
func (s *Server) Document() []byte { return s.doc }

// Close shuts the fake down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an HTTP client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// RevokeRefreshToken makes the token endpoint refuse the refresh token
// from now on, as LWA does once a seller withdraws the authorisation.
func (s *Server) RevokeRefreshToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
	clear(s.access)
}

// Stats returns the counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

func newID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiError writes the SP-API error body {"errors":[{code,message}]}.
func apiError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]string{{"code": code, "message": msg}}})
}
