package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"iter"

	"github.com/vatkit/vatkit/vault"
)

// PutRecord inserts or replaces one record. MySQL's ON DUPLICATE KEY
// UPDATE would fire on the line's unique key too and overwrite another
// record, so there the record is deleted and inserted in one transaction.
func (s *Store) PutRecord(ctx context.Context, r vault.Record) error {
	args := []any{r.Tenant, r.Kind, r.ID, r.Period, nullBytes(r.Index), nonNil(r.Sealed), int64(len(r.Sealed)), now(), r.Upload}
	var err error
	if s.dialect.Dialect == MySQL {
		err = s.retry(ctx, func(tx *sql.Tx) error {
			if _, err := s.stmt(ctx, tx, stmtDeleteRecord).ExecContext(ctx, r.Tenant, r.Kind, r.ID); err != nil {
				return err
			}
			_, err := s.stmt(ctx, tx, stmtPutRecord).ExecContext(ctx, args...)
			return err
		})
	} else {
		_, err = s.exec(ctx, stmtPutRecord, args...)
	}
	if isUnique(err) {
		return vault.ErrDuplicateLine
	}
	return wrap("put record "+r.Kind+"/"+r.ID, err)
}

// Record returns one record or vault.ErrNotFound.
func (s *Store) Record(ctx context.Context, tenant, kind, id string) (vault.Record, error) {
	r := vault.Record{Tenant: tenant, Kind: kind, ID: id}
	err := s.stmts[stmtRecord].QueryRowContext(ctx, tenant, kind, id).Scan(&r.Period, &r.Index, &r.Sealed, &r.Upload)
	if errors.Is(err, sql.ErrNoRows) {
		return vault.Record{}, vault.ErrNotFound
	}
	return r, wrap("read record "+kind+"/"+id, err)
}

// DeleteRecord removes one record or fails with vault.ErrNotFound.
func (s *Store) DeleteRecord(ctx context.Context, tenant, kind, id string) error {
	n, err := s.exec(ctx, stmtDeleteRecord, tenant, kind, id)
	if err != nil {
		return wrap("delete record "+kind+"/"+id, err)
	}
	if n == 0 {
		return vault.ErrNotFound
	}
	return nil
}

// DeleteRecords removes every record of the tenant, staged ones included,
// in one transaction.
func (s *Store) DeleteRecords(ctx context.Context, tenant string) error {
	return wrap("delete records", s.retry(ctx, func(tx *sql.Tx) error {
		if _, err := s.stmt(ctx, tx, stmtDeleteRecords).ExecContext(ctx, tenant); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM vatkit_staged WHERE tenant = ?`), tenant)
		return err
	}))
}

// Records streams the records q selects in (kind, id) order, reading them in
// keyset pages so that no cursor stays open while the caller's loop body
// runs (it may write to the store, and SQLite has one writer).
func (s *Store) Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error] {
	return func(yield func(vault.Record, error) bool) {
		query := scanQuery(s.dialect, q.Kind != "", q.Period != "", q.Index != nil)
		after, left := q.After, q.Limit
		for {
			n := s.pageSize
			if q.Limit > 0 && left < n {
				n = left
			}
			page, err := s.page(ctx, query, q, after, n)
			if err != nil {
				yield(vault.Record{}, wrap("scan records", err))
				return
			}
			for _, r := range page {
				if !yield(r, nil) {
					return
				}
			}
			if len(page) < n {
				return
			}
			last := page[len(page)-1]
			after = vault.RecordKey{Kind: last.Kind, ID: last.ID}
			if q.Limit > 0 {
				if left -= len(page); left == 0 {
					return
				}
			}
		}
	}
}

// page reads up to n records after the key.
func (s *Store) page(ctx context.Context, query string, q vault.Query, after vault.RecordKey, n int) ([]vault.Record, error) {
	args := []any{q.Tenant}
	if q.Kind != "" {
		args = append(args, q.Kind)
	}
	if q.Period != "" {
		args = append(args, q.Period)
	}
	if q.Index != nil {
		args = append(args, q.Index)
	}
	if s.dialect.Dialect == MySQL {
		args = append(args, after.Kind, after.Kind, after.ID, n)
	} else {
		args = append(args, after.Kind, after.ID, n)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]vault.Record, 0, n)
	// The bytes are scanned raw and copied once, index and sealed payload
	// into one allocation; kind, period and upload, which a page's records
	// mostly share, are made into strings only when they change.
	var kind, period, upload, index, sealed sql.RawBytes
	var last vault.Record
	for rows.Next() {
		r := vault.Record{Tenant: q.Tenant}
		if err := rows.Scan(&kind, &r.ID, &period, &index, &sealed, &upload); err != nil {
			return nil, err
		}
		r.Kind, r.Period, r.Upload = reuse(last.Kind, kind), reuse(last.Period, period), reuse(last.Upload, upload)
		buf := make([]byte, len(index)+len(sealed))
		n := copy(buf, index)
		if index != nil {
			r.Index = buf[:n:n]
		}
		copy(buf[n:], sealed)
		r.Sealed = buf[n:]
		last = r
		out = append(out, r)
	}
	return out, rows.Err()
}

// reuse returns s when b spells it, else b as a new string.
func reuse(s string, b []byte) string {
	if string(b) == s {
		return s
	}
	return string(b)
}

// nullBytes stores a nil index as NULL.
func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// nonNil stores an empty sealed payload as zero bytes, not NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
