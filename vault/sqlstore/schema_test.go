package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
	"github.com/vatkit/vatkit/vault/storetest"
)

// prefixed lists every table a store with prefix p uses.
func prefixed(p string) []string {
	return []string{p + "audit", p + "audit_checkpoint", p + "logins", p + "staged", p + "records", p + "tenants", p + "schema"}
}

// emptyWith returns an empty database of the dialect with no table of
// either prefix, and the dialect.
func emptyWith(t *testing.T, name string, prefixes ...string) (*sql.DB, sqlstore.Dialect) {
	t.Helper()
	if name == "sqlite" { // as sqlite.Open configures it: WAL, busy timeout
		db, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(t.TempDir(), "vatkit.db")))
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		return db, sqlstore.SQLite
	}
	db, d := emptyDB(t, name)
	for _, p := range prefixes {
		for _, table := range prefixed(p) {
			mustExec(t, db, "DROP TABLE IF EXISTS "+table)
		}
	}
	return db, d
}

// TestTablePrefix runs the whole Store conformance suite on tables named
// with another prefix, and checks that no table of the default prefix
// appears: every statement of the store goes through the prefix.
func TestTablePrefix(t *testing.T) {
	const p = "shop_vat_"
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) vault.Store {
				db, dialect := emptyWith(t, d.name, p)
				s, err := sqlstore.New(context.Background(), db, dialect, sqlstore.WithTablePrefix(p))
				require.NoError(t, err)
				t.Cleanup(func() { s.Close() })
				return s
			})
			db, dialect := emptyWith(t, d.name, p)
			s, err := sqlstore.New(context.Background(), db, dialect, sqlstore.WithTablePrefix(p))
			require.NoError(t, err)
			defer s.Close()
			for _, table := range prefixed(p) {
				assert.True(t, tableExists(t, db, table), "%s missing", table)
			}
			for _, table := range prefixed(sqlstore.DefaultTablePrefix) {
				assert.False(t, tableExists(t, db, table), "%s created under another prefix", table)
			}
		})
	}
}

func TestTablePrefixRefused(t *testing.T) {
	db, d := emptyDB(t, "sqlite")
	for _, p := range []string{"", "1x_", "shop-vat_", "x; DROP TABLE y", strings.Repeat("a", 33), "vatkit_records_"} {
		_, err := sqlstore.New(context.Background(), db, d, sqlstore.WithTablePrefix(p))
		assert.ErrorContains(t, err, "table prefix", "%q", p)
	}
}

// TestWithoutMigration: the store leaves an empty database alone and
// refuses it; a schema built from Migrations, one version at a time, is
// refused until it is complete and then used as New would have built it.
func TestWithoutMigration(t *testing.T) {
	const p = "host_"
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := context.Background()
			db, dialect := emptyWith(t, d.name, p)
			opts := []sqlstore.Option{sqlstore.WithoutMigration(), sqlstore.WithTablePrefix(p)}
			_, err := sqlstore.New(ctx, db, dialect, opts...)
			require.ErrorIs(t, err, sqlstore.ErrSchema)
			assert.False(t, tableExists(t, db, p+"records"), "WithoutMigration created tables")

			ms, err := sqlstore.Migrations(dialect, sqlstore.WithTablePrefix(p))
			require.NoError(t, err)
			require.Len(t, ms, sqlstore.SchemaVersion)
			for i, m := range ms {
				assert.Equal(t, i+1, m.Version)
				for _, st := range m.Statements {
					assert.NotContains(t, st, sqlstore.DefaultTablePrefix, "the prefix is applied")
					mustExec(t, db, st)
				}
				_, err := sqlstore.New(ctx, db, dialect, opts...)
				if m.Version < sqlstore.SchemaVersion {
					assert.ErrorIs(t, err, sqlstore.ErrSchema, "schema at version %d", m.Version)
				} else {
					require.NoError(t, err)
				}
			}
			s, err := sqlstore.New(ctx, db, dialect, opts...)
			require.NoError(t, err)
			defer s.Close()
			require.NoError(t, s.CreateTenant(ctx, meta("a")))
			require.NoError(t, s.PutRecord(ctx, vault.Record{Tenant: "a", Kind: "txn", ID: "1", Sealed: []byte{1}}))
			_, err = s.Record(ctx, "a", "txn", "1")
			assert.NoError(t, err)
		})
	}
}

// TestSchemaScript: the one-script form holds every migration's
// statements, in order, each ended by ";".
func TestSchemaScript(t *testing.T) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.Postgres, sqlstore.MySQL} {
		script, err := sqlstore.Schema(d)
		require.NoError(t, err)
		ms, err := sqlstore.Migrations(d)
		require.NoError(t, err)
		at := 0
		for _, m := range ms {
			for _, st := range m.Statements {
				i := strings.Index(script[at:], st+";\n")
				require.GreaterOrEqual(t, i, 0, "%s: statement of version %d missing or out of order", d, m.Version)
				at += i + len(st)
			}
		}
		assert.Contains(t, script, "CREATE TABLE IF NOT EXISTS vatkit_schema")
	}
}

// TestTablePrefixOnce: prefixes that contain the default one rename each
// table once, however often a query is prefixed.
func TestTablePrefixOnce(t *testing.T) {
	for _, p := range []string{"my_vatkit_", "vatkit_shop_", "VATKIT_"} {
		db, d := emptyWith(t, "sqlite")
		s, err := sqlstore.New(context.Background(), db, d, sqlstore.WithTablePrefix(p))
		require.NoError(t, err, p)
		require.NoError(t, s.PutRecord(context.Background(), vault.Record{Tenant: "a", Kind: "txn", ID: "1", Sealed: []byte{1}}))
		assert.True(t, tableExists(t, db, p+"records"), p)
		assert.True(t, tableExists(t, db, p+"staged"), p)
		s.Close()
	}
}

func tableExists(t *testing.T, db *sql.DB, table string) bool {
	t.Helper()
	_, err := db.Exec("SELECT 1 FROM " + table + " WHERE 1 = 0")
	return err == nil
}
