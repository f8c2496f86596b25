package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/storetest"
)

var auditKey = bytes.Repeat([]byte{0x5a}, vault.AuditKeySize)

// TestAuditConformance runs vault's AuditStore conformance suite on every
// dialect.
func TestAuditConformance(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			storetest.RunAudit(t, func(t *testing.T) vault.AuditStore { return d.fresh(t) })
		})
	}
}

// auditLog opens the keyed audit log on s with its head in dir.
func auditLog(t *testing.T, s *sqlstore.Store, dir string) *vault.Audit {
	t.Helper()
	a, err := vault.OpenAudit(t.Context(), vault.AuditConfig{Store: s, Key: auditKey, Head: vault.HeadFile(filepath.Join(dir, "audit.head"))})
	require.NoError(t, err)
	return a
}

// appendEvents appends n events, one a day from start.
func appendEvents(t *testing.T, a *vault.Audit, start time.Time, n int) {
	t.Helper()
	for i := range n {
		e := vault.Event{Time: start.Add(time.Duration(i) * 24 * time.Hour), Tenant: fmt.Sprintf("t%d", i%3), Type: vault.EventLogin, Count: int64(i)}
		require.NoError(t, a.Append(t.Context(), e))
	}
}

var auditStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestFinding3AuditSurvivesRestart: the chain continues across restarts
// (a new Audit on the same database picks up at the next sequence number),
// verifies as one chain, and a purge past the retention leaves a keyed
// checkpoint from which the rest verifies, before and after a restart.
func TestFinding3AuditSurvivesRestart(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			s, dir := d.fresh(t), t.TempDir()
			appendEvents(t, auditLog(t, s, dir), auditStart, 120)
			a := auditLog(t, s, dir) // the restart
			require.Equal(t, uint64(120), a.Head().Seq)
			appendEvents(t, a, auditStart.Add(120*24*time.Hour), 30)
			require.NoError(t, a.Verify(ctx))
			n := 0
			for e, err := range s.AuditEntries(ctx, 0) {
				require.NoError(t, err)
				n++
				require.Equal(t, uint64(n), e.Seq)
			}
			require.Equal(t, 150, n)

			now := auditStart.Add(150 * 24 * time.Hour)
			purged, err := a.Purge(ctx, now)
			require.NoError(t, err)
			require.Equal(t, 60, purged, "entries older than 90 days at day 150")
			require.NoError(t, a.Verify(ctx))
			a = auditLog(t, s, dir)
			appendEvents(t, a, now, 1)
			require.NoError(t, a.Verify(ctx))
			cp, err := s.AuditCheckpoint(ctx)
			require.NoError(t, err)
			require.Equal(t, uint64(60), cp.Seq)
		})
	}
}

// TestFinding3AuditTamperingDetected rewrites the audit table as a database
// writer without the audit key could, and checks that Verify names the
// first entry at fault, and that the chain refuses to continue where the
// newest entries are concerned.
func TestFinding3AuditTamperingDetected(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			for _, tc := range []struct {
				name   string
				sql    []string
				rehash bool   // recompute the hashes of entries from 7 on, as an unkeyed chain would allow
				bad    uint64 // the entry Verify must name (0: the checkpoint)
				reopen bool   // OpenAudit refuses to continue too
			}{
				{"entry removed", []string{`DELETE FROM vatkit_audit WHERE seq = 7`}, false, 7, false},
				{"entry edited", []string{`UPDATE vatkit_audit SET event_count = 999 WHERE seq = 7`}, false, 7, false},
				{"entry edited, chain rehashed", []string{`UPDATE vatkit_audit SET event_count = 999 WHERE seq = 7`}, true, 7, true},
				{"entries reordered", []string{`UPDATE vatkit_audit SET seq = 0 WHERE seq = 6`, `UPDATE vatkit_audit SET seq = 6 WHERE seq = 7`,
					`UPDATE vatkit_audit SET seq = 7 WHERE seq = 0`}, false, 6, false},
				{"newest entries cut off", []string{`DELETE FROM vatkit_audit WHERE seq > 15`}, false, 16, true},
				{"everything after the checkpoint removed", []string{`DELETE FROM vatkit_audit`}, false, 4, true},
				{"newest entry edited", []string{`UPDATE vatkit_audit SET tenant = 'someone' WHERE seq = 20`}, false, 20, true},
				{"checkpoint moved forward", []string{`UPDATE vatkit_audit_checkpoint SET seq = 8`, `DELETE FROM vatkit_audit WHERE seq <= 8`}, false, 0, false},
			} {
				t.Run(tc.name, func(t *testing.T) {
					ctx := t.Context()
					s, dir := d.fresh(t), t.TempDir()
					a := auditLog(t, s, dir)
					appendEvents(t, a, auditStart, 20)
					_, err := a.Purge(ctx, auditStart.Add(93*24*time.Hour)) // drops entries 1 to 3
					require.NoError(t, err)
					require.NoError(t, a.Verify(ctx))
					for _, q := range tc.sql {
						_, err := s.DB().ExecContext(ctx, q)
						require.NoError(t, err, q)
					}
					if tc.rehash {
						rehash(t, s, 7)
					}
					var ce *vault.ChainError
					err = a.Verify(ctx)
					require.ErrorAs(t, err, &ce, "Verify after the table was rewritten")
					require.ErrorIs(t, err, vault.ErrChainBroken)
					require.Equal(t, tc.bad, ce.Seq, "the first bad entry named: %v", err)
					_, err = vault.OpenAudit(ctx, vault.AuditConfig{Store: s, Key: auditKey, Head: vault.HeadFile(filepath.Join(dir, "audit.head"))})
					if tc.reopen {
						require.ErrorIs(t, err, vault.ErrChainBroken, "the chain continued from a rewritten head")
					}
				})
			}
		})
	}
}

// rehash rewrites the prev and hash columns from entry `from` on as an
// unkeyed SHA-256 chain: what whoever could rewrite the old log did to
// hide an edit.
func rehash(t *testing.T, s *sqlstore.Store, from uint64) {
	ctx := t.Context()
	var entries []vault.Entry
	for e, err := range s.AuditEntries(ctx, from-2) {
		require.NoError(t, err)
		entries = append(entries, e)
	}
	q := `UPDATE vatkit_audit SET prev = ?, hash = ? WHERE seq = ?`
	if s.Dialect() == sqlstore.Postgres {
		q = `UPDATE vatkit_audit SET prev = $1, hash = $2 WHERE seq = $3`
	}
	for i := 1; i < len(entries); i++ {
		e := &entries[i]
		e.Prev = entries[i-1].Hash
		e.Hash = sha256.Sum256(fmt.Appendf(nil, "%x%d%v", e.Prev, e.Seq, e.Event))
		_, err := s.DB().ExecContext(ctx, q, e.Prev[:], e.Hash[:], int64(e.Seq))
		require.NoError(t, err)
	}
}

// TestAuditRefusals: a key of the wrong size, an event without a tenant,
// and a head file that holds something else are refused with clear errors.
func TestAuditRefusals(t *testing.T) {
	ctx := context.Background()
	s := freshSQLite(t)
	_, err := vault.OpenAudit(ctx, vault.AuditConfig{Store: s, Key: []byte("short")})
	require.ErrorIs(t, err, vault.ErrAuditKey)
	dir := t.TempDir()
	a := auditLog(t, s, dir)
	require.Error(t, a.Append(ctx, vault.Event{Type: vault.EventLogin}))
	appendEvents(t, a, auditStart, 2)
	head := vault.HeadFile(filepath.Join(dir, "audit.head"))
	l, err := head.LoadHead(ctx)
	require.NoError(t, err)
	require.Equal(t, a.Head(), l)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "audit.head"), []byte("not a head"), 0o600))
	_, err = vault.OpenAudit(ctx, vault.AuditConfig{Store: s, Key: auditKey, Head: head})
	require.Error(t, err)
	require.False(t, errors.Is(err, vault.ErrNotFound))
}
