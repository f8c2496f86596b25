package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/sqlstore/postgres"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// batchRows and batchSize shape the batch benchmarks: 5,000 records of a
// typical sealed transaction (170 bytes, a 16-byte token) per operation, in
// batches of 500, as the ingest pipeline writes them.
const (
	benchBatchRows = 5000
	benchBatchSize = 500
)

// benchRecords returns the records of one operation: ordered ids, random
// tokens (line identities are HMACs), one tenant.
func benchRecords(tenant string, op int) []vault.Record {
	upload := fmt.Sprintf("%012x%016x", time.Now().UnixMilli(), op)
	sealed := make([]byte, 170)
	rand.Read(sealed)
	out := make([]vault.Record, benchBatchRows)
	for i := range out {
		idx := make([]byte, 16)
		rand.Read(idx)
		out[i] = vault.Record{Tenant: tenant, Kind: "txn", ID: vault.UploadRecordID(upload, i), Period: "2026-07",
			Index: idx, Sealed: sealed, Upload: upload}
	}
	return out
}

// BenchmarkBatchPut writes records in batches of 500 through the store's
// batch paths — PutNew (put-if-absent, telling which were new) and an
// upload (StageRecords per batch, then CommitUpload) — beside the floor,
// the same rows into the same table by the bare driver: on SQLite a
// database/sql prepared INSERT per row, one transaction per batch; on
// PostgreSQL pgx's COPY, one per batch, and pgx sending the batch as arrays
// to one INSERT … ON CONFLICT DO NOTHING (PutNew's meaning, which COPY
// lacks). PostgreSQL runs when
// VATKIT_TEST_POSTGRES_DSN is set. Each reports rows/s.
func BenchmarkBatchPut(b *testing.B) {
	sqlite := func(b *testing.B) *sqlstore.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	b.Run("sqlite/PutNew", func(b *testing.B) { benchPutNew(b, sqlite(b)) })
	b.Run("sqlite/upload", func(b *testing.B) { benchUpload(b, sqlite(b)) })
	b.Run("sqlite/floor/database-sql-prepared", func(b *testing.B) { floorPrepared(b, sqlite(b).DB()) })

	pg := func(b *testing.B) *sqlstore.Store {
		dsn := os.Getenv(postgresEnv)
		if dsn == "" {
			b.Skipf("%s is not set", postgresEnv)
		}
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		// Every variant starts from an empty table, so that none pays for
		// another's index growth.
		if _, err := s.DB().Exec(`TRUNCATE vatkit_records, vatkit_staged`); err != nil {
			b.Fatal(err)
		}
		return s
	}
	b.Run("postgres/PutNew", func(b *testing.B) { benchPutNew(b, pg(b)) })
	b.Run("postgres/upload", func(b *testing.B) { benchUpload(b, pg(b)) })
	b.Run("postgres/copy-temp-then-insert", func(b *testing.B) { pg(b); copyTempInsert(b, os.Getenv(postgresEnv)) })
	b.Run("postgres/floor/pgx-unnest-on-conflict", func(b *testing.B) { pg(b); unnestInsert(b, os.Getenv(postgresEnv)) })
	b.Run("postgres/floor/pgx-copy", func(b *testing.B) { pg(b); floorCopy(b, os.Getenv(postgresEnv)) })
}

func rowsPerSec(b *testing.B) {
	b.ReportMetric(float64(benchBatchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchPutNew writes through PutNew, one call per batch.
func benchPutNew(b *testing.B, s *sqlstore.Store) {
	ctx := context.Background()
	op := 0
	for b.Loop() {
		b.StopTimer()
		rs := benchRecords("put", op)
		op++
		b.StartTimer()
		for i := 0; i < len(rs); i += benchBatchSize {
			if _, err := s.PutNew(ctx, rs[i:i+benchBatchSize]); err != nil {
				b.Fatal(err)
			}
		}
	}
	rowsPerSec(b)
}

// benchUpload writes as an upload does: StageRecords per batch, then one
// CommitUpload.
func benchUpload(b *testing.B, s *sqlstore.Store) {
	ctx := context.Background()
	op := 0
	for b.Loop() {
		b.StopTimer()
		rs := benchRecords("upload", op)
		op++
		up := rs[0].Upload
		b.StartTimer()
		for i := 0; i < len(rs); i += benchBatchSize {
			if err := s.StageRecords(ctx, rs[i:i+benchBatchSize]); err != nil {
				b.Fatal(err)
			}
		}
		desc := vault.Record{Tenant: "upload", Kind: "upload", ID: up, Upload: up, Sealed: []byte("d")}
		if _, err := s.CommitUpload(ctx, "upload", up, len(rs), desc); err != nil {
			b.Fatal(err)
		}
	}
	rowsPerSec(b)
}

const insertRecord = `INSERT INTO vatkit_records (tenant, kind, id, period, blind_index, sealed, size, updated_at, upload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

// floorPrepared is the SQLite floor: a prepared single-row INSERT into the
// store's own table, one transaction per batch.
func floorPrepared(b *testing.B, db *sql.DB) {
	ctx := context.Background()
	op := 0
	for b.Loop() {
		b.StopTimer()
		rs := benchRecords("floor", op)
		op++
		b.StartTimer()
		for i := 0; i < len(rs); i += benchBatchSize {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			st, err := tx.Prepare(insertRecord)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range rs[i : i+benchBatchSize] {
				if _, err := st.Exec(r.Tenant, r.Kind, r.ID, r.Period, r.Index, r.Sealed, len(r.Sealed), "now", r.Upload); err != nil {
					b.Fatal(err)
				}
			}
			st.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	}
	rowsPerSec(b)
}

// pgxBatches runs write over a bare pgx connection for each batch of each
// operation's records, timing only the writes, and reports rows/s.
func pgxBatches(b *testing.B, dsn, tenant string, setup string, write func(ctx context.Context, conn *pgx.Conn, part []vault.Record) error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if setup != "" {
		if _, err := conn.Exec(ctx, setup); err != nil {
			b.Fatal(err)
		}
	}
	op := 0
	for b.Loop() {
		b.StopTimer()
		rs := benchRecords(tenant, op)
		op++
		b.StartTimer()
		for i := 0; i < len(rs); i += benchBatchSize {
			if err := write(ctx, conn, rs[i:i+benchBatchSize]); err != nil {
				b.Fatal(err)
			}
		}
	}
	rowsPerSec(b)
}

var recordColumns = []string{"tenant", "kind", "id", "period", "blind_index", "sealed", "size", "updated_at", "upload"}

func copyRows(part []vault.Record) pgx.CopyFromSource {
	return pgx.CopyFromSlice(len(part), func(j int) ([]any, error) {
		r := part[j]
		return []any{r.Tenant, r.Kind, r.ID, r.Period, r.Index, r.Sealed, int64(len(r.Sealed)), "now", r.Upload}, nil
	})
}

// countInserted reads the rows an INSERT … RETURNING gave and checks that
// every record of the batch was new.
func countInserted(rows pgx.Rows, want int) error {
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("%d of %d rows inserted", n, want)
	}
	return nil
}

// floorCopy is the PostgreSQL floor: pgx's COPY of the same rows into the
// store's own table, one COPY per batch.
func floorCopy(b *testing.B, dsn string) {
	pgxBatches(b, dsn, "floor", "", func(ctx context.Context, conn *pgx.Conn, part []vault.Record) error {
		_, err := conn.CopyFrom(ctx, pgx.Identifier{"vatkit_records"}, recordColumns, copyRows(part))
		return err
	})
}

// copyTempInsert is the alternative PutNew the store could use on
// PostgreSQL: COPY each batch into a temporary table, then one INSERT …
// SELECT … ON CONFLICT DO NOTHING RETURNING into the store's table. It is
// measured beside the multi-row INSERT PutNew sends, to keep the faster.
func copyTempInsert(b *testing.B, dsn string) {
	setup := `CREATE TEMP TABLE batch (LIKE vatkit_records) ON COMMIT DELETE ROWS`
	pgxBatches(b, dsn, "temp", setup, func(ctx context.Context, conn *pgx.Conn, part []vault.Record) error {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"batch"}, recordColumns, copyRows(part)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `INSERT INTO vatkit_records SELECT * FROM batch ON CONFLICT DO NOTHING RETURNING tenant, kind, id`)
		if err != nil {
			return err
		}
		if err := countInserted(rows, len(part)); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

// unnestInsert is a second PostgreSQL floor, with PutNew's meaning: bare
// pgx sending each batch as nine arrays, unnested into one INSERT … ON
// CONFLICT DO NOTHING RETURNING. Beside floorCopy it shows what the
// put-if-absent check itself costs (a speculative insertion per row),
// which no way of sending the rows avoids.
func unnestInsert(b *testing.B, dsn string) {
	pgxBatches(b, dsn, "unnest", "", func(ctx context.Context, conn *pgx.Conn, part []vault.Record) error {
		var t, k, id, p, up, ts []string
		var ix, se [][]byte
		var sz []int64
		for _, r := range part {
			t, k, id, p, up, ts = append(t, r.Tenant), append(k, r.Kind), append(id, r.ID), append(p, r.Period), append(up, r.Upload), append(ts, "now")
			ix, se, sz = append(ix, r.Index), append(se, r.Sealed), append(sz, int64(len(r.Sealed)))
		}
		rows, err := conn.Query(ctx, `INSERT INTO vatkit_records (tenant, kind, id, period, blind_index, sealed, size, updated_at, upload) `+
			`SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bytea[], $7::bigint[], $8::text[], $9::text[]) `+
			`ON CONFLICT DO NOTHING RETURNING id`, t, k, id, p, ix, se, sz, ts, up)
		if err != nil {
			return err
		}
		return countInserted(rows, len(part))
	})
}
