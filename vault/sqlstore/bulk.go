package sqlstore

import (
	"context"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// BulkCopier copies rows into table (its columns named by columns, the
// values in that order) over driverConn, one connection of the store's
// pool as its driver gives it (see database/sql's Conn.Raw), in a
// transaction of its own: every row or, on any error, none. It returns the
// driver's error unchanged, so that the store can tell a unique violation
// (SQLSTATE 23505) or a transient failure from the rest. Package
// sqlstore/postgres has one for pgx, which its Open sets.
type BulkCopier func(ctx context.Context, driverConn any, table string, columns []string, rows [][]any) error

// WithBulkCopy makes the store write new records and staged uploads with
// c — PostgreSQL's COPY, say — instead of multi-row INSERTs, which costs
// about half as much per row: [Store.PutNew] copies a batch when none of
// its lines is stored yet, and falls back to INSERT … ON CONFLICT DO
// NOTHING for a batch that meets a stored line; [Store.StageRecords]
// always copies. Hosts that call [New] on a pgx pool of their own pass
// postgres.BulkCopy.
func WithBulkCopy(c BulkCopier) Option { return func(cf *config) { cf.bulk = c } }

// copyRows copies rows into table with the store's BulkCopier, on a
// connection of its own, retrying a transient failure as retry does.
func (s *Store) copyRows(ctx context.Context, table string, columns []string, rows [][]any) error {
	return retrying(ctx, func() error {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error { return s.bulk(ctx, dc, s.dialect.prefixed(table), columns, rows) })
	})
}

// putNewCopy copies rs into vatkit_records when none of their keys and
// lines is stored: it reports false, with nothing written, when one is
// (the copy met a unique index) so that the caller inserts them one
// conflict at a time.
func (s *Store) putNewCopy(ctx context.Context, rs []vault.Record) (bool, error) {
	ts := stamp(time.Now())
	rows := make([][]any, len(rs))
	for i := range rs {
		rows[i] = recordArgs(make([]any, 0, 9), &rs[i], ts)
	}
	err := s.copyRows(ctx, "vatkit_records", recordColumns, rows)
	if isUnique(err) {
		return false, nil
	}
	return err == nil, err
}

// stageCopy copies rs into vatkit_staged.
func (s *Store) stageCopy(ctx context.Context, rs []vault.Record) error {
	ts := stamp(time.Now())
	rows := make([][]any, len(rs))
	for i := range rs {
		rows[i] = stagedArgs(make([]any, 0, 9), &rs[i], ts)
	}
	return s.copyRows(ctx, "vatkit_staged", stagedColumns, rows)
}
