package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/vault"
)

// TestSellerJourney walks a seller through the API in order: enrol, log in,
// upload, upload again, check numbers, log out, log in, erase, and fail to
// log in afterwards.
func TestSellerJourney(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client(t)
	cr := testCreds("journey")

	if got := c.json("POST", "/api/enroll", cr.body(), nil); got != http.StatusCreated {
		t.Fatalf("enroll: %d", got)
	}
	if got := c.json("POST", "/api/enroll", cr.body(), nil); got != http.StatusCreated {
		t.Errorf("enroll twice: %d, want 201 as for a new login", got)
	}
	wrong := map[string]string{"login": cr.Login, "password": cr.Password + "x"}
	if got := c.json("POST", "/api/login", wrong, nil); got != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", got)
	}
	if got := c.json("POST", "/api/login", cr.body(), nil); got != http.StatusOK {
		t.Fatalf("login: %d", got)
	}

	data, tot := vtr(t, 300, 1)
	var first uploadResult
	if got := c.upload("file", data, &first); got != http.StatusOK {
		t.Fatalf("upload: %d", got)
	}
	if first.Rows != tot.Rows || first.Accepted+first.Duplicates+first.RejectedTotal != first.Rows {
		t.Errorf("upload: %+v for %d rows written", first, tot.Rows)
	}
	if first.Accepted == 0 || first.Format == "" {
		t.Errorf("upload accepted nothing: %+v", first)
	}
	var again uploadResult
	c.upload("file", data, &again)
	if again.Accepted != 0 || again.Duplicates != again.Rows-again.RejectedTotal {
		t.Errorf("same file again: %+v, want every row a duplicate", again)
	}

	var checked struct{ Results []checkResult }
	c.json("POST", "/api/vies/check", map[string]any{"numbers": []string{"DE 113 866 163", "IT01404480202", "ATU13585627", "XX12"}}, &checked)
	want := []string{"valid", "invalid", "unavailable", "invalid"}
	if len(checked.Results) != len(want) {
		t.Fatalf("vies: %+v", checked)
	}
	for i, w := range want {
		if checked.Results[i].Status != w {
			t.Errorf("vies result %d: %+v, want %s", i, checked.Results[i], w)
		}
	}
	if checked.Results[0].Number != "DE113866163" || checked.Results[0].Date == "" {
		t.Errorf("valid number without canonical form or date: %+v", checked.Results[0])
	}
	if checked.Results[3].Reason == "" {
		t.Errorf("malformed number without a reason: %+v", checked.Results[3])
	}

	link, got := c.startReport(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE", "format": "json"})
	if got != http.StatusAccepted {
		t.Fatalf("build report: %d", got)
	}
	resp, ret := c.await(link)
	wantRet := expectedOSS(t, "DE", "2026-Q3", data)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(ret, wantRet) {
		t.Errorf("download: %d\n%s\nwant the return computed from the file directly:\n%s", resp.StatusCode, ret, wantRet)
	}
	if !bytes.Contains(wantRet, []byte(`"country": "FR"`)) {
		t.Errorf("the expected return declares no sale to FR; the test data changed: %s", wantRet)
	}
	if resp, _ := c.do("GET", link, "", nil); resp.StatusCode != http.StatusGone {
		t.Errorf("second download: %d, want 410", resp.StatusCode)
	}

	if got := c.json("POST", "/api/logout", nil, nil); got != http.StatusNoContent {
		t.Errorf("logout: %d", got)
	}
	if got := c.json("POST", "/api/vies/check", map[string]any{"numbers": []string{"DE113866163"}}, nil); got != http.StatusUnauthorized {
		t.Errorf("after logout: %d, want 401", got)
	}
	c.json("POST", "/api/login", cr.body(), nil)
	if got := c.json("DELETE", "/api/account", nil, nil); got != http.StatusNoContent {
		t.Fatalf("erase: %d", got)
	}
	if got := c.json("POST", "/api/login", cr.body(), nil); got != http.StatusUnauthorized {
		t.Errorf("login after erase: %d, want 401", got)
	}
	if got := c.json("POST", "/api/enroll", cr.body(), nil); got != http.StatusCreated {
		t.Errorf("enrol again after erase: %d, want 201", got)
	}
	c.json("POST", "/api/login", cr.body(), nil)
	var fresh uploadResult
	c.upload("file", data, &fresh)
	if fresh.Accepted != first.Accepted {
		t.Errorf("after erase the old rows are still known: %+v, want %d accepted", fresh, first.Accepted)
	}

	for _, typ := range []vault.EventType{vault.EventEnrol, vault.EventLogin, vault.EventLoginFailed,
		vault.EventUpload, vault.EventVIESCheck, vault.EventReportBuilt, vault.EventReportDownloaded,
		vault.EventLogout, vault.EventErase} {
		if e.events(typ) == 0 {
			t.Errorf("audit log has no %s event", typ)
		}
	}
	if err := e.audit.Verify(); err != nil {
		t.Errorf("audit chain: %v", err)
	}
}

// TestSessionCookie checks the flags of the cookies a login sets and that
// logout clears them.
func TestSessionCookie(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client(t)
	cr := testCreds("cookie")
	c.json("POST", "/api/enroll", cr.body(), nil)
	body := strings.NewReader(`{"login":"` + cr.Login + `","password":"` + cr.Password + `"}`)
	resp, err := c.hc.Post(e.ts.URL+"/api/login", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	found := map[string]*http.Cookie{}
	for _, ck := range resp.Cookies() {
		found[ck.Name] = ck
	}
	s, x := found[sessionCookie], found[csrfCookie]
	switch {
	case s == nil || x == nil:
		t.Fatalf("cookies %v, want %s and %s", resp.Cookies(), sessionCookie, csrfCookie)
	case !s.HttpOnly || !s.Secure || s.SameSite != http.SameSiteStrictMode:
		t.Errorf("session cookie %+v: want HttpOnly, Secure, SameSite=Strict", s)
	case x.HttpOnly || !x.Secure || x.SameSite != http.SameSiteStrictMode:
		t.Errorf("csrf cookie %+v: want readable by the page, Secure, SameSite=Strict", x)
	case len(s.Value) < 26 || s.Value == x.Value:
		t.Errorf("session token %d characters, csrf equal to it: %v", len(s.Value), s.Value == x.Value)
	}
	c.json("POST", "/api/logout", nil, nil)
	if c.cookie(sessionCookie) != "" || c.cookie(csrfCookie) != "" {
		t.Error("logout left the cookies in the browser")
	}
}

// TestSecureHeaders checks HSTS and the other headers on the page and the
// API, and that only TLS 1.2 or later is spoken.
func TestSecureHeaders(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client(t)
	for _, path := range []string{"/", "/app.js", "/api/operator/stats"} {
		resp, _ := c.do("GET", path, "", nil)
		for _, h := range []string{"Strict-Transport-Security", "Content-Security-Policy",
			"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("%s: no %s header", path, h)
			}
		}
		if strings.HasPrefix(path, "/api/") && resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, resp.Header.Get("Cache-Control"))
		}
	}
	resp, b := c.do("GET", "/", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `<label for="password">`) {
		t.Errorf("page: %d, without its labelled password field", resp.StatusCode)
	}
}
