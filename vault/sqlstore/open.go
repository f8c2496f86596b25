package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

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
//
// What is deleted does not linger in the files: secure_delete overwrites
// deleted content with zeros, temporary tables and indexes stay in memory,
// and [Store.EraseTenant] checkpoints and truncates the write-ahead log,
// which would otherwise keep old copies of the pages (so does OpenSQLite,
// for an erase the previous process did not live to finish). The folder is
// created 0700 when missing, and the database, its -wal and -shm files are
// made 0600.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	if err := private(path); err != nil {
		return nil, fmt.Errorf("sqlstore: open sqlite: %w", err)
	}
	v := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(5000)", "synchronous(NORMAL)", "foreign_keys(ON)",
		"secure_delete(ON)", "temp_store(MEMORY)"} {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	s, err := open(ctx, "sqlite", "file:"+path+"?"+v.Encode(), SQLite)
	if err != nil {
		return nil, err
	}
	if err := s.truncateWAL(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlstore: open sqlite: %w", err)
	}
	return s, nil
}

// private creates the folder of path (0700) if missing and the database
// file (0600), and narrows the database's files to 0600 where they exist
// with wider permissions: SQLite gives the -wal and -shm files the
// database's permissions.
func private(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
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
