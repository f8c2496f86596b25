package sqlstore_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// BenchmarkAuditAppend appends audit events to the keyed chain in SQLite
// (one autocommitted INSERT and one HMAC each), then with its head saved to
// a file (written, synced and renamed each time), beside the floor: the
// same INSERT through bare database/sql into a table of the same shape.
func BenchmarkAuditAppend(b *testing.B) {
	ev := vault.Event{Time: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Tenant: "t0123456789abcdef0123456789abcdef", Type: vault.EventUpload, Count: 1000}
	for _, withHead := range []bool{false, true} {
		name := "sqlstore"
		if withHead {
			name = "sqlstore+headfile"
		}
		b.Run(name, func(b *testing.B) {
			s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "a.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			cfg := vault.AuditConfig{Store: s, Key: auditKey}
			if withHead {
				cfg.Head = vault.HeadFile(filepath.Join(b.TempDir(), "audit.head"))
			}
			a, err := vault.OpenAudit(b.Context(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := a.Append(b.Context(), ev); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
	b.Run("floor/database-sql", func(b *testing.B) {
		db := bareSQLite(b)
		if _, err := db.Exec(`CREATE TABLE a (seq INTEGER PRIMARY KEY, at_ns INTEGER, tenant TEXT, event_type TEXT, event_count INTEGER, prev BLOB, hash BLOB)`); err != nil {
			b.Fatal(err)
		}
		st, err := db.Prepare(`INSERT INTO a (seq, at_ns, tenant, event_type, event_count, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		h := make([]byte, 32)
		b.ReportAllocs()
		seq := 0
		for b.Loop() {
			seq++
			if _, err := st.Exec(seq, ev.Time.UnixNano(), ev.Tenant, string(ev.Type), ev.Count, h, h); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
}
