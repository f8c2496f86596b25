package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// startRun starts the command as main does, on a free loopback port, and
// stops it when the test ends. It returns the address.
func startRun(t *testing.T, f flags) string {
	t.Helper()
	f.addr, f.params, f.data = "127.0.0.1:0", vault.Floor, t.TempDir()
	if f.operator == "" && f.operatorFile == "" {
		f.operator = operatorToken
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- run(ctx, f, slog.New(slog.DiscardHandler), ready) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return addr
	case err := <-done:
		done <- nil
		t.Fatal(err)
	}
	return ""
}

// insecureClient speaks HTTPS to the self-signed test server.
func insecureClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
}

// TestGeneratedOperatorTokenKept: a token the server makes goes into a
// file of the data folder that only this user can read, replacing an
// earlier one whatever its mode, and reads back through
// -operator-token-file.
func TestGeneratedOperatorTokenKept(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "operator-token"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tok, generated, err := loadOperatorToken(flags{}, func(string) (string, bool) { return "", false })
	if err != nil || !generated {
		t.Fatalf("generated %v, %v", generated, err)
	}
	path, err := keepOperatorToken(dir, tok)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode(), err)
	}
	back, _, err := loadOperatorToken(flags{operatorFile: path}, func(string) (string, bool) { return "", false })
	if err != nil || back != tok {
		t.Fatalf("read back %v", err)
	}
}

// TestOperatorTokenOutOfPS: the operator token can come from a
// file or from the environment instead of the command line, which every
// local user reads with ps; exactly one source is taken, and a bad token
// is refused without being quoted.
func TestOperatorTokenOutOfPS(t *testing.T) {
	const good = "operator-token-from-elsewhere"
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o600)
		return p
	}
	goodFile, shortFile := file("good", good+"\n"), file("short", "tiny\n")
	spaced := file("spaced", "operator token with blanks")
	tests := []struct {
		name    string
		f       flags
		env     string // "" means unset
		want    string
		wantErr bool
	}{
		{"file, line end dropped", flags{operatorFile: goodFile}, "", good, false},
		{"environment", flags{}, good, good, false},
		{"command line", flags{operator: good}, "", good, false},
		{"file and environment", flags{operatorFile: goodFile}, good, "", true},
		{"file and command line", flags{operatorFile: goodFile, operator: good}, "", "", true},
		{"environment and command line", flags{operator: good}, good, "", true},
		{"missing file", flags{operatorFile: filepath.Join(dir, "none")}, "", "", true},
		{"too short", flags{operatorFile: shortFile}, "", "", true},
		{"spaces inside", flags{operatorFile: spaced}, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := func(string) (string, bool) { return tt.env, tt.env != "" }
			got, generated, err := loadOperatorToken(tt.f, env)
			if (err != nil) != tt.wantErr || got != tt.want && !tt.wantErr || generated {
				t.Fatalf("got %q, generated %v, err %v; want %q, error %v", got, generated, err, tt.want, tt.wantErr)
			}
			if err != nil && (strings.Contains(err.Error(), "tiny") || strings.Contains(err.Error(), "blanks")) {
				t.Errorf("the error quotes the token: %v", err)
			}
		})
	}
	t.Run("none: a new random one", func(t *testing.T) {
		none := func(string) (string, bool) { return "", false }
		a, genA, errA := loadOperatorToken(flags{}, none)
		b, _, _ := loadOperatorToken(flags{}, none)
		if errA != nil || !genA || a == b || checkToken(a) != nil {
			t.Errorf("generated %q and %q (%v, %v)", a, b, genA, errA)
		}
	})
	t.Run("the server takes it from the file", func(t *testing.T) {
		addr := startRun(t, flags{operatorFile: goodFile})
		req, _ := http.NewRequest("GET", "https://"+addr+"/api/operator/stats", nil)
		req.Header.Set("Authorization", "Bearer "+good)
		resp, err := insecureClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("operator stats with the file's token: %d", resp.StatusCode)
		}
	})
}

// trickle yields b a few bytes at a time, every pause.
type trickle struct {
	b     []byte
	step  int
	pause time.Duration
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.b) == 0 {
		return 0, io.EOF
	}
	time.Sleep(t.pause)
	n := copy(p[:min(len(p), t.step)], t.b)
	t.b = t.b[n:]
	return n, nil
}

// TestBodyTrickleCut: a body trickled to an unauthenticated
// endpoint is cut off at the body deadline (408) instead of holding the
// connection for minutes, while a logged-in seller's upload may take
// longer than that deadline.
func TestBodyTrickleCut(t *testing.T) {
	const deadline = 500 * time.Millisecond
	e := newEnv(t, func(cfg *config) { cfg.BodyTimeout, cfg.UploadTimeout = deadline, time.Minute })
	c := e.seller(t, "trickle")
	h2 := e.ts.Client()
	h1 := &http.Client{Transport: &http.Transport{TLSClientConfig: h2.Transport.(*http.Transport).TLSClientConfig.Clone()}}
	h1.Transport.(*http.Transport).TLSClientConfig.NextProtos = []string{"http/1.1"}
	for _, path := range []string{"/api/login", "/api/enroll"} {
		for proto, hc := range map[string]*http.Client{"HTTP/2.0": h2, "HTTP/1.1": h1} {
			t.Run(proto+path, func(t *testing.T) {
				body := jsonBytes(testCreds("slow").body()) // ~75 bytes over ~7 s
				req, _ := http.NewRequest("POST", e.ts.URL+path, &trickle{b: body, step: 1, pause: 100 * time.Millisecond})
				req.Header.Set("Content-Type", "application/json")
				start := time.Now()
				resp, err := hc.Do(req)
				took := time.Since(start)
				if err == nil {
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != http.StatusRequestTimeout || took > 4*deadline || resp.Proto != proto {
					t.Errorf("trickled body: %v (%s) after %v, want 408 within %v", statusOf(resp, err), proto, took, 4*deadline)
				}
			})
		}
	}
	t.Run("a seller's upload", func(t *testing.T) {
		data, _ := vtr(t, 20, 3)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "report.txt")
		fw.Write(data)
		mw.Close()
		step := buf.Len()/10 + 1 // ten pieces over 1.5 s: three deadlines
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/uploads", &trickle{b: buf.Bytes(), step: step, pause: 150 * time.Millisecond})
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set(csrfHeader, c.cookie(csrfCookie))
		resp, err := c.hc.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("upload sent over 1.5 s: %v, want 200", statusOf(resp, err))
		}
	})
}

func statusOf(resp *http.Response, err error) any {
	if err != nil {
		return err
	}
	return resp.Status
}

// TestHeaderLimit: a request header past 16 KiB is refused with
// 431; one within it is served.
func TestHeaderLimit(t *testing.T) {
	addr := startRun(t, flags{})
	hc := insecureClient()
	for _, tt := range []struct {
		size int
		want int
	}{{8 << 10, http.StatusOK}, {24 << 10, http.StatusRequestHeaderFieldsTooLarge}} {
		req, _ := http.NewRequest("GET", "https://"+addr+"/", nil)
		req.Header.Set("X-Padding", strings.Repeat("a", tt.size))
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%d-byte header: %d, want %d", tt.size, resp.StatusCode, tt.want)
		}
	}
}

// dialFrom completes a TLS handshake with addr from the loopback address
// local within wait, or returns the error.
func dialFrom(local, addr string, wait time.Duration) (net.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: wait}
	raw, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := tls.Client(raw, &tls.Config{InsecureSkipVerify: true})
	c.SetDeadline(time.Now().Add(wait))
	if err := c.Handshake(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// TestConnectionCaps: with -max-conns 3 and -max-conns-per-client
// 2, a client's third connection is closed at once while another client
// is still served; a fourth connection in all waits until one closes.
func TestConnectionCaps(t *testing.T) {
	if c, err := net.ListenPacket("udp", "127.0.0.2:0"); err != nil {
		t.Skipf("needs the whole 127.0.0.0/8 on loopback (Linux): %v", err)
	} else {
		c.Close()
	}
	addr := startRun(t, flags{maxConns: 3, maxConnsPerClient: 2})
	const wait = time.Second
	var open []net.Conn
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	for _, local := range []string{"127.0.0.1", "127.0.0.1"} {
		c, err := dialFrom(local, addr, 5*time.Second)
		if err != nil {
			t.Fatalf("connection from %s: %v", local, err)
		}
		open = append(open, c)
	}
	if c, err := dialFrom("127.0.0.1", addr, 5*time.Second); err == nil {
		c.Close()
		t.Error("a third connection from one client was served")
	}
	c, err := dialFrom("127.0.0.2", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("another client was refused: %v", err)
	}
	open = append(open, c)
	if c, err := dialFrom("127.0.0.3", addr, wait); err == nil {
		c.Close()
		t.Error("a fourth connection was served with three open")
	}
	open[0].Close()
	open = open[1:]
	c, err = dialFrom("127.0.0.3", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("after one closed, a new connection: %v", err)
	}
	open = append(open, c)
}
