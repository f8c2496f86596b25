package sqlstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// FuzzTenantRow writes arbitrary values into a stored tenant row, as someone
// with write access to the database could, and reads it back: Tenant never
// panics, and either returns metadata whose numbers fit their types or an
// error.
func FuzzTenantRow(f *testing.F) {
	f.Add(int64(1), int64(1), []byte("salt"), int64(1), int64(65536), int64(3), int64(4), []byte("check"), false, int64(0))
	f.Add(int64(-1), int64(1<<40), []byte{}, int64(300), int64(-5), int64(1<<33), int64(256), []byte(nil), true, int64(-7))
	s, err := sqlite.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, rev, gen int64, salt []byte, ver, mem, tm, threads int64, check []byte, pending bool, pgen int64) {
		ctx := context.Background()
		var pg any
		if pending {
			pg = pgen
		}
		_, err := s.DB().ExecContext(ctx, `INSERT OR REPLACE INTO vatkit_tenants (tenant, revision, generation, salt,
			params_version, params_memory, params_time, params_threads, key_check, pending_generation, updated_at)
			VALUES ('f', ?, ?, ?, ?, ?, ?, ?, ?, ?, '')`, rev, gen, salt, ver, mem, tm, threads, check, pg)
		if err != nil {
			t.Skip(err)
		}
		m, err := s.Tenant(ctx, "f")
		if err != nil {
			if errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("a stored row read as not found: %v", err)
			}
			return
		}
		if int64(m.Current.Generation) != gen || int64(m.Current.Params.MemoryKiB) != mem || int64(m.Current.Params.Threads) != threads {
			t.Fatalf("decoded %+v from gen %d mem %d threads %d", m.Current, gen, mem, threads)
		}
		if pending {
			t.Fatalf("a partial pending key decoded as %+v", m.Pending)
		}
	})
}

// FuzzAuditRow writes arbitrary values into the audit table and its
// checkpoint, as someone with write access to the database could, and
// reads them back: nothing panics, malformed rows come back as a
// *vault.ChainError naming the entry (never quoting its bytes), and
// Verify never accepts a row the audit key did not make.
func FuzzAuditRow(f *testing.F) {
	f.Add(int64(1), int64(1700000000000000000), "t1", "login", int64(3), make([]byte, 32), make([]byte, 32), false)
	f.Add(int64(-4), int64(-1), "", "", int64(-1), []byte{1}, []byte(nil), true)
	s, err := sqlite.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	key := make([]byte, vault.AuditKeySize)
	f.Fuzz(func(t *testing.T, seq, at int64, tenant, typ string, count int64, prev, hash []byte, checkpoint bool) {
		ctx := context.Background()
		for _, q := range []string{`DELETE FROM vatkit_audit`, `DELETE FROM vatkit_audit_checkpoint`} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		q := `INSERT INTO vatkit_audit (seq, at_ns, tenant, event_type, event_count, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`
		if checkpoint {
			q = `INSERT INTO vatkit_audit_checkpoint (id, seq, hash, purged_before_ns, mac) VALUES (1, ?, ?, ?, ?)`
			_, err = s.DB().ExecContext(ctx, q, seq, prev, at, hash)
		} else {
			_, err = s.DB().ExecContext(ctx, q, seq, at, tenant, typ, count, nonNilBytes(prev), nonNilBytes(hash))
		}
		if err != nil {
			return // the column types refused it
		}
		for e, err := range s.AuditEntries(ctx, 0) {
			var ce *vault.ChainError
			if err != nil && !errors.As(err, &ce) {
				t.Fatalf("malformed row: %v, want a ChainError", err)
			}
			if err == nil && (e.Seq != uint64(seq) || e.Tenant != tenant) {
				t.Fatalf("row read back as %+v", e)
			}
		}
		a, err := vault.OpenAudit(ctx, vault.AuditConfig{Store: s, Key: key})
		if err == nil {
			if err := a.Verify(ctx); err == nil && (seq != 0 || checkpoint) {
				t.Fatal("a row not made under the key verified")
			}
		}
	})
}

func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
