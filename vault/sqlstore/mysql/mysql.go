// Package mysql opens a [sqlstore.Store] on MySQL 8 or MariaDB 10.6+ with
// github.com/go-sql-driver/mysql. A host that imports it, and not the sqlite
// or postgres packages, links neither of their drivers.
package mysql

import (
	"context"

	_ "github.com/go-sql-driver/mysql" // driver "mysql"

	"github.com/vatkit/vatkit/vault/sqlstore"
)

// Open connects with a go-sql-driver DSN ("user:pass@tcp(host:3306)/db?tls=true";
// parseTime is not needed) and returns a Store on the database; Close
// closes the pool too. opts are those of [sqlstore.New].
func Open(ctx context.Context, dsn string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.Open(ctx, sqlstore.MySQL, dsn, opts...)
}
