package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// Store is a vault.Store on database/sql. It is safe for concurrent use.
// A write that loses to a concurrent one — a deadlock, a serialization
// failure, a MariaDB Galera certification conflict with a transaction
// committed through another node — or that a cluster node refuses while
// it is not ready is repeated, as a whole, a few times with growing
// pauses; compare-and-swap updates compare again when repeated. What
// still fails that way is reported as such by [Transient].
type Store struct {
	db      *sql.DB
	dialect sqlDialect
	// pageSize is how many records a scan reads per query.
	pageSize int
	stmts    []*sql.Stmt
	owned    bool       // db was opened by Open and is closed by Close
	bulk     BulkCopier // see WithBulkCopy; nil: multi-row INSERTs
}

var _ vault.Store = (*Store)(nil)

// ErrSchema is returned by New when the database holds a newer schema than
// this code knows, or a schema it cannot read.
var ErrSchema = errors.New("sqlstore: unsupported schema")

// New returns a Store on db, a pool the host opened with the dialect's
// driver (this package links none: see [Open]). It creates or migrates the
// schema first, in one transaction, unless [WithoutMigration] leaves that
// to the host; [WithTablePrefix] names the tables. On SQLite it also
// truncates the write-ahead log, finishing an erase the previous process
// did not live to complete (see [Store.EraseTenant]). The caller keeps
// ownership of db: Close does not close it.
func New(ctx context.Context, db *sql.DB, d Dialect, opts ...Option) (*Store, error) {
	if d < SQLite || d > MySQL {
		return nil, fmt.Errorf("sqlstore: unknown dialect %v", d)
	}
	c, err := configure(opts)
	if err != nil {
		return nil, err
	}
	sd := sqlDialect{d, c.prefix}
	if c.migrate {
		err = migrate(ctx, db, sd)
	} else {
		err = checkSchema(ctx, db, sd)
	}
	if err != nil {
		return nil, err
	}
	stmts, err := prepare(ctx, db, sd)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, dialect: sd, pageSize: 1000, stmts: stmts, bulk: c.bulk}
	// Best effort, for an erase the previous process did not live to
	// finish: another process reading the file may hold the log, and the
	// next erase truncates it anyway.
	if err := s.truncateWAL(ctx); err != nil && !errors.Is(err, ErrCheckpointBlocked) {
		s.Close()
		return nil, fmt.Errorf("sqlstore: open sqlite: %w", err)
	}
	return s, nil
}

// Close releases the prepared statements. It does not close the *sql.DB
// given to New (but see Open).
func (s *Store) Close() error {
	for _, st := range s.stmts {
		if st != nil {
			st.Close()
		}
	}
	if s.owned {
		return s.db.Close()
	}
	return nil
}

func (s *Store) stmt(ctx context.Context, tx *sql.Tx, st statement) *sql.Stmt {
	if tx != nil {
		return tx.StmtContext(ctx, s.stmts[st])
	}
	return s.stmts[st]
}

// Dialect reports which SQL the store speaks.
func (s *Store) Dialect() Dialect { return s.dialect.Dialect }

// DB returns the underlying pool.
func (s *Store) DB() *sql.DB { return s.db }

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// wrap prefixes a database error with the operation; it never includes
// values, which may be sealed bytes or tenant ids.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, vault.ErrNotFound) || errors.Is(err, vault.ErrExists) || errors.Is(err, vault.ErrConflict) {
		return err
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// tx runs fn in a transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(t); err != nil {
		_ = t.Rollback()
		return err
	}
	return t.Commit()
}

var _ vault.TenantEraser = (*Store)(nil)
