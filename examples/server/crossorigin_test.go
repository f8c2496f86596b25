package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCrossOrigin: what a browser marks as coming from another site is
// refused on every route that changes state — login and enrolment too, and
// even with the right X-CSRF-Token — while same-origin requests, requests
// without either header (not from a browser page) and GETs go through.
func TestCrossOrigin(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "origin")
	tests := []struct {
		name    string
		headers map[string]string
		refused bool
	}{
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, true},
		{"sibling subdomain", map[string]string{"Sec-Fetch-Site": "same-site"}, true},
		{"foreign Origin, no Sec-Fetch-Site", map[string]string{"Origin": "https://shop.example"}, true},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.ts.URL}, false},
		{"own Origin, no Sec-Fetch-Site", map[string]string{"Origin": e.ts.URL}, false},
		{"no browser headers", nil, false},
	}
	routes := append([]endpoint{{"POST", "/api/login", testCreds("origin").body()},
		{"POST", "/api/enroll", testCreds("origin-2").body()}}, sellerEndpoints...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ep := range routes {
				if ep.path == "/api/logout" || ep.path == "/api/account" {
					continue // they end the session: tested once, below
				}
				status, msg := send(t, c, ep, tt.headers)
				refused := status == http.StatusForbidden && msg == msgCrossOrigin
				assert.Equal(t, tt.refused && ep.method != "GET", refused, "%s %s: status %d %q", ep.method, ep.path, status, msg)
			}
		})
	}
	status, _ := send(t, c, endpoint{"DELETE", "/api/account", nil}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	assert.Equal(t, http.StatusForbidden, status, "cross-site erase")
	status, _ = send(t, c, endpoint{"DELETE", "/api/account", nil}, map[string]string{"Sec-Fetch-Site": "same-origin"})
	assert.Equal(t, http.StatusNoContent, status, "same-origin erase")
}

// send makes one request as c, with the session's X-CSRF-Token and the
// given headers, and returns the status and the error message if any.
func send(t *testing.T, c *client, ep endpoint, headers map[string]string) (int, string) {
	t.Helper()
	var body []byte
	if ep.body != nil {
		body, _ = json.Marshal(ep.body)
	}
	req, err := http.NewRequest(ep.method, c.e.ts.URL+ep.path, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(csrfHeader, c.cookie(csrfCookie))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var answer struct{ Error string }
	json.NewDecoder(resp.Body).Decode(&answer)
	return resp.StatusCode, answer.Error
}
