package main

import (
	"fmt"
	"net/http"
	"testing"
)

// endpoint is one route of the API with a body that gets past its own
// validation only when the caller is admitted.
type endpoint struct {
	method, path string
	body         any
}

var sellerEndpoints = []endpoint{
	{"POST", "/api/logout", nil},
	{"POST", "/api/uploads", nil},
	{"POST", "/api/vies/check", map[string]any{"numbers": []string{"DE113866163"}}},
	{"POST", "/api/reports", map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE"}},
	{"GET", "/api/reports/UNKNOWNID", nil},
	{"DELETE", "/api/account", nil},
}

// TestPermissions runs every endpoint for every kind of caller: the
// operator token opens the operator endpoint only, a seller's cookie the
// seller endpoints only, and nothing else opens anything.
func TestPermissions(t *testing.T) {
	e := newEnv(t, nil)
	type caller struct {
		name string
		make func(t *testing.T, i int) *client
		// seller and operator are the statuses expected on the seller
		// endpoints and on GET /api/operator/stats; 0 means "admitted"
		// (anything but 401 and 403).
		seller, operator int
	}
	callers := []caller{
		{"anonymous", func(t *testing.T, i int) *client { return e.client(t) }, 401, 401},
		{"forged session cookie", func(t *testing.T, i int) *client {
			c := e.client(t)
			c.setCookie(sessionCookie, "AAAAAAAAAAAAAAAAAAAAAAAAAA")
			c.setCookie(csrfCookie, "00000000000000000000000000000000")
			return c
		}, 401, 403},
		{"wrong bearer token", func(t *testing.T, i int) *client {
			c := e.client(t)
			c.bearer = "not-the-operator-token"
			return c
		}, 401, 401},
		{"operator", func(t *testing.T, i int) *client {
			c := e.client(t)
			c.bearer = operatorToken
			return c
		}, 403, 0},
		{"operator token with a seller's cookie", func(t *testing.T, i int) *client {
			c := e.seller(t, fmt.Sprintf("both%d", i))
			c.bearer = operatorToken
			return c
		}, 403, 0},
		{"seller", func(t *testing.T, i int) *client { return e.seller(t, fmt.Sprintf("seller%d", i)) }, 0, 403},
	}
	for _, cl := range callers {
		t.Run(cl.name, func(t *testing.T) {
			// A fresh caller per endpoint: logout and erase end a session.
			for i, ep := range sellerEndpoints {
				c := cl.make(t, i)
				got := c.json(ep.method, ep.path, ep.body, nil)
				if ep.method == "POST" && ep.path == "/api/uploads" {
					got = c.upload("file", []byte("not a report\n"), nil)
				}
				check(t, ep.method+" "+ep.path, got, cl.seller)
			}
			c := cl.make(t, len(sellerEndpoints))
			check(t, "GET /api/operator/stats", c.json("GET", "/api/operator/stats", nil, nil), cl.operator)
			if cl.seller == 403 {
				for _, path := range []string{"/api/enroll", "/api/login"} {
					check(t, "POST "+path, c.json("POST", path, testCreds("x").body(), nil), 403)
				}
			}
		})
	}
}

// check compares a status with the expected one; want 0 means admitted.
func check(t *testing.T, what string, got, want int) {
	t.Helper()
	switch {
	case want == 0 && (got == http.StatusUnauthorized || got == http.StatusForbidden):
		t.Errorf("%s: status %d, want the caller admitted", what, got)
	case want != 0 && got != want:
		t.Errorf("%s: status %d, want %d", what, got, want)
	}
}

// TestCSRF refuses every state-changing request of a logged-in seller
// without the header or with a value that is not the session's, and does
// not require it on GET.
func TestCSRF(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "csrf")
	other := e.seller(t, "other")
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"no header", "", http.StatusForbidden},
		{"another session's value", other.cookie(csrfCookie), http.StatusForbidden},
		{"made up", "0123456789abcdef0123456789abcdef", http.StatusForbidden},
		{"this session's value", c.cookie(csrfCookie), http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ep := range sellerEndpoints {
				if ep.method == "GET" || ep.path == "/api/logout" || ep.path == "/api/account" {
					continue // GET needs none; the last two end the session (below)
				}
				req, _ := http.NewRequest(ep.method, e.ts.URL+ep.path, nil)
				req.Header.Set("Content-Type", "application/json")
				if tt.header != "" {
					req.Header.Set(csrfHeader, tt.header)
				}
				resp, err := c.hc.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if tt.want == http.StatusForbidden && resp.StatusCode != tt.want {
					t.Errorf("%s %s: status %d, want 403", ep.method, ep.path, resp.StatusCode)
				}
				if tt.want != http.StatusForbidden && resp.StatusCode == http.StatusForbidden {
					t.Errorf("%s %s: refused with the right token", ep.method, ep.path)
				}
			}
		})
	}
	c.noCSRF = true
	for _, ep := range []endpoint{{"POST", "/api/logout", nil}, {"DELETE", "/api/account", nil}} {
		if got := c.json(ep.method, ep.path, nil, nil); got != http.StatusForbidden {
			t.Errorf("%s %s without the header: status %d, want 403", ep.method, ep.path, got)
		}
	}
	if got := c.json("GET", "/api/reports/UNKNOWNID", nil, nil); got != http.StatusGone {
		t.Errorf("GET without the header: status %d, want 410", got)
	}
}
