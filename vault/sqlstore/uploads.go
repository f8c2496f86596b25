package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// batchRows is how many records one multi-row INSERT carries: far below
// every dialect's limit on bound parameters (SQLite's is 32766).
const batchRows = 500

// recordColumns are the columns of vatkit_records a batch writes, in the
// order of recordArgs; stagedColumns those of vatkit_staged, in the order
// of stagedArgs.
var (
	recordColumns = []string{"tenant", "kind", "id", "period", "blind_index", "sealed", "size", "updated_at", "upload"}
	stagedColumns = []string{"tenant", "upload", "kind", "id", "period", "blind_index", "sealed", "size", "staged_at"}
)

// stampFormat is a fixed-width UTC timestamp, so that timestamps stored as
// text compare in time order.
const stampFormat = "2006-01-02T15:04:05.000000000Z"

func stamp(t time.Time) string { return t.UTC().Format(stampFormat) }

// multiInsert returns "INSERT INTO table (cols) VALUES (?…),(?…)…" for n
// rows, with suffix appended, in the dialect's placeholders.
func (d sqlDialect) multiInsert(table string, cols []string, n int, suffix string) string {
	var b strings.Builder
	list := strings.Join(cols, ", ")
	row := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	b.Grow(len(table) + len(list) + n*(len(row)+2) + len(suffix) + 32)
	b.WriteString("INSERT INTO " + table + " (" + list + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(suffix)
	return d.rebind(b.String())
}

// PutNew inserts, in one transaction, each record whose key and line
// identity are both absent, and reports which it inserted. SQLite, in
// process, runs one prepared INSERT … ON CONFLICT DO NOTHING per record and
// reads the rows it affected; PostgreSQL sends each batch as one prepared
// multi-row INSERT … ON CONFLICT DO NOTHING RETURNING; MySQL, which has
// neither, inserts row by row and reads the duplicate-key error of each
// refused one.
func (s *Store) PutNew(ctx context.Context, rs []vault.Record) ([]bool, error) {
	out := make([]bool, len(rs))
	if s.bulk != nil && len(rs) > 0 {
		copied, err := s.putNewCopy(ctx, rs)
		if err != nil {
			return nil, wrap("put new records", err)
		}
		if copied {
			for i := range out {
				out[i] = true
			}
			return out, nil
		}
	}
	err := s.retry(ctx, func(tx *sql.Tx) error {
		clear(out)
		if s.dialect.Dialect != Postgres {
			return s.putNewRows(ctx, tx, rs, out)
		}
		for start := 0; start < len(rs); start += batchRows {
			end := min(start+batchRows, len(rs))
			if err := s.putNewBatch(ctx, tx, rs[start:end], out[start:end]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("put new records", err)
	}
	return out, nil
}

func recordArgs(args []any, r *vault.Record, stamp string) []any {
	return append(args, r.Tenant, r.Kind, r.ID, r.Period, nullBytes(r.Index), nonNil(r.Sealed),
		int64(len(r.Sealed)), stamp, r.Upload)
}

func stagedArgs(args []any, r *vault.Record, stamp string) []any {
	return append(args, r.Tenant, r.Upload, r.Kind, r.ID, r.Period, nullBytes(r.Index), nonNil(r.Sealed),
		int64(len(r.Sealed)), stamp)
}

func (s *Store) putNewBatch(ctx context.Context, tx *sql.Tx, rs []vault.Record, out []bool) error {
	args := make([]any, 0, 9*len(rs))
	ts := now()
	for i := range rs {
		args = recordArgs(args, &rs[i], ts)
	}
	var rows *sql.Rows
	var err error
	if len(rs) == batchRows {
		rows, err = s.stmt(ctx, tx, stmtInsertBatch).QueryContext(ctx, args...)
	} else {
		rows, err = tx.QueryContext(ctx, s.dialect.multiInsert("vatkit_records", recordColumns, len(rs),
			" ON CONFLICT DO NOTHING RETURNING tenant, kind, id"), args...)
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	at := make(map[[3]string][]int, len(rs))
	for i := range rs {
		k := [3]string{rs[i].Tenant, rs[i].Kind, rs[i].ID}
		at[k] = append(at[k], i)
	}
	for rows.Next() {
		var k [3]string
		if err := rows.Scan(&k[0], &k[1], &k[2]); err != nil {
			return err
		}
		if is := at[k]; len(is) > 0 {
			out[is[0]] = true
			at[k] = is[1:]
		}
	}
	return rows.Err()
}

// putNewRows inserts one record at a time with the prepared stmtInsertNew.
func (s *Store) putNewRows(ctx context.Context, tx *sql.Tx, rs []vault.Record, out []bool) error {
	st := s.stmt(ctx, tx, stmtInsertNew)
	ts := now()
	args := make([]any, 0, 9)
	for i := range rs {
		res, err := st.ExecContext(ctx, recordArgs(args[:0], &rs[i], ts)...)
		switch {
		case err == nil:
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			out[i] = n == 1
		case s.dialect.Dialect == MySQL && isUnique(err):
			// refused: the line or the key is stored
		default:
			return err
		}
	}
	return nil
}

// StageRecords writes records of an upload under way into vatkit_staged,
// in one transaction: on SQLite one prepared INSERT per record, elsewhere
// prepared multi-row INSERTs of batchRows records.
func (s *Store) StageRecords(ctx context.Context, rs []vault.Record) error {
	if len(rs) == 0 {
		return nil
	}
	for i := range rs {
		if rs[i].Upload == "" || rs[i].Upload != rs[0].Upload || rs[i].Tenant != rs[0].Tenant {
			return errors.New("sqlstore: stage records: each needs the same tenant and an upload id")
		}
	}
	if s.bulk != nil {
		return wrap("stage records", s.stageCopy(ctx, rs))
	}
	return wrap("stage records", s.retry(ctx, func(tx *sql.Tx) error {
		ts := stamp(time.Now())
		args := make([]any, 0, 9*min(len(rs), batchRows))
		if s.dialect.Dialect == SQLite {
			st := s.stmt(ctx, tx, stmtStageRow)
			for i := range rs {
				if _, err := st.ExecContext(ctx, stagedArgs(args[:0], &rs[i], ts)...); err != nil {
					return err
				}
			}
			return nil
		}
		for start := 0; start < len(rs); start += batchRows {
			part := rs[start:min(start+batchRows, len(rs))]
			args = args[:0]
			for i := range part {
				args = stagedArgs(args, &part[i], ts)
			}
			var err error
			if len(part) == batchRows {
				_, err = s.stmt(ctx, tx, stmtStageBatch).ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, s.dialect.multiInsert("vatkit_staged", stagedColumns, len(part), ""), args...)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}))
}

// CommitUpload moves an upload's staged records into vatkit_records with
// one INSERT … SELECT that skips lines already stored, stores desc, and
// empties the staging rows, all in one transaction. PostgreSQL and MySQL
// insert in blind-index order, so that two uploads committing the same
// lines at once take their locks in the same order; a deadlock or
// serialization failure is retried, since the whole step is repeatable.
func (s *Store) CommitUpload(ctx context.Context, tenant, upload string, staged int, desc vault.Record) (int, error) {
	stored := 0
	err := s.retry(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM vatkit_records WHERE tenant = ? AND kind = ? AND id = ?`),
			tenant, desc.Kind, desc.ID).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return vault.ErrExists
		}
		err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM vatkit_staged WHERE tenant = ? AND upload = ?`),
			tenant, upload).Scan(&n)
		if err != nil {
			return err
		}
		if n != staged {
			return vault.ErrConflict
		}
		if _, err := tx.ExecContext(ctx, s.dialect.commitStaged(), now(), tenant, upload); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM vatkit_records WHERE tenant = ? AND upload = ?`),
			tenant, upload).Scan(&stored)
		if err != nil {
			return err
		}
		desc.Tenant, desc.Upload = tenant, upload
		if _, err := tx.ExecContext(ctx, s.dialect.multiInsert("vatkit_records", recordColumns, 1, ""), recordArgs(nil, &desc, now())...); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM vatkit_staged WHERE tenant = ? AND upload = ?`), tenant, upload)
		return err
	})
	if err != nil {
		return 0, wrap("commit upload", err)
	}
	return stored, nil
}

// commitStaged is the INSERT … SELECT that moves one upload's staged
// records, skipping those whose key or line is already stored.
func (d sqlDialect) commitStaged() string {
	sel := `INSERT INTO vatkit_records (` + strings.Join(recordColumns, ", ") + `)
		SELECT tenant, kind, id, period, blind_index, sealed, size, ?, upload FROM vatkit_staged
		WHERE tenant = ? AND upload = ?`
	switch d.Dialect {
	case MySQL:
		return d.rebind(sel + ` ORDER BY kind, blind_index ON DUPLICATE KEY UPDATE vatkit_records.tenant = vatkit_records.tenant`)
	case Postgres:
		return d.rebind(sel + ` ORDER BY kind, blind_index ON CONFLICT DO NOTHING`)
	}
	// SQLite has one writer: no lock order to keep; key order appends.
	return d.rebind(sel + ` ORDER BY kind, id ON CONFLICT DO NOTHING`)
}

// DiscardUpload removes an upload's staged records.
func (s *Store) DiscardUpload(ctx context.Context, tenant, upload string) error {
	_, err := s.execSQL(ctx, s.query(s.dialect.rebind(`DELETE FROM vatkit_staged WHERE tenant = ? AND upload = ?`)), tenant, upload)
	return wrap("discard upload", err)
}

// DeleteUpload removes every stored record of an upload in one statement.
func (s *Store) DeleteUpload(ctx context.Context, tenant, upload string) (int, error) {
	n, err := s.execSQL(ctx, s.query(s.dialect.rebind(`DELETE FROM vatkit_records WHERE tenant = ? AND upload = ?`)), tenant, upload)
	if err != nil {
		return 0, wrap("delete upload", err)
	}
	if n == 0 {
		return 0, vault.ErrNotFound
	}
	return int(n), nil
}

// UploadCounts counts the stored records of each upload of the tenant.
func (s *Store) UploadCounts(ctx context.Context, tenant string) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(
		`SELECT upload, COUNT(*) FROM vatkit_records WHERE tenant = ? AND upload <> '' GROUP BY upload`), tenant)
	if err != nil {
		return nil, wrap("count uploads", err)
	}
	defer rows.Close()
	out := make(map[string]int)
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, wrap("count uploads", err)
		}
		out[id] = n
	}
	return out, wrap("count uploads", rows.Err())
}

// SweepStaged removes the staged records of uploads idle since before the
// given time. An upload that wakes up after its sweep fails to commit
// (its staged count no longer matches) and is discarded by its writer.
func (s *Store) SweepStaged(ctx context.Context, tenant string, before time.Time) (int, error) {
	q := `SELECT tenant, upload FROM vatkit_staged`
	args := []any{}
	if tenant != "" {
		q += ` WHERE tenant = ?`
		args = append(args, tenant)
	}
	q += ` GROUP BY tenant, upload HAVING MAX(staged_at) < ?`
	args = append(args, stamp(before))
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(q), args...)
	if err != nil {
		return 0, wrap("sweep staged", err)
	}
	var dead [][2]string
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return 0, wrap("sweep staged", err)
		}
		dead = append(dead, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, wrap("sweep staged", err)
	}
	total := 0
	for _, k := range dead {
		n, err := s.execSQL(ctx, s.query(s.dialect.rebind(
			`DELETE FROM vatkit_staged WHERE tenant = ? AND upload = ?`)), k[0], k[1])
		if err != nil {
			return total, wrap("sweep staged", err)
		}
		total += int(n)
	}
	return total, nil
}

// retry runs fn in a transaction, again after a deadlock, serialization
// failure or certification conflict (which roll the whole transaction
// back), with growing pauses (see retrying).
func (s *Store) retry(ctx context.Context, fn func(*sql.Tx) error) error {
	return retrying(ctx, func() error { return s.tx(ctx, fn) })
}
