package main

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// TestBadInput sends what a careless or hostile client sends: every answer
// is a 4xx with a message, and the session survives.
func TestBadInput(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "bad")
	big := bytes.Repeat([]byte("x"), 5<<20) // MaxUpload is 4 MiB
	many := make([]string, maxNumbers+1)
	for i := range many {
		many[i] = "DE113866163"
	}
	truncated := func() (string, []byte) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "f.csv")
		fw.Write([]byte("type,id\n"))
		return mw.FormDataContentType(), b.Bytes() // no closing boundary
	}
	tests := []struct {
		name, method, path, contentType string
		body                            []byte
		want                            int
	}{
		{"login as text/plain", "POST", "/api/login", "text/plain", []byte(`{"login":"a","password":"b"}`), 415},
		{"login without content type", "POST", "/api/login", "", []byte(`{"login":"a","password":"b"}`), 415},
		{"malformed JSON", "POST", "/api/login", "application/json", []byte(`{"login":`), 400},
		{"unknown field", "POST", "/api/enroll", "application/json", []byte(`{"login":"a@b.c","password":"plum-orbit-7319-vessel","admin":true}`), 400},
		{"two JSON values", "POST", "/api/login", "application/json", []byte(`{"login":"a","password":"b"}{}`), 400},
		{"password not a string", "POST", "/api/login", "application/json", []byte(`{"login":"a","password":123}`), 400},
		{"empty login", "POST", "/api/enroll", "application/json", []byte(`{"login":"","password":"plum-orbit-7319-vessel"}`), 400},
		{"JSON body too large", "POST", "/api/vies/check", "application/json", append([]byte(`{"numbers":["`), bytes.Repeat([]byte("1"), maxJSON)...), 413},
		{"weak password", "POST", "/api/enroll", "application/json", []byte(`{"login":"weak@example.com","password":"password1234"}`), 422},
		{"short password", "POST", "/api/enroll", "application/json", []byte(`{"login":"weak@example.com","password":"Xy7!"}`), 422},
		{"upload as JSON", "POST", "/api/uploads", "application/json", []byte(`{}`), 415},
		{"no numbers", "POST", "/api/vies/check", "application/json", []byte(`{"numbers":[]}`), 400},
		{"too many numbers", "POST", "/api/vies/check", "application/json", jsonBytes(map[string]any{"numbers": many}), 400},
		{"report kind", "POST", "/api/reports", "application/json", []byte(`{"kind":"ecsl","period":"2026-Q3","home":"DE"}`), 400},
		{"report month", "POST", "/api/reports", "application/json", []byte(`{"kind":"oss","period":"2026-07","home":"DE"}`), 400},
		{"report home", "POST", "/api/reports", "application/json", []byte(`{"kind":"oss","period":"2026-Q3","home":"XX"}`), 400},
		{"report format", "POST", "/api/reports", "application/json", []byte(`{"kind":"oss","period":"2026-Q3","home":"DE","format":"pdf"}`), 400},
		{"malformed report id", "GET", "/api/reports/NOSUCHREPORT", "", nil, 410},
		{"unknown report", "GET", "/api/reports/0123456789abcdef0123456789abcdef", "", nil, 410},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := c.do(tt.method, tt.path, tt.contentType, tt.body)
			if resp.StatusCode != tt.want || !strings.Contains(string(b), `"error"`) {
				t.Errorf("status %d %s, want %d with an error message", resp.StatusCode, b, tt.want)
			}
		})
	}
	uploads := []struct {
		name  string
		field string
		data  []byte
		want  int
	}{
		{"oversized upload", "file", big, 413},
		{"no file field", "document", []byte("type,id\n"), 400},
		{"not a known format", "file", []byte("name,colour\nplum,red\n"), 422},
		{"empty file", "file", nil, 422},
	}
	for _, u := range uploads {
		t.Run(u.name, func(t *testing.T) {
			if got := c.upload(u.field, u.data, nil); got != u.want {
				t.Errorf("status %d, want %d", got, u.want)
			}
		})
	}
	t.Run("truncated multipart", func(t *testing.T) {
		ct, body := truncated()
		if resp, b := c.do("POST", "/api/uploads", ct, body); resp.StatusCode != 400 {
			t.Errorf("status %d %s, want 400", resp.StatusCode, b)
		}
	})
	if got := c.json("POST", "/api/vies/check", map[string]any{"numbers": []string{"DE113866163"}}, nil); got != http.StatusOK {
		t.Errorf("the session did not survive the bad input: %d", got)
	}
}

func jsonBytes(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestExpiredSession: a session past its idle timeout is refused, its
// cookies cleared, and the audit log records the expiry.
func TestExpiredSession(t *testing.T) {
	now := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	var clock atomic.Int64 // the handlers read it from other goroutines
	clock.Store(now.UnixNano())
	e := newEnv(t, func(cfg *config) {
		cfg.Sessions = vault.ManagerConfig{IdleTimeout: time.Minute,
			Now: func() time.Time { return time.Unix(0, clock.Load()) }}
	})
	c := e.seller(t, "idle")
	if got := c.json("GET", "/api/reports/NONE", nil, nil); got != http.StatusGone {
		t.Fatalf("fresh session: %d", got)
	}
	clock.Store(now.Add(2 * time.Minute).UnixNano())
	if got := c.json("GET", "/api/reports/NONE", nil, nil); got != http.StatusUnauthorized {
		t.Errorf("expired session: %d, want 401", got)
	}
	if c.cookie(sessionCookie) != "" {
		t.Error("the expired session's cookie was not cleared")
	}
	if e.events(vault.EventSessionExpired) != 1 {
		t.Errorf("audit: %d session_expired events, want 1", e.events(vault.EventSessionExpired))
	}
}

// TestDownloadOnce: a report is handed out once, then 410 Gone, and never
// to another seller (410 too: the store does not tell "never existed"
// from "gone"); an erase deletes a report not yet downloaded.
func TestDownloadOnce(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "owner")
	other := e.seller(t, "other")
	data, _ := vtr(t, 300, 5) // enough sales to pass the €10,000 threshold: lines per country
	c.upload("file", data, nil)
	build := func() string {
		link, got := c.startReport(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE", "format": "csv"})
		if got != http.StatusAccepted {
			t.Fatalf("build: %d", got)
		}
		return link
	}
	link := build()
	steps := []struct {
		who  *client
		want int
	}{
		{other, http.StatusGone},
		{c, http.StatusOK},
		{c, http.StatusGone},
		{other, http.StatusGone},
		{c, http.StatusGone},
	}
	for i, s := range steps {
		resp, b := s.who.do("GET", link, "", nil)
		if s.want == http.StatusOK && resp.StatusCode == http.StatusAccepted {
			resp, b = s.who.await(link) // still building
		}
		if resp.StatusCode != s.want {
			t.Errorf("step %d: status %d, want %d", i, resp.StatusCode, s.want)
		}
		if s.want == http.StatusOK && (!bytes.Contains(b, []byte("FR")) || resp.Header.Get("Content-Disposition") == "" ||
			resp.Header.Get("Content-Type") != "text/csv; charset=utf-8") {
			t.Errorf("step %d: body %q, headers %v", i, b, resp.Header)
		}
	}
	if e.events(vault.EventReportBuilt) != 1 || e.events(vault.EventReportDownloaded) != 1 {
		t.Errorf("audit: %d report_built, %d report_downloaded events, want 1 each",
			e.events(vault.EventReportBuilt), e.events(vault.EventReportDownloaded))
	}

	link = build()
	cr := testCreds("owner")
	c.json("DELETE", "/api/account", nil, nil)
	c.json("POST", "/api/enroll", cr.body(), nil)
	c.json("POST", "/api/login", cr.body(), nil)
	if resp, _ := c.do("GET", link, "", nil); resp.StatusCode != http.StatusGone {
		t.Errorf("report built before the erase: status %d, want 410", resp.StatusCode)
	}
}
