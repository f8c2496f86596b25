// Package postgres opens a [sqlstore.Store] on PostgreSQL with
// github.com/jackc/pgx/v5. A host that imports it, and not the sqlite or
// mysql packages, links neither of their drivers.
package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // driver "pgx"

	"github.com/vatkit/vatkit/vault/sqlstore"
)

// Open connects with a pgx connection string
// ("postgres://vatkit@db:5432/vatkit?sslmode=verify-full") and returns a
// Store on the database that writes new records and uploads with COPY
// ([BulkCopy]); Close closes the pool too. opts are those of
// [sqlstore.New]. A host with its own pool (pgx's stdlib.OpenDBFromPool,
// say) calls sqlstore.New(ctx, db, sqlstore.Postgres,
// sqlstore.WithBulkCopy(postgres.BulkCopy)) instead.
func Open(ctx context.Context, dsn string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	opts = append([]sqlstore.Option{sqlstore.WithBulkCopy(BulkCopy)}, opts...)
	return sqlstore.Open(ctx, sqlstore.Postgres, dsn, opts...)
}

// BulkCopy is a [sqlstore.BulkCopier] for a pool of pgx's database/sql
// driver: one COPY FROM STDIN of the rows in a transaction of its own.
func BulkCopy(ctx context.Context, driverConn any, table string, columns []string, rows [][]any) error {
	c, ok := driverConn.(*stdlib.Conn)
	if !ok {
		return fmt.Errorf("postgres: bulk copy needs a connection of pgx's database/sql driver, not %T", driverConn)
	}
	tx, err := c.Conn().Begin(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows)); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}
