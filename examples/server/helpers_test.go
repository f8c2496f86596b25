package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/time/rate"

	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
	"github.com/vatkit/vatkit/vies"
	"github.com/vatkit/vatkit/vies/viestest"
)

const operatorToken = "operator-token-for-tests"

// env is one server under test: the real handler behind real TLS on
// loopback, an SQLite file, a fake VIES, the audit log and the request log.
type env struct {
	t     *testing.T
	srv   *server
	ts    *httptest.Server
	vies  *viestest.Server
	audit *vault.MemoryAudit
	logs  *syncBuffer
}

// syncBuffer is a bytes.Buffer the request log can write from many
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newEnv starts a server with the lowest production Argon2id parameters
// (vault.Floor) to keep logins fast; change adjusts the config first.
func newEnv(t testing.TB, change func(*config)) *env {
	tt, _ := t.(*testing.T)
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "vatkit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	vt := viestest.NewServer()
	t.Cleanup(vt.Close)
	vt.Set("DE113866163", viestest.Valid("", ""))
	vt.Set("IT01404480202", viestest.Invalid())
	e := &env{t: tt, vies: vt, audit: new(vault.MemoryAudit), logs: new(syncBuffer)}
	cfg := config{
		Store:          store,
		Audit:          e.audit,
		Params:         vault.Floor,
		MaxDerivations: 2,
		VIES:           &vies.Client{SOAPEndpoint: vt.SOAPURL(), MaxRetries: -1, Rate: rate.Inf},
		OperatorToken:  operatorToken,
		TenantKey:      bytes.Repeat([]byte{7}, 32),
		MaxUpload:      4 << 20,
		Logger:         slog.New(slog.NewJSONHandler(e.logs, nil)),
	}
	if change != nil {
		change(&cfg)
	}
	e.srv, err = newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewUnstartedServer(e.srv.Handler())
	e.ts.EnableHTTP2 = true
	e.ts.StartTLS()
	t.Cleanup(func() { e.ts.Close(); e.srv.Close() })
	return e
}

// client is one browser: a cookie jar over the test server's TLS client.
type client struct {
	t    testing.TB
	e    *env
	hc   *http.Client
	base *url.URL
	// bearer, when set, is sent as the Authorization header.
	bearer string
	// noCSRF leaves out the X-CSRF-Token header.
	noCSRF bool
}

func (e *env) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	hc := e.ts.Client()
	hc = &http.Client{Transport: hc.Transport, Jar: jar}
	u, _ := url.Parse(e.ts.URL)
	return &client{t: t, e: e, hc: hc, base: u}
}

// cookie returns the value of a cookie the jar holds, or "".
func (c *client) cookie(name string) string {
	for _, ck := range c.hc.Jar.Cookies(c.base) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// setCookie puts a cookie in the jar, as a forger would.
func (c *client) setCookie(name, value string) {
	c.hc.Jar.SetCookies(c.base, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// do sends one request and returns the response with its body read.
func (c *client) do(method, path, contentType string, body []byte) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.e.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok := c.cookie(csrfCookie); tok != "" && !c.noCSRF {
		req.Header.Set(csrfHeader, tok)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	// Errors are reported without stopping: do runs on load goroutines too,
	// where t.Fatal must not be called. The status 0 then fails the caller.
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Errorf("%s %s: %v", method, path, err)
		return &http.Response{Header: http.Header{}}, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Errorf("%s %s: reading the answer: %v", method, path, err)
	}
	return resp, b
}

// json sends v as JSON (nil: no body) and decodes the answer into out when
// out is not nil; it returns the status.
func (c *client) json(method, path string, v, out any) int {
	c.t.Helper()
	var body []byte
	ct := ""
	if v != nil {
		body, _ = json.Marshal(v)
		ct = "application/json"
	}
	resp, b := c.do(method, path, ct, body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Errorf("%s %s: %v in %q", method, path, err, b)
		}
	}
	return resp.StatusCode
}

// upload posts data as the multipart field field.
func (c *client) upload(field string, data []byte, out any) int {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile(field, "report.txt")
	fw.Write(data)
	mw.Close()
	resp, b := c.do("POST", "/api/uploads", mw.FormDataContentType(), buf.Bytes())
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Errorf("upload: %v in %q", err, b)
		}
	}
	return resp.StatusCode
}

// creds is a test login with a password the policy accepts.
type creds struct{ Login, Password string }

func testCreds(name string) creds {
	return creds{Login: name + "@example.com", Password: "plum-orbit-7319-vessel-quartz"}
}

func (cr creds) body() map[string]string {
	return map[string]string{"login": cr.Login, "password": cr.Password}
}

// seller enrols and logs in a new seller and returns its client.
func (e *env) seller(t testing.TB, name string) *client {
	t.Helper()
	c := e.client(t)
	cr := testCreds(name)
	if got := c.json("POST", "/api/enroll", cr.body(), nil); got != http.StatusCreated {
		t.Fatalf("enroll %s: status %d", name, got)
	}
	if got := c.json("POST", "/api/login", cr.body(), nil); got != http.StatusOK {
		t.Fatalf("login %s: status %d", name, got)
	}
	return c
}

// vtr returns a generated Amazon VAT Transactions Report and its totals.
func vtr(t testing.TB, rows int, seed uint64) ([]byte, gen.Totals) {
	t.Helper()
	var b bytes.Buffer
	tot, err := gen.VTR(&b, gen.VTRConfig{Rows: rows, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), tot
}

// events counts the audit log's events of a type.
func (e *env) events(typ vault.EventType) int {
	n := 0
	for _, en := range e.audit.Entries() {
		if en.Type == typ {
			n++
		}
	}
	return n
}
