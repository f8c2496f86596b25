package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrCheckpointBlocked is returned by EraseTenant on SQLite when readers
// kept the write-ahead log from being truncated within the busy timeout.
// The tenant's rows are deleted, but older copies of their pages may still
// be in the -wal file: call EraseTenant again.
var ErrCheckpointBlocked = errors.New("sqlstore: write-ahead log still in use; repeat the erase to truncate it")

// EraseTenant deletes everything the store holds of the tenant — its key
// material, its login lookups, its records and the staged records of
// uploads under way — in one transaction: either all of it is gone or none. Nothing to delete is not
// an error, so an erase can be repeated.
//
// On SQLite it then checkpoints the write-ahead log and truncates it to
// zero bytes: with secure_delete on (see the sqlite package), no byte of the erased
// rows is left in the database, -wal or -shm files. On PostgreSQL and
// MySQL/MariaDB the rows are deleted, but copies remain outside the
// store's reach until the server reuses or expires them; the package
// documentation lists where, and what the host must configure.
func (s *Store) EraseTenant(ctx context.Context, tenant string) error {
	err := s.retry(ctx, func(tx *sql.Tx) error {
		for _, st := range []statement{stmtDeleteTenant, stmtDeleteRecords} {
			if _, err := s.stmt(ctx, tx, st).ExecContext(ctx, tenant); err != nil {
				return err
			}
		}
		for _, table := range []string{"vatkit_logins", "vatkit_staged"} {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM `+table+` WHERE tenant = ?`), tenant); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return wrap("erase tenant", err)
	}
	return wrap("erase tenant", s.truncateWAL(ctx))
}

// truncateWAL copies every page of SQLite's write-ahead log into the
// database and truncates the log to zero bytes, waiting up to the busy
// timeout for readers to finish. Other dialects have nothing to do here.
func (s *Store) truncateWAL(ctx context.Context) error {
	if s.dialect.Dialect != SQLite {
		return nil
	}
	var busy, logPages, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return ErrCheckpointBlocked
	}
	return nil
}

// Compact rewrites a SQLite database into fresh pages (VACUUM) and
// truncates its write-ahead log. secure_delete zeroes what is deleted, but
// SQLite's b-tree rebalancing can leave a stale copy of a row that moved to
// another page in the unused space of the page it left; Compact removes
// such copies too. It takes time in proportion to the file (seconds per
// hundred megabytes), holds the single writer meanwhile and needs as much
// free disk space as the database: run it off-peak, e.g. nightly. On
// PostgreSQL and MySQL it does nothing (see the package documentation).
func (s *Store) Compact(ctx context.Context) error {
	if s.dialect.Dialect != SQLite {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM`); err != nil {
		return wrap("compact", err)
	}
	return wrap("compact", s.truncateWAL(ctx))
}
