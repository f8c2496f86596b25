package sqlstore

import (
	"context"

	_ "modernc.org/sqlite" // driver "sqlite": the sqlite package would import this one
)

// openTestSQLite opens a Store on an SQLite file for this package's own
// tests, which cannot import the sqlite package.
func openTestSQLite(ctx context.Context, path string) (*Store, error) {
	return Open(ctx, SQLite, "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
}
