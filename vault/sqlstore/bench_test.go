package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// BenchmarkPutRecord writes 300-byte sealed records to SQLite one statement
// each (autocommit, WAL); the floor is the same upsert through bare
// database/sql into a table with the same indexes, in the same run.
func BenchmarkPutRecord(b *testing.B) {
	sealed := make([]byte, 300)
	b.Run("sqlstore", func(b *testing.B) {
		s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		b.SetBytes(int64(len(sealed)))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := vault.Record{Tenant: "t", Kind: "txn", ID: fmt.Sprintf("%09d", i), Period: "2026-07", Index: sealed[:8], Sealed: sealed}
			if err := s.PutRecord(context.Background(), r); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("floor/database-sql", func(b *testing.B) {
		db := bareSQLite(b)
		st, err := db.Prepare(`INSERT INTO r (tenant, kind, id, period, idx, sealed) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant, kind, id) DO UPDATE SET period = excluded.period, idx = excluded.idx, sealed = excluded.sealed`)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(sealed)))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := st.Exec("t", "txn", fmt.Sprintf("%09d", i), "2026-07", sealed[:8], sealed); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkRecords scans 10,000 records of one tenant in keyset pages; the
// floor reads them with one bare query, holding the cursor open throughout
// (which the Store contract forbids while yielding).
func BenchmarkRecords(b *testing.B) {
	const n = 10000
	sealed := make([]byte, 300)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	db := bareSQLite(b)
	for i := range n {
		id := fmt.Sprintf("%09d", i)
		if err := s.PutRecord(ctx, vault.Record{Tenant: "t", Kind: "txn", ID: id, Period: "2026-07", Sealed: sealed}); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO r (tenant, kind, id, period, sealed) VALUES ('t', 'txn', ?, '2026-07', ?)`, id, sealed); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("sqlstore", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			got := 0
			for _, err := range s.Records(ctx, vault.Query{Tenant: "t", Kind: "txn"}) {
				if err != nil {
					b.Fatal(err)
				}
				got++
			}
			if got != n {
				b.Fatal(got)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("floor/database-sql", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := db.Query(`SELECT kind, id, period, idx, sealed FROM r WHERE tenant = 't' AND kind = 'txn' ORDER BY kind, id`)
			if err != nil {
				b.Fatal(err)
			}
			got := 0
			for rows.Next() {
				var k, id, p string
				var idx, sl []byte
				if err := rows.Scan(&k, &id, &p, &idx, &sl); err != nil {
					b.Fatal(err)
				}
				got++
			}
			rows.Close()
			if got != n {
				b.Fatal(got)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
}

func bareSQLite(b *testing.B) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "bare.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE r (tenant TEXT, kind TEXT, id TEXT, period TEXT, idx BLOB, sealed BLOB, PRIMARY KEY (tenant, kind, id)) WITHOUT ROWID`); err != nil {
		b.Fatal(err)
	}
	for _, ix := range []string{`CREATE INDEX rp ON r (tenant, period, kind, id)`, `CREATE INDEX ri ON r (tenant, idx, kind, id)`} {
		if _, err := db.Exec(ix); err != nil {
			b.Fatal(err)
		}
	}
	return db
}
