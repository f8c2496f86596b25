// Package paypaltest is a fake of PayPal's REST API for tests: the
// OAuth2 token endpoint (client credentials, HTTP Basic) and Transaction
// Search, GET /v1/reporting/transactions, on a loopback httptest server.
// It follows the published contract (reporting_transactions_v1.json in
// github.com/paypal/paypal-rest-api-specifications) and its limits: at
// most 31 days per search, at most 500 per page, no more than 10,000
// results per search, dates with PayPal's "+0000" offsets, and access
// tokens it can end before their stated expiry. It misbehaves on request:
// throttling, a malformed page.
package paypaltest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"time"
)

// The credentials the fake accepts by default.
const (
	ClientID     = "AcTestClientId"
	ClientSecret = "EPtestClientSecret"
)

// Config says how the fake behaves.
type Config struct {
	// ClientID and ClientSecret accepted; "" means the constants above.
	ClientID, ClientSecret string
	// Transactions are what the account holds, in any order.
	Transactions []Transaction
	// TokenUses ends every access token after that many searches (401
	// invalid_token), as PayPal may before the stated expiry; 0 never, a
	// negative value at once.
	TokenUses int
	// MalformedSearch answers the n-th search (from 1) with broken JSON.
	MalformedSearch int
	// ThrottleEvery answers every n-th search with 429.
	ThrottleEvery int
	// MaxResults is the most results one search may have (default
	// 10,000); a search over it is refused with RESULTSET_TOO_LARGE.
	MaxResults int
}

// Stats counts what the fake was asked.
type Stats struct {
	Tokens, Searches, Expired, Throttled, TooLarge, Refused int
}

// Server is a running fake; URL is its base URL, for paypal.Config.BaseURL.
type Server struct {
	URL string

	cfg    Config
	srv    *httptest.Server
	txs    []Transaction
	mu     sync.Mutex
	tokens map[string]int // token → searches left (-1: unlimited)
	stats  Stats
}

// New starts a fake.
func New(cfg Config) *Server {
	if cfg.ClientID == "" {
		cfg.ClientID, cfg.ClientSecret = ClientID, ClientSecret
	}
	if cfg.MaxResults == 0 {
		cfg.MaxResults = 10_000
	}
	s := &Server{cfg: cfg, tokens: map[string]int{}}
	s.txs = append([]Transaction(nil), cfg.Transactions...)
	sort.SliceStable(s.txs, func(i, j int) bool { return s.txs[i].Date.Before(s.txs[j].Date) })
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth2/token", s.token)
	mux.HandleFunc("GET /v1/reporting/transactions", s.search)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close shuts the fake down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an HTTP client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Stats returns the counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if !ok || id != s.cfg.ClientID || secret != s.cfg.ClientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client", "error_description": "Client Authentication failed"})
		return
	}
	var b [16]byte
	rand.Read(b[:])
	tok := "A21AA" + hex.EncodeToString(b[:])
	s.mu.Lock()
	s.stats.Tokens++
	switch left := s.cfg.TokenUses; {
	case left == 0:
		s.tokens[tok] = -1
	case left < 0:
		s.tokens[tok] = 0
	default:
		s.tokens[tok] = left
	}
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"scope": "https://uri.paypal.com/services/reporting/search/read",
		"access_token": tok, "token_type": "Bearer", "app_id": "APP-80W284485P519543T", "expires_in": 32400, "nonce": "n"})
}

// authorised spends one use of the request's bearer token.
func (s *Server) authorised(r *http.Request) (ok, expired bool) {
	h := r.Header.Get("Authorization")
	const p = "Bearer "
	if len(h) <= len(p) || h[:len(p)] != p {
		return false, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	left, found := s.tokens[h[len(p):]]
	switch {
	case !found:
		return false, false
	case left == 0:
		s.stats.Expired++
		return false, true
	case left > 0:
		s.tokens[h[len(p):]] = left - 1
	}
	return true, false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiError writes PayPal's REST error body.
func apiError(w http.ResponseWriter, status int, name, msg string) {
	writeJSON(w, status, map[string]any{"name": name, "message": msg, "debug_id": "f00dfeed"})
}

// ppTime formats a date as PayPal's responses do: "+0000", no colon.
func ppTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }
