// Package postgres opens a [sqlstore.Store] on PostgreSQL with
// github.com/jackc/pgx/v5. A host that imports it, and not the sqlite or
// mysql packages, links neither of their drivers.
package postgres

import (
	"context"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"

	"github.com/vatkit/vatkit/vault/sqlstore"
)

// Open connects with a pgx connection string
// ("postgres://vatkit@db:5432/vatkit?sslmode=verify-full") and returns a
// Store on the database; Close closes the pool too. opts are those of
// [sqlstore.New]. A host with its own pool (pgx's stdlib.OpenDBFromPool,
// say) calls sqlstore.New(ctx, db, sqlstore.Postgres) instead.
func Open(ctx context.Context, dsn string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.Open(ctx, sqlstore.Postgres, dsn, opts...)
}
