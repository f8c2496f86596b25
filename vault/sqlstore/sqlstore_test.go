package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/vatkit/vatkit/internal/dbtest"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	_ "github.com/vatkit/vatkit/vault/sqlstore/mysql" // driver "mysql"
	"github.com/vatkit/vatkit/vault/sqlstore/postgres"
	_ "github.com/vatkit/vatkit/vault/sqlstore/postgres" // driver "pgx"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
	"github.com/vatkit/vatkit/vault/storetest"
)

// The servers' DSNs come from the environment; .ci/run starts throw-away
// servers and sets them.
const (
	postgresEnv = dbtest.PostgresEnv
	mysqlEnv    = dbtest.MySQLEnv
)

// dialects lists every dialect with a function that returns a fresh, empty
// store, or skips the test when its server is not configured.
var dialects = []struct {
	name  string
	fresh func(t *testing.T) *sqlstore.Store
}{
	{"sqlite", freshSQLite},
	{"postgres", func(t *testing.T) *sqlstore.Store { return freshServer(t, sqlstore.Postgres, postgresEnv) }},
	{"mysql", func(t *testing.T) *sqlstore.Store { return freshServer(t, sqlstore.MySQL, mysqlEnv) }},
}

func freshSQLite(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "vatkit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// allTables lists every table of the schema, for tests that start afresh.
var allTables = []string{"vatkit_audit", "vatkit_audit_checkpoint", "vatkit_logins", "vatkit_staged",
	"vatkit_records", "vatkit_tenants", "vatkit_schema"}

// freshServer connects to the server named by env, drops the store's tables
// and returns a store with a new schema.
func freshServer(t *testing.T, d sqlstore.Dialect, env string, opts ...sqlstore.Option) *sqlstore.Store {
	t.Helper()
	dsn := dbtest.DSN(t, env)
	ctx := context.Background()
	driver := map[sqlstore.Dialect]string{sqlstore.Postgres: "pgx", sqlstore.MySQL: "mysql"}[d]
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range allTables {
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+table); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := sqlstore.Open(ctx, d, dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformance runs vault's Store conformance suite on every dialect.
func TestConformance(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) vault.Store { return d.fresh(t) })
		})
	}
}

// TestConformancePostgresCopy runs the conformance suite on a PostgreSQL
// store that writes with COPY, as postgres.Open makes it: batches of new
// lines copied, batches meeting a stored line inserted one conflict at a
// time.
func TestConformancePostgresCopy(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vault.Store {
		return freshServer(t, sqlstore.Postgres, postgresEnv, sqlstore.WithBulkCopy(postgres.BulkCopy))
	})
}

// TestMigrations: opening twice is idempotent; a newer schema is refused.
func TestMigrations(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			s := d.fresh(t)
			ctx := context.Background()
			if _, err := sqlstore.New(ctx, s.DB(), s.Dialect()); err != nil {
				t.Fatalf("second migration: %v", err)
			}
			var n, top int
			if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*), MAX(version) FROM vatkit_schema").Scan(&n, &top); err != nil || n != 3 || top != 3 {
				t.Fatalf("schema rows = %d up to version %d, %v; want versions 1 to 3", n, top, err)
			}
			if _, err := s.DB().ExecContext(ctx, "INSERT INTO vatkit_schema (version) VALUES (99)"); err != nil {
				t.Fatal(err)
			}
			if _, err := sqlstore.New(ctx, s.DB(), s.Dialect()); !errors.Is(err, sqlstore.ErrSchema) {
				t.Fatalf("newer schema: err = %v, want ErrSchema", err)
			}
		})
	}
}

// TestEraseTenant deletes metadata and records together, and only the
// tenant's.
func TestEraseTenant(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			s := d.fresh(t)
			ctx := context.Background()
			for _, tenant := range []string{"a", "b"} {
				if err := s.CreateTenant(ctx, meta(tenant)); err != nil {
					t.Fatal(err)
				}
				if err := s.PutRecord(ctx, vault.Record{Tenant: tenant, Kind: "txn", ID: "1", Sealed: []byte{1}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.EraseTenant(ctx, "a"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Tenant(ctx, "a"); !errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("tenant a after erase: %v", err)
			}
			if _, err := s.Record(ctx, "a", "txn", "1"); !errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("record of a after erase: %v", err)
			}
			if _, err := s.Record(ctx, "b", "txn", "1"); err != nil {
				t.Fatalf("record of b after erasing a: %v", err)
			}
		})
	}
}

// TestCancelled: a cancelled context stops every operation.
func TestCancelled(t *testing.T) {
	s := freshSQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.PutRecord(ctx, vault.Record{Tenant: "a", Kind: "k", ID: "1"}); err == nil {
		t.Fatal("PutRecord with a cancelled context succeeded")
	}
	for _, err := range s.Records(ctx, vault.Query{Tenant: "a"}) {
		if err == nil {
			t.Fatal("Records with a cancelled context yielded a record")
		}
	}
}

func meta(tenant string) vault.TenantMeta {
	salt := make([]byte, 32)
	check := make([]byte, 32)
	salt[0], check[0] = 1, 2
	return vault.TenantMeta{Tenant: tenant, Current: vault.KeyState{Generation: 1, Salt: salt, Params: vault.DefaultParams, Check: check}}
}

// TestPutNewAtomic writes a batch atomically: a failing batch leaves
// nothing.
func TestPutNewAtomic(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			s := d.fresh(t)
			ctx := context.Background()
			ok := []vault.Record{{Tenant: "a", Kind: "txn", ID: "1", Sealed: []byte{1}}, {Tenant: "a", Kind: "txn", ID: "2", Sealed: []byte{2}}}
			if _, err := s.PutNew(ctx, ok); err != nil {
				t.Fatal(err)
			}
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := s.PutNew(cancelled, []vault.Record{{Tenant: "a", Kind: "txn", ID: "3", Sealed: []byte{3}}}); err == nil {
				t.Fatal("PutNew with a cancelled context succeeded")
			}
			n := 0
			for _, err := range s.Records(ctx, vault.Query{Tenant: "a"}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != 2 {
				t.Fatalf("%d records, want 2", n)
			}
		})
	}
}
