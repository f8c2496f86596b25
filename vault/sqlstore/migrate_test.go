package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/internal/dbtest"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	_ "github.com/vatkit/vatkit/vault/sqlstore/mysql"    // driver "mysql"
	_ "github.com/vatkit/vatkit/vault/sqlstore/postgres" // driver "pgx"
	_ "github.com/vatkit/vatkit/vault/sqlstore/sqlite"   // driver "sqlite"
)

// emptyDB returns a database of the dialect without any vatkit table, and
// its DSN, or skips when the dialect's server is not configured.
func emptyDB(t *testing.T, name string) (*sql.DB, sqlstore.Dialect) {
	t.Helper()
	ctx := context.Background()
	var db *sql.DB
	var err error
	var d sqlstore.Dialect
	switch name {
	case "sqlite":
		d = sqlstore.SQLite
		db, err = sql.Open("sqlite", filepath.Join(t.TempDir(), "v1.db"))
	default:
		env := map[string]string{"postgres": postgresEnv, "mysql": mysqlEnv}[name]
		dsn := dbtest.DSN(t, env)
		d = map[string]sqlstore.Dialect{"postgres": sqlstore.Postgres, "mysql": sqlstore.MySQL}[name]
		db, err = sql.Open(map[string]string{"postgres": "pgx", "mysql": "mysql"}[name], dsn)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, table := range allTables {
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+table); err != nil {
			t.Fatal(err)
		}
	}
	return db, d
}

// TestMigrationToV2KeepsFirstCopy builds a version-1 database holding a
// line stored twice — what two concurrent uploads did before version 2 —
// and checks that the migration keeps the first copy only, keeps every
// other record, and that the database then refuses a third copy.
func TestMigrationToV2KeepsFirstCopy(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := context.Background()
			db, dialect := emptyDB(t, d.name)
			v1, err := os.ReadFile(filepath.Join("migrations", fmt.Sprintf("%s_1.sql", dialect)))
			if err != nil {
				t.Fatal(err)
			}
			for _, stmt := range strings.Split(string(v1), ";\n") {
				if strings.TrimSpace(stripComments(stmt)) == "" {
					continue
				}
				if _, err := db.ExecContext(ctx, stmt); err != nil {
					t.Fatalf("version 1 schema: %v", err)
				}
			}
			mustExec(t, db, `CREATE TABLE vatkit_schema (version INTEGER NOT NULL)`)
			mustExec(t, db, `INSERT INTO vatkit_schema (version) VALUES (1)`)
			ins := `INSERT INTO vatkit_records (tenant, kind, id, period, blind_index, sealed, size, updated_at) VALUES ('t', 'txn', '%s', '2026-07', %s, 'x', 1, 'now')`
			blob := func(s string) string { // a binary literal, as the store writes tokens
				if dialect == sqlstore.Postgres {
					return fmt.Sprintf(`'\x%x'::bytea`, s)
				}
				return fmt.Sprintf("X'%x'", s)
			}
			for _, row := range [][2]string{{"b", blob("dup")}, {"a", blob("dup")}, {"c", blob("dup")}, {"d", blob("other")}, {"e", "NULL"}, {"f", "NULL"}} {
				mustExec(t, db, fmt.Sprintf(ins, row[0], row[1]))
			}
			s, err := sqlstore.New(ctx, db, dialect)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var ids []string
			for r, err := range s.Records(ctx, vault.Query{Tenant: "t"}) {
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, r.ID)
			}
			if got := strings.Join(ids, ","); got != "a,d,e,f" {
				t.Fatalf("after the migration the records are %s, want a,d,e,f (the first copy of the doubled line, and the rest)", got)
			}
			got, err := s.PutNew(ctx, []vault.Record{{Tenant: "t", Kind: "txn", ID: "g", Index: []byte("dup"), Sealed: []byte("y")}})
			if err != nil || got[0] {
				t.Fatalf("PutNew of a stored line after the migration: inserted %v, %v", got, err)
			}
		})
	}
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func mustExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
