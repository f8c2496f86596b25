package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// TestLogsHoldNoPersonalData runs a seller's journey and reads every log
// line: each has method, path, status, duration and tenant, and none holds
// the login, the password, a VAT number, a cookie or the file's contents.
func TestLogsHoldNoPersonalData(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "private")
	data, _ := vtr(t, 50, 9)
	c.upload("file", data, nil)
	c.json("POST", "/api/vies/check", map[string]any{"numbers": []string{"DE113866163", "IT01404480202"}}, nil)
	c.json("POST", "/api/login", map[string]string{"login": "private@example.com", "password": "wrong-password-000"}, nil)
	// A path is the client's to choose: a mistyped one may hold a login,
	// in a route's wildcard or where no route is.
	c.do("GET", "/api/reports/"+testCreds("private").Login, "", nil)
	c.do("GET", "/"+testCreds("private").Login, "", nil)
	c.json("DELETE", "/api/account", nil, nil)

	cr := testCreds("private")
	secrets := []string{cr.Login, "private", cr.Password, "113866163", "01404480202", c.cookie(sessionCookie)}
	// Some buyer-side values from the generated file: its cities.
	secrets = append(secrets, "Berlin", "Lyon", "Milano")
	logs := e.logs.String()
	for _, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			t.Errorf("the log holds %q", s)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(logs))
	requests := 0
	routes := map[string]bool{}
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line not JSON: %v", err)
		}
		if line["msg"] != "request" {
			continue
		}
		requests++
		if p, _ := line["path"].(string); p != "" {
			routes[p] = true
		}
		for _, k := range []string{"method", "path", "status", "duration", "tenant"} {
			if _, ok := line[k]; !ok {
				t.Errorf("log line without %s: %v", k, line)
			}
		}
		if p, _ := line["path"].(string); strings.HasPrefix(p, "/api/uploads") && line["tenant"] == "" {
			t.Errorf("upload logged without its tenant: %v", line)
		}
	}
	if !routes["/api/reports/{id}"] || !routes["/api/uploads"] {
		t.Errorf("the log names the routes %v, want /api/reports/{id} and /api/uploads among them", routes)
	}
	if requests < 6 {
		t.Errorf("%d request lines, want one per request (6)", requests)
	}
}

// TestRun starts the command as main does, on a free loopback port with a
// self-signed certificate: TLS 1.1 is refused, TLS 1.2 served with HSTS;
// when the context ends (SIGINT/SIGTERM in main) a request in flight
// completes and every session is wiped, as the audit log shows.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	f := flags{addr: "127.0.0.1:0", data: dir, operator: operatorToken, maxUpload: 1 << 20, params: vault.Floor}
	logs := new(syncBuffer)
	go func() { done <- run(ctx, f, slog.New(slog.NewJSONHandler(logs, nil)), ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	base := "https://" + addr

	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true, MaxVersion: tls.VersionTLS11}}}
	if _, err := old.Get(base + "/"); err == nil {
		t.Error("TLS 1.1 was accepted")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true, MaxVersion: tls.VersionTLS12}}}
	resp, err := hc.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.TLS.Version != tls.VersionTLS12 || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("TLS %x, HSTS %q", resp.TLS.Version, resp.Header.Get("Strict-Transport-Security"))
	}

	cr := testCreds("run")
	for _, path := range []string{"/api/enroll", "/api/login"} {
		resp, err := hc.Post(base+path, "application/json", strings.NewReader(string(jsonBytes(cr.body()))))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	// A login in flight when the shutdown starts still gets its answer:
	// its body is half sent when the context ends.
	inflight := make(chan int, 1)
	pr, pw := io.Pipe()
	go func() {
		resp, err := hc.Post(base+"/api/login", "application/json", pr)
		if err != nil {
			inflight <- 0
			return
		}
		resp.Body.Close()
		inflight <- resp.StatusCode
	}()
	body := jsonBytes(cr.body())
	pw.Write(body[:5])
	time.Sleep(50 * time.Millisecond)
	cancel()
	time.Sleep(50 * time.Millisecond)
	pw.Write(body[5:])
	pw.Close()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if got := <-inflight; got != http.StatusOK {
		t.Errorf("request in flight at shutdown: %d, want 200", got)
	}
	if !strings.Contains(logs.String(), "connection error") || strings.Contains(logs.String(), "127.0.0.1") {
		t.Errorf("the refused TLS 1.1 handshake: want it logged without the client's address; log:\n%s", logs)
	}
	events := storedEvents(t, dir)
	logins, logouts := events[vault.EventLogin], events[vault.EventLogout]
	if logins != 2 || logouts != logins {
		t.Errorf("audit log: %d logins, %d logouts at shutdown; want every session wiped", logins, logouts)
	}
	for _, name := range []string{"vatkit.db", "keys.db", "tenant.key", "audit.key", "audit.head"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("data folder: %v", err)
		}
	}
}
