package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/internal/dbtest"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// The scale-out run: sellers, the files each uploads (one report after
// each), the rows of a file, and the bound of the whole run.
const (
	scaleSellers = 20
	scaleFiles   = 3
	scaleRows    = 40
	scaleBound   = 3 * time.Minute
	// opBudget is how long a client keeps repeating one step that the
	// servers answer with "try again".
	opBudget = 90 * time.Second
)

// TestGaleraScaleOut runs two server processes, each on its own node of a
// three-node MariaDB Galera cluster (.ci/galera.sh), behind haproxy with
// cookie stickiness (a seller's session keys live in one process's memory
// only) and health checks. Twenty sellers enrol, log in, upload three
// files each and build their OSS return after each upload, all at once;
// a third of the way through, the node under the second server is killed
// (SIGKILL) and restarted, and rejoins by incremental state transfer.
// Afterwards every return equals the one computed from the seller's files
// directly, the cluster holds each line once, and every request either
// succeeded or was answered "try again" (503, or a dropped connection) and
// repeated as a client should until it succeeded. Bounded: fixed work,
// three minutes at most once the server is built; loopback only.
func TestGaleraScaleOut(t *testing.T) {
	if testing.Short() {
		t.Skip("scale-out test skipped in -short mode")
	}
	dsns := dbtest.Galera(t)
	clusterDir := os.Getenv(dbtest.GaleraDirEnv)
	haproxy, err := exec.LookPath("haproxy")
	switch {
	case clusterDir == "" || err != nil:
		msg := fmt.Sprintf("%s is set but %s is not, or haproxy is not installed: the test needs both (.ci/galera.sh sets the first and installs the second)",
			dbtest.GaleraEnv, dbtest.GaleraDirEnv)
		if os.Getenv(dbtest.RequireEnv) != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	case len(dsns) < 3:
		t.Fatalf("%s names %d nodes, want 3: the cluster keeps a majority with one killed", dbtest.GaleraEnv, len(dsns))
	}
	tmp := t.TempDir()

	// The build has a bound of its own: on a fresh machine it compiles
	// every dependency without the race detector first.
	t0 := time.Now()
	bctx, bcancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer bcancel()
	bin := filepath.Join(tmp, "server")
	if out, err := exec.CommandContext(bctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("scale-out: server built in %v", time.Since(t0).Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), scaleBound)
	defer cancel()

	keysDB := resetGalera(t, dsns[0])
	// Both servers share the keys a data folder holds: the login lookup's
	// and the audit log's.
	var shared [2][]byte
	for i := range shared {
		shared[i] = make([]byte, 32)
		rand.Read(shared[i])
	}
	var backends []*serverProc
	for i := range 2 {
		data := filepath.Join(tmp, fmt.Sprintf("data%d", i+1))
		if err := os.MkdirAll(data, 0o700); err != nil {
			t.Fatal(err)
		}
		for j, name := range []string{"tenant.key", auditKeyFile} {
			if err := os.WriteFile(filepath.Join(data, name), shared[j], 0o600); err != nil {
				t.Fatal(err)
			}
		}
		// One at a time: the first creates the schema.
		backends = append(backends, startServer(t, ctx, bin, "-addr", "127.0.0.1:0", "-data", data, "-kdf-floor",
			"-store", "mysql:"+dsns[i], "-keys", "mysql:"+withDB(t, keysDB, dsns[i])))
	}
	lb, pool := startHAProxy(t, ctx, haproxy, tmp, backends)

	// A seller's files are the parts of one generated report (whose
	// generator numbers orders from 1 whatever the seed: two reports of
	// one seller would share their lines). Each part keeps the report's
	// line numbers, blank lines standing for the rows of the parts before
	// it, so that a review entry names one row: the return computed from
	// the parts merges the reasons of rows that share a line number.
	files := make([][][]byte, scaleSellers)
	whole := make([][]byte, scaleSellers)
	for i := range files {
		whole[i], _ = vtr(t, scaleFiles*scaleRows, uint64(i+1))
		header, body, _ := bytes.Cut(whole[i], []byte("\n"))
		rows := bytes.SplitAfter(body, []byte("\n"))
		per := (len(rows) + scaleFiles - 1) / scaleFiles
		for f := range scaleFiles {
			from, to := min(f*per, len(rows)), min((f+1)*per, len(rows))
			files[i] = append(files[i], slices.Concat(header, []byte("\n"), bytes.Repeat([]byte("\n"), from), bytes.Join(rows[from:to], nil)))
		}
	}
	if want := expectedOSSOf(t, scaleSeller(t), "2026-Q3", whole[0]); !bytes.Contains(want, []byte(`"vat_amount"`)) ||
		!bytes.Equal(expectedOSSOf(t, scaleSeller(t), "2026-Q3", files[0]...), want) {
		t.Fatal("the expected return declares no sale, or the parts' differs from the report's: the test data changed")
	}
	st := &scaleStats{byKind: make(map[string][]time.Duration)}
	killAt := scaleSellers * scaleFiles / 3
	var uploaded atomic.Int32
	killNow := make(chan struct{})
	var killOnce sync.Once
	recovered := make(chan time.Duration, 1)
	var killedAt time.Time
	go func() {
		select {
		case <-killNow:
		case <-ctx.Done():
			recovered <- -1
			return
		}
		killedAt = time.Now()
		recovered <- killAndRestart(t, ctx, clusterDir, dsns[1], 2)
	}()

	start := time.Now()
	var wg sync.WaitGroup
	results := make([]sellerResult, scaleSellers)
	clients := make([]*lbClient, scaleSellers)
	for i := range scaleSellers {
		clients[i] = newLBClient(lb, pool, st)
		wg.Go(func() {
			c := clients[i]
			results[i] = c.run(ctx, t, i, files[i], func() {
				if uploaded.Add(1) == int32(killAt) {
					killOnce.Do(func() { close(killNow) })
				}
			})
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	killOnce.Do(func() { close(killNow) }) // never fired: the check below fails
	recovery := <-recovered

	total := 0
	var all []time.Duration
	var summary []string
	for kind, ds := range st.byKind {
		total += len(ds)
		all = append(all, ds...)
		summary = append(summary, fmt.Sprintf("%s: %d, p50 %v, p99 %v", kind, len(ds),
			percentile(ds, 0.50).Round(time.Millisecond), percentile(ds, 0.99).Round(time.Millisecond)))
	}
	slices.Sort(summary)
	t.Logf("scale-out: %d sellers × %d files of %d rows through haproxy to 2 servers on 2 of 3 Galera nodes; node 2 killed after %d uploads",
		scaleSellers, scaleFiles, scaleRows, killAt)
	t.Logf("scale-out: %d requests in %v, p50 %v, p99 %v; %d answered \"try again\" and repeated (%d of them 503, %d dropped connections); longest wait of a step %v",
		total, elapsed.Round(time.Millisecond), percentile(all, 0.50).Round(time.Millisecond), percentile(all, 0.99).Round(time.Millisecond),
		st.retries.Load(), st.busy.Load(), st.dropped.Load(), time.Duration(st.longest.Load()).Round(time.Millisecond))
	for _, s := range summary {
		t.Logf("scale-out:   %s", s)
	}
	if recovery < 0 {
		t.Fatal("node 2 was not killed and brought back")
	}
	t.Logf("scale-out: node 2 killed, restarted 2 s later, and Synced again in the cluster of 3 %v after the kill; the last \"try again\" %v after it",
		recovery.Round(time.Millisecond), time.Unix(0, st.lastTry.Load()).Sub(killedAt).Round(time.Millisecond))
	byServer := map[string]int{}
	for i, r := range results {
		if r.err != nil {
			t.Errorf("seller %d: %v", i, r.err)
		}
		byServer[r.server]++
	}
	t.Logf("scale-out: sellers per server (haproxy cookie): %v", byServer)
	if len(byServer) != 2 {
		t.Errorf("sellers per server %v: want both servers used", byServer)
	}
	if n := st.failed.Load(); n != 0 {
		t.Errorf("%d requests failed otherwise than with \"try again\"", n)
	}
	if st.retries.Load() == 0 {
		t.Error("no request was answered \"try again\": the node's death went unnoticed, so the test proved nothing")
	}
	if t.Failed() {
		for i, b := range backends {
			t.Logf("server %d log, last lines:\n%s", i+1, b.tail())
		}
		return
	}

	// Stickiness is what keeps a session: sent to the other server, the
	// same session cookie finds no session there (its keys are in the
	// first server's memory only); on its own server it works. The stray
	// request goes without the jar, whose cookies the 401 would clear.
	c := clients[0]
	own := c.cookie("vatkit_server")
	other := map[string]string{"s1": "s2", "s2": "s1"}[own]
	stray, _ := http.NewRequestWithContext(ctx, "GET", lb+"/api/seller", nil)
	stray.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.cookie(sessionCookie)})
	stray.AddCookie(&http.Cookie{Name: "vatkit_server", Value: other})
	if resp, err := (&http.Client{Transport: c.hc.Transport}).Do(stray); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("seller 0's session (server %s) sent to server %s: %v, %v; want 401", own, other, resp, err)
	} else {
		resp.Body.Close()
	}
	if got, _, err := c.send(ctx, "seller facts", "GET", "/api/seller", "", nil); err != nil || got != http.StatusOK {
		t.Errorf("seller 0's session on its own server %s: %d, %v; want 200", own, got, err)
	}

	// Each line once: the cluster holds as many transactions as the
	// files have lines, over every seller, though uploads were repeated.
	want := 0
	for i, fs := range files {
		n := 0
		for _, f := range fs {
			n += lines(t, f)
		}
		if n != lines(t, whole[i]) {
			t.Fatalf("seller %d: the parts have %d lines, the report %d", i, n, lines(t, whole[i]))
		}
		want += n
	}
	db, err := sql.Open("mysql", dsns[2]+"?wsrep_sync_wait=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM vatkit_records WHERE kind = ?`, ingest.TxnKind).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != want {
		t.Errorf("the cluster holds %d transactions, read through node 3; the files have %d lines", stored, want)
	}
}

// lines counts the transactions ingest reads from a file.
func lines(t *testing.T, data []byte) int {
	t.Helper()
	rd, err := ingest.Open(bytes.NewReader(data), ingest.Options{Source: "upload"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range rd.All() {
		if err == nil {
			n++
		}
	}
	return n
}

// resetGalera empties the store's tables in the cluster's database and in
// a second database for the key material, and returns that one's name.
func resetGalera(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const keys = "vatkit_keys"
	stmts := []string{"CREATE DATABASE IF NOT EXISTS " + keys}
	for _, table := range []string{"vatkit_audit", "vatkit_audit_checkpoint", "vatkit_logins", "vatkit_staged",
		"vatkit_records", "vatkit_tenants", "vatkit_schema"} {
		stmts = append(stmts, "DROP TABLE IF EXISTS "+table, "DROP TABLE IF EXISTS "+keys+"."+table)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// withDB returns dsn naming database name instead.
func withDB(t *testing.T, name, dsn string) string {
	t.Helper()
	cfg, err := gomysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DBName = name
	return cfg.FormatDSN()
}

// killAndRestart kills node n of the cluster with SIGKILL, starts it again
// with its start script two seconds later, and returns how long after the
// kill the node was Synced in a cluster of three.
func killAndRestart(t *testing.T, ctx context.Context, dir, dsn string, n int) time.Duration {
	node := filepath.Join(dir, fmt.Sprintf("node%d", n))
	b, err := os.ReadFile(filepath.Join(node, "mysqld.pid"))
	if err != nil {
		t.Errorf("node %d: %v", n, err)
		return -1
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Errorf("node %d pid file: %v", n, err)
		return -1
	}
	killed := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Errorf("kill node %d: %v", n, err)
		return -1
	}
	for syscall.Kill(pid, 0) == nil && time.Since(killed) < 10*time.Second {
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("scale-out: node %d (pid %d) killed", n, pid)
	time.Sleep(2 * time.Second)
	// The node outlives the test when it passes: .ci/galera.sh stops it.
	cmd := exec.Command(filepath.Join(node, "start"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Errorf("restart node %d: %v", n, err)
		return -1
	}
	go cmd.Wait() //nolint:errcheck // reaps the node when it stops
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Error(err)
		return -1
	}
	defer db.Close()
	for ctx.Err() == nil {
		var name, state, size string
		err := db.QueryRowContext(ctx, "SHOW STATUS LIKE 'wsrep_local_state_comment'").Scan(&name, &state)
		if err == nil {
			err = db.QueryRowContext(ctx, "SHOW STATUS LIKE 'wsrep_cluster_size'").Scan(&name, &size)
		}
		if err == nil && state == "Synced" && size == "3" {
			return time.Since(killed)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("node %d did not rejoin the cluster in time", n)
	return -1
}

// serverProc is one server process.
type serverProc struct {
	addr string
	cmd  *exec.Cmd
	logs *syncBuffer
}

func (p *serverProc) tail() string {
	s := p.logs.String()
	if i := len(s) - 4000; i > 0 {
		s = s[i:]
	}
	return s
}

// startServer runs the built server and waits for its address.
func startServer(t *testing.T, ctx context.Context, bin string, args ...string) *serverProc {
	t.Helper()
	p := &serverProc{logs: new(syncBuffer)}
	p.cmd = exec.CommandContext(ctx, bin, args...)
	p.cmd.Stderr = p.logs
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		p.cmd.Wait()
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "open https://"); ok {
				addr <- strings.TrimSuffix(a, "/")
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			p.cmd.Wait()
			t.Fatalf("server exited before listening:\n%s", p.tail())
		}
		p.addr = a
	case <-time.After(time.Minute):
		t.Fatalf("server did not listen within a minute:\n%s", p.tail())
	}
	return p
}

// startHAProxy writes haproxy's configuration and certificate into dir,
// starts it in the foreground on a spare loopback port, and returns its
// base URL and the roots that trust its certificate. haproxy ends TLS,
// balances new clients between the servers round robin, pins each to its
// server with a cookie it inserts, and checks the servers' health every
// half second.
func startHAProxy(t *testing.T, ctx context.Context, bin, dir string, backends []*serverProc) (string, *x509.CertPool) {
	t.Helper()
	pemFile, pool := lbCert(t, dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, `global
	maxconn 1000
defaults
	mode http
	timeout connect 2s
	timeout client 2m
	timeout server 2m
frontend vatkit
	bind %s ssl crt %s
	default_backend servers
backend servers
	balance roundrobin
	cookie vatkit_server insert indirect nocache secure httponly
	option httpchk GET /
	http-check expect status 200
`, addr, pemFile)
	for i, b := range backends {
		fmt.Fprintf(&cfg, "\tserver s%d %s ssl verify none check inter 500ms fall 2 rise 2 cookie s%d\n", i+1, b.addr, i+1)
	}
	cfgFile := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgFile, []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := new(syncBuffer)
	cmd := exec.CommandContext(ctx, bin, "-db", "-f", cfgFile)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("haproxy did not listen on %s:\n%s", addr, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "https://" + addr, pool
}

// lbCert writes a certificate for 127.0.0.1 with its key as one PEM
// file, as haproxy reads it, and returns the file and a pool trusting it.
func lbCert(t *testing.T, dir string) (string, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "vatkit load balancer"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	pem.Encode(&b, &pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
	file := filepath.Join(dir, "haproxy.pem")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return file, pool
}

// scaleStats collects what the sellers' clients saw.
type scaleStats struct {
	mu      sync.Mutex
	byKind  map[string][]time.Duration
	retries atomic.Int64 // "try again" answers repeated
	busy    atomic.Int64 // of which 503
	dropped atomic.Int64 // of which connections dropped or refused
	failed  atomic.Int64 // any other unexpected answer
	lastTry atomic.Int64 // when the last "try again" came (unix ns)
	longest atomic.Int64 // the longest a step took, retries included (ns)
}

func (s *scaleStats) add(kind string, d time.Duration) {
	s.mu.Lock()
	s.byKind[kind] = append(s.byKind[kind], d)
	s.mu.Unlock()
}

// lbClient is one seller's browser behind the load balancer.
type lbClient struct {
	hc   *http.Client
	base string
	st   *scaleStats
}

func newLBClient(base string, roots *x509.CertPool, st *scaleStats) *lbClient {
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}, ForceAttemptHTTP2: true}
	return &lbClient{hc: &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute}, base: base, st: st}
}

func (c *lbClient) cookie(name string) string {
	u, _ := http.NewRequest("GET", c.base, nil)
	for _, ck := range c.hc.Jar.Cookies(u.URL) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// errTryAgain marks an answer a client repeats: 503 (the server says so),
// or no answer at all (a dropped or refused connection).
var errTryAgain = errors.New("try again")

// send sends one request and returns the status and body; a 503 or a
// transport error is errTryAgain, after the pause the answer asks for.
func (c *lbClient) send(ctx context.Context, kind, method, path, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok := c.cookie(csrfCookie); tok != "" {
		req.Header.Set(csrfHeader, tok)
	}
	t0 := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.st.add(kind, time.Since(t0))
		if ctx.Err() != nil {
			return 0, nil, ctx.Err()
		}
		c.st.dropped.Add(1)
		return 0, nil, fmt.Errorf("%w: %v", errTryAgain, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	c.st.add(kind, time.Since(t0))
	if err != nil {
		c.st.dropped.Add(1)
		return 0, nil, fmt.Errorf("%w: reading the answer: %v", errTryAgain, err)
	}
	if resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusBadGateway {
		c.st.busy.Add(1)
		return resp.StatusCode, b, fmt.Errorf("%w: %d %s", errTryAgain, resp.StatusCode, b)
	}
	return resp.StatusCode, b, nil
}

// step runs try until it succeeds, repeating it while it fails with
// errTryAgain, pausing from 200 ms up to 2 s, for opBudget at most. Any
// other failure ends it.
func (c *lbClient) step(ctx context.Context, try func() error) error {
	t0 := time.Now()
	defer func() {
		d := int64(time.Since(t0))
		for {
			old := c.st.longest.Load()
			if d <= old || c.st.longest.CompareAndSwap(old, d) {
				return
			}
		}
	}()
	pause := 200 * time.Millisecond
	for {
		err := try()
		if !errors.Is(err, errTryAgain) {
			if err != nil {
				c.st.failed.Add(1)
			}
			return err
		}
		if time.Since(t0) > opBudget {
			c.st.failed.Add(1)
			return fmt.Errorf("still failing after %v: %w", opBudget, err)
		}
		c.st.retries.Add(1)
		c.st.lastTry.Store(time.Now().UnixNano())
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// scaleFacts are every seller's facts: above the €10,000 threshold last
// year, so that the return declares the sales in the member states of
// consumption.
const scaleFacts = `{"established":"DE","oss_from":"2021-07-01","previous_year_eur":"12500.00"}`

// scaleSeller is scaleFacts as the server gives them to the report.
func scaleSeller(t *testing.T) vat.Seller {
	var s vat.Seller
	if err := json.Unmarshal([]byte(scaleFacts), &s); err != nil {
		t.Fatal(err)
	}
	s.OSS.MemberState = "DE"
	return s
}

// sellerResult is how a seller's run ended, and on which server.
type sellerResult struct {
	server string
	err    error
}

// run is one seller's whole visit; uploaded is called after each upload.
func (c *lbClient) run(ctx context.Context, t *testing.T, i int, files [][]byte, uploaded func()) (res sellerResult) {
	defer func() { res.server = c.cookie("vatkit_server") }()
	cr := testCreds(fmt.Sprintf("scale%d", i))
	creds, _ := json.Marshal(cr.body())
	enrolled := false
	err := c.step(ctx, func() error {
		got, b, err := c.send(ctx, "enroll", "POST", "/api/enroll", "application/json", creds)
		switch {
		case err != nil:
			if got == 0 || got == http.StatusServiceUnavailable {
				enrolled = true // it may have been stored
			}
			return err
		case got == http.StatusCreated, got == http.StatusConflict && enrolled:
			return nil
		}
		return fmt.Errorf("enroll: %d %s", got, b)
	})
	if err != nil {
		return sellerResult{err: err}
	}
	if err := c.step(ctx, func() error {
		got, b, err := c.send(ctx, "login", "POST", "/api/login", "application/json", creds)
		if err == nil && got != http.StatusOK {
			err = fmt.Errorf("login: %d %s", got, b)
		}
		return err
	}); err != nil {
		return sellerResult{err: err}
	}
	if err := c.step(ctx, func() error {
		got, b, err := c.send(ctx, "seller facts", "PUT", "/api/seller", "application/json", []byte(scaleFacts))
		if err == nil && got != http.StatusOK && got != http.StatusNoContent {
			err = fmt.Errorf("seller facts: %d %s", got, b)
		}
		return err
	}); err != nil {
		return sellerResult{err: err}
	}
	for k, f := range files {
		var mp bytes.Buffer
		mw := multipart.NewWriter(&mp)
		fw, _ := mw.CreateFormFile("file", fmt.Sprintf("report%d.txt", k+1))
		fw.Write(f)
		mw.Close()
		if err := c.step(ctx, func() error {
			got, b, err := c.send(ctx, "upload", "POST", "/api/uploads", mw.FormDataContentType(), mp.Bytes())
			if err == nil && got != http.StatusOK {
				err = fmt.Errorf("upload %d: %d %s", k+1, got, b)
			}
			return err
		}); err != nil {
			return sellerResult{err: err}
		}
		uploaded()
		ret, err := c.report(ctx)
		if err != nil {
			return sellerResult{err: err}
		}
		if want := expectedOSSOf(t, scaleSeller(t), "2026-Q3", files[:k+1]...); !bytes.Equal(ret, want) {
			return sellerResult{err: fmt.Errorf("after upload %d the return differs from the one computed from the files:\n%s\nwant:\n%s", k+1, ret, want)}
		}
	}
	return sellerResult{}
}

// report starts an OSS return and polls it until it is downloaded. A
// build the server answers "try again" (its database was unavailable) is
// started anew.
func (c *lbClient) report(ctx context.Context) ([]byte, error) {
	req, _ := json.Marshal(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE", "format": "json"})
	var ret []byte
	err := c.step(ctx, func() error {
		got, b, err := c.send(ctx, "report", "POST", "/api/reports", "application/json", req)
		if err != nil {
			return err
		}
		var built struct{ Download string }
		if got != http.StatusAccepted || json.Unmarshal(b, &built) != nil || built.Download == "" {
			return fmt.Errorf("report: %d %s", got, b)
		}
		for {
			got, b, err := c.send(ctx, "report poll", "GET", built.Download, "", nil)
			switch {
			case err != nil:
				return err
			case got == http.StatusOK:
				ret = b
				return nil
			case got != http.StatusAccepted:
				return fmt.Errorf("report %s: %d %s", built.Download, got, b)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	return ret, err
}

// TestStoreFlags: -store and -keys go together and name their dialect;
// an error opening them never repeats the DSN's password; -kdf-floor
// enrols at vault.Floor.
func TestStoreFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-store", "mysql:u@tcp(127.0.0.1:1)/x"},
		{"-keys", "mysql:u@tcp(127.0.0.1:1)/x"},
		{"-verify-audit", "-data", t.TempDir(), "-store", "mysql:a", "-keys", "mysql:b"},
	} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
	f, err := parseFlags([]string{"-kdf-floor", "-store", "postgres:postgres://a", "-keys", "mysql:b"})
	if err != nil || f.params != vault.Floor || f.store != "postgres:postgres://a" || f.keys != "mysql:b" {
		t.Errorf("parseFlags: %+v, %v; want vault.Floor and both databases", f, err)
	}
	ctx := context.Background()
	for _, spec := range []string{"oracle:u/hunter2@db", "mysql:u:hunter2@tcp(127.0.0.1:1)/x", "postgres:postgres://u:hunter2@127.0.0.1:1/x?connect_timeout=5"} {
		_, err := openStore(ctx, "-store", spec, "")
		if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "-store") {
			t.Errorf("openStore(%q): %v; want an error naming the flag, not the password", spec, err)
		}
	}
}
