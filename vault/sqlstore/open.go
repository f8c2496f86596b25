package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "github.com/go-sql-driver/mysql" // driver "mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"
)

// OpenSQLite opens (creating if needed) the SQLite database file at path
// and returns a Store on it; Close closes the database too.
//
// The file is put in WAL mode with a 5-second busy timeout and
// synchronous=NORMAL, so that readers never block the writer and concurrent
// writers wait for each other instead of failing. SQLite still has a single
// writer: writes of all tenants are serialised (thousands of small writes a
// second on a local disk); past that, use PostgreSQL or MySQL.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	v := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(5000)", "synchronous(NORMAL)", "foreign_keys(ON)"} {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	return open(ctx, "sqlite", "file:"+path+"?"+v.Encode(), SQLite)
}

// Open opens a database by DSN and returns a Store on it; Close closes the
// database too. For PostgreSQL the DSN is a pgx connection string
// ("postgres://user@host:5432/db?sslmode=verify-full"); for MySQL/MariaDB a
// go-sql-driver DSN ("user:pass@tcp(host:3306)/db?tls=true"); parseTime is not
// needed.
func Open(ctx context.Context, d Dialect, dsn string) (*Store, error) {
	switch d {
	case Postgres:
		return open(ctx, "pgx", dsn, d)
	case MySQL:
		return open(ctx, "mysql", dsn, d)
	case SQLite:
		return open(ctx, "sqlite", dsn, d)
	}
	return nil, fmt.Errorf("sqlstore: unknown dialect %v", d)
}

func open(ctx context.Context, driver, dsn string, d Dialect) (*Store, error) {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", d, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", d, err)
	}
	s, err := New(ctx, db, d)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}
