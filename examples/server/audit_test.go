package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// storedEvents counts the events of the audit log stored in a data folder,
// by type.
func storedEvents(t *testing.T, dir string) map[vault.EventType]int {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(dir, "vatkit.db"))
	require.NoError(t, err)
	defer s.Close()
	out := make(map[vault.EventType]int)
	for e, err := range s.AuditEntries(t.Context(), 0) {
		require.NoError(t, err)
		out[e.Type]++
	}
	return out
}

// runOnce starts the command on dir, enrols and logs in a seller, and
// stops it; it returns run's error when the command does not start.
func runOnce(t *testing.T, dir string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready, done := make(chan string, 1), make(chan error, 1)
	f := flags{addr: "127.0.0.1:0", data: dir, operator: operatorToken, maxUpload: 1 << 20, params: vault.Floor,
		auditRetention: vault.MinRetention}
	go func() { done <- run(ctx, f, slog.New(slog.DiscardHandler), ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		return err
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	for _, path := range []string{"/api/enroll", "/api/login"} {
		resp, err := hc.Post("https://"+addr+path, "application/json", bytes.NewReader(jsonBytes(testCreds("audited").body())))
		require.NoError(t, err)
		resp.Body.Close()
		require.Less(t, resp.StatusCode, 300, path)
	}
	cancel()
	return <-done
}

// verifyOutput runs -verify-audit on dir.
func verifyOutput(dir string) (string, error) {
	var out bytes.Buffer
	err := verifyAudit(context.Background(), dir, &out)
	return out.String(), err
}

// TestFinding3VerifyAudit runs the server on a data folder twice — the
// audit chain continues across the restart, in the database — then checks
// the folder with -verify-audit: it verifies; with an entry edited in the
// database it fails naming that entry; with the newest entries deleted it
// fails naming the first one missing, and the server refuses to continue
// that chain.
func TestFinding3VerifyAudit(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, runOnce(t, dir))
	require.NoError(t, runOnce(t, dir))
	events := storedEvents(t, dir)
	require.Equal(t, 1, events[vault.EventEnrol], "events of two runs: %v", events)
	require.Equal(t, 2, events[vault.EventLogin], "events of two runs: %v", events)
	out, err := verifyOutput(dir)
	require.NoError(t, err)
	require.Contains(t, out, "audit log verifies: entries 1 to ")

	s, err := sqlite.Open(t.Context(), filepath.Join(dir, "vatkit.db"))
	require.NoError(t, err)
	defer s.Close()
	exec := func(q string, args ...any) {
		_, err := s.DB().Exec(q, args...)
		require.NoError(t, err)
	}
	exec(`UPDATE vatkit_audit SET event_count = event_count + 5 WHERE seq = 2`)
	_, err = verifyOutput(dir)
	require.ErrorContains(t, err, "entry 2: altered")
	exec(`UPDATE vatkit_audit SET event_count = event_count - 5 WHERE seq = 2`)
	_, err = verifyOutput(dir)
	require.NoError(t, err, "with the edit undone")

	last, err := s.LastAudit(t.Context())
	require.NoError(t, err)
	exec(`DELETE FROM vatkit_audit WHERE seq >= ?`, int64(last.Seq-1))
	_, err = verifyOutput(dir)
	require.ErrorContains(t, err, fmt.Sprintf("entry %d: missing", last.Seq-1))
	require.ErrorContains(t, runOnce(t, dir), "audit log cannot be continued")
}

// TestAuditPurgeJob: the server purges audit entries past the retention
// when it starts, leaving a keyed checkpoint from which the rest verifies.
func TestAuditPurgeJob(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "vatkit.db"))
	require.NoError(t, err)
	defer store.Close()
	key := bytes.Repeat([]byte{3}, vault.AuditKeySize)
	audit, err := vault.OpenAudit(ctx, auditConfig(dir, store, key, vault.MinRetention))
	require.NoError(t, err)
	old := time.Now().Add(-200 * 24 * time.Hour)
	for i := range 10 {
		require.NoError(t, audit.Append(ctx, vault.Event{Time: old.Add(time.Duration(i) * time.Hour), Tenant: "t1", Type: vault.EventLogin}))
	}
	require.NoError(t, audit.Append(ctx, vault.Event{Time: time.Now(), Tenant: "t1", Type: vault.EventLogout}))

	e := newEnv(t, func(c *config) { c.Store, c.Audit = store, audit })
	require.Eventually(t, func() bool {
		cp, err := store.AuditCheckpoint(ctx)
		return err == nil && cp.Seq == 10
	}, 10*time.Second, 20*time.Millisecond, "no checkpoint after the purge at start")
	e.seller(t, "after-purge")
	require.NoError(t, audit.Verify(ctx))
	n := 0
	for en, err := range store.AuditEntries(ctx, 0) {
		require.NoError(t, err)
		require.Greater(t, en.Seq, uint64(10))
		n++
	}
	require.GreaterOrEqual(t, n, 3, "the recent entry and the new seller's")
	require.False(t, strings.Contains(fmt.Sprint(audit), "\x03"), "the audit log prints its key")
}
