package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/vatkit/vatkit/vault"
)

var _ vault.AuditStore = (*Store)(nil)

const auditCols = `seq, at_ns, tenant, event_type, event_count, prev, hash`

// auditPage is how many audit entries a scan reads per query.
const auditPage = 1000

// AppendAudit stores one audit entry, or fails with vault.ErrConflict when
// its sequence number is taken.
func (s *Store) AppendAudit(ctx context.Context, e vault.Entry) error {
	_, err := s.execSQL(ctx, s.query(s.dialect.rebind(`INSERT INTO vatkit_audit (`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`)),
		int64(e.Seq), e.Time.UnixNano(), e.Tenant, string(e.Type), e.Count, e.Prev[:], e.Hash[:])
	if isUnique(err) {
		return vault.ErrConflict
	}
	return wrap("append audit entry", err)
}

// LastAudit returns the audit entry with the highest sequence number, or
// vault.ErrNotFound.
func (s *Store) LastAudit(ctx context.Context) (vault.Entry, error) {
	var r auditRow
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+auditCols+` FROM vatkit_audit ORDER BY seq DESC LIMIT 1`)).Scan(r.ptrs()...)
	if errors.Is(err, sql.ErrNoRows) {
		return vault.Entry{}, vault.ErrNotFound
	}
	if err != nil {
		return vault.Entry{}, wrap("read audit entry", err)
	}
	return r.entry()
}

// AuditEntries yields the audit entries after a sequence number, in order,
// reading them in pages so that no cursor stays open while the loop runs.
func (s *Store) AuditEntries(ctx context.Context, after uint64) iter.Seq2[vault.Entry, error] {
	q := s.dialect.rebind(`SELECT ` + auditCols + ` FROM vatkit_audit WHERE seq > ? ORDER BY seq LIMIT ?`)
	return func(yield func(vault.Entry, error) bool) {
		for {
			page, err := s.auditPage(ctx, q, after)
			if err != nil {
				yield(vault.Entry{}, err)
				return
			}
			for _, r := range page {
				e, err := r.entry()
				if !yield(e, err) || err != nil {
					return
				}
			}
			if len(page) < auditPage {
				return
			}
			after = uint64(page[len(page)-1].seq)
		}
	}
}

func (s *Store) auditPage(ctx context.Context, q string, after uint64) ([]auditRow, error) {
	rows, err := s.db.QueryContext(ctx, q, int64(after), auditPage)
	if err != nil {
		return nil, wrap("scan audit entries", err)
	}
	defer rows.Close()
	var page []auditRow
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(r.ptrs()...); err != nil {
			return nil, wrap("scan audit entries", err)
		}
		page = append(page, r)
	}
	return page, wrap("scan audit entries", rows.Err())
}

// AuditCheckpoint returns the purge checkpoint, or the zero Checkpoint
// when the log was never purged.
func (s *Store) AuditCheckpoint(ctx context.Context) (vault.Checkpoint, error) {
	return s.auditCheckpoint(ctx, s.db)
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) auditCheckpoint(ctx context.Context, q querier) (vault.Checkpoint, error) {
	var seq, before int64
	var hash, mac []byte
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT seq, hash, purged_before_ns, mac FROM vatkit_audit_checkpoint WHERE id = 1`)).
		Scan(&seq, &hash, &before, &mac)
	if errors.Is(err, sql.ErrNoRows) {
		return vault.Checkpoint{}, nil
	}
	if err != nil {
		return vault.Checkpoint{}, wrap("read audit checkpoint", err)
	}
	return decodeCheckpoint(seq, hash, before, mac)
}

// PurgeAudit deletes the entries up to cp.Seq and stores cp, in one
// transaction; a checkpoint not newer than the stored one changes nothing.
func (s *Store) PurgeAudit(ctx context.Context, cp vault.Checkpoint) error {
	return wrap("purge audit", s.retry(ctx, func(tx *sql.Tx) error {
		cur, err := s.auditCheckpoint(ctx, tx)
		if err != nil {
			return err
		}
		if cp.Seq <= cur.Seq {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM vatkit_audit WHERE seq <= ?`), int64(cp.Seq)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM vatkit_audit_checkpoint WHERE id = 1`)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO vatkit_audit_checkpoint (id, seq, hash, purged_before_ns, mac) VALUES (1, ?, ?, ?, ?)`),
			int64(cp.Seq), cp.Hash[:], cp.Before.UnixNano(), cp.MAC[:])
		return err
	}))
}

// auditRow is one row of vatkit_audit as read.
type auditRow struct {
	seq, at, count    int64
	tenant, eventType string
	prev, hash        []byte
}

func (r *auditRow) ptrs() []any {
	return []any{&r.seq, &r.at, &r.tenant, &r.eventType, &r.count, &r.prev, &r.hash}
}

// entry decodes the row. A row that cannot be an entry (a sequence number
// below 1, a hash that is not 32 bytes) is reported as a *vault.ChainError
// naming it, without quoting its bytes.
func (r auditRow) entry() (vault.Entry, error) {
	var e vault.Entry
	if r.seq < 1 || len(r.prev) != len(e.Prev) || len(r.hash) != len(e.Hash) {
		return e, &vault.ChainError{Seq: uint64(max(r.seq, 0)), Reason: "stored bytes malformed"}
	}
	e.Seq = uint64(r.seq)
	e.Time = time.Unix(0, r.at).UTC()
	e.Tenant, e.Type, e.Count = r.tenant, vault.EventType(r.eventType), r.count
	copy(e.Prev[:], r.prev)
	copy(e.Hash[:], r.hash)
	return e, nil
}

// decodeCheckpoint decodes the checkpoint row.
func decodeCheckpoint(seq int64, hash []byte, before int64, mac []byte) (vault.Checkpoint, error) {
	var cp vault.Checkpoint
	if seq < 1 || len(hash) != len(cp.Hash) || len(mac) != len(cp.MAC) {
		return cp, &vault.ChainError{Reason: fmt.Sprintf("stored checkpoint malformed (%d-byte hash)", len(hash))}
	}
	cp.Seq = uint64(seq)
	copy(cp.Hash[:], hash)
	cp.Before = time.Unix(0, before).UTC()
	copy(cp.MAC[:], mac)
	return cp, nil
}
