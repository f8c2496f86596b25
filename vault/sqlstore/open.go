package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// drivers are the database/sql driver names Open uses per dialect.
var drivers = map[Dialect]string{SQLite: "sqlite", Postgres: "pgx", MySQL: "mysql"}

// Open opens a database by DSN and returns a Store on it; Close closes the
// database too. This package links no driver: Open uses the one registered
// under the dialect's name — "sqlite" (modernc.org/sqlite), "pgx"
// (github.com/jackc/pgx/v5/stdlib) or "mysql" (github.com/go-sql-driver/mysql)
// — so import the package that opens the dialect, which registers it:
// [github.com/vatkit/vatkit/vault/sqlstore/sqlite],
// [github.com/vatkit/vatkit/vault/sqlstore/postgres] or
// [github.com/vatkit/vatkit/vault/sqlstore/mysql]. A host that opens its own
// pool calls [New] instead.
func Open(ctx context.Context, d Dialect, dsn string, opts ...Option) (*Store, error) {
	name, ok := drivers[d]
	if !ok {
		return nil, fmt.Errorf("sqlstore: unknown dialect %v", d)
	}
	if !slices.Contains(sql.Drivers(), name) {
		return nil, fmt.Errorf("sqlstore: no %q driver registered: import github.com/vatkit/vatkit/vault/sqlstore/%s", name, d)
	}
	db, err := sql.Open(name, dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", d, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", d, err)
	}
	s, err := New(ctx, db, d, opts...)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}
