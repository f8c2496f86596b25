// Package sqlite opens a [sqlstore.Store] on an embedded SQLite file, with
// modernc.org/sqlite (pure Go, no cgo). It is the only package of vatkit
// that links that driver.
package sqlite

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // driver "sqlite"

	"github.com/vatkit/vatkit/vault/sqlstore"
)

// Open opens (creating if needed) the SQLite database file at path and
// returns a Store on it; Close closes the database too. opts are those of
// [sqlstore.New].
//
// The file is put in WAL mode with a 5-second busy timeout and
// synchronous=NORMAL, so that readers never block the writer and concurrent
// writers wait for each other instead of failing. SQLite still has a single
// writer: writes of all tenants are serialised (thousands of small writes a
// second on a local disk); past that, use PostgreSQL or MySQL.
//
// What is deleted does not linger in the files: secure_delete overwrites
// deleted content with zeros, temporary tables and indexes stay in memory,
// and [sqlstore.Store.EraseTenant] checkpoints and truncates the
// write-ahead log, which would otherwise keep old copies of the pages (so
// does Open when no other process holds the log, for an erase the previous
// process did not live to finish).
// The folder is created 0700 when missing, and the database, its -wal and
// -shm files are made 0600.
func Open(ctx context.Context, path string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	if err := private(path); err != nil {
		return nil, fmt.Errorf("sqlstore: open sqlite: %w", err)
	}
	return sqlstore.Open(ctx, sqlstore.SQLite, DSN(path), opts...)
}

// DSN returns the data source name Open uses for the file at path, for a
// host that opens its own pool and calls [sqlstore.New]: WAL, the busy
// timeout, secure_delete, in-memory temporary storage and immediate
// transactions.
func DSN(path string) string {
	v := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(5000)", "synchronous(NORMAL)", "foreign_keys(ON)",
		"secure_delete(ON)", "temp_store(MEMORY)"} {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	return "file:" + path + "?" + v.Encode()
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
