package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
)

//go:embed migrations/*.sql
var migrations embed.FS

// schemaVersion is the newest schema this code knows.
const schemaVersion = 3

// migrate brings the schema to schemaVersion in one transaction. It is
// idempotent and refuses a database whose schema is newer than the code.
// (MySQL commits DDL implicitly, so there a failed migration can leave part
// of a version behind; the version row is written last, and every statement
// of version 1 creates a new table, so re-running after a fix is safe once
// the partial tables are dropped by hand.)
func migrate(ctx context.Context, db *sql.DB, d Dialect) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer conn.Close()
	return migrateOn(ctx, conn, d)
}

func migrateOn(ctx context.Context, conn *sql.Conn, d Dialect) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS vatkit_schema (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if d == Postgres {
		// Serialise concurrent migrations of one database.
		if _, err := tx.ExecContext(ctx, `LOCK TABLE vatkit_schema IN EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("sqlstore: migrate: %w", err)
		}
	}
	var have sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM vatkit_schema`).Scan(&have); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if have.Int64 > schemaVersion {
		return fmt.Errorf("%w: database schema %d is newer than this code's %d", ErrSchema, have.Int64, schemaVersion)
	}
	for v := have.Int64 + 1; v <= schemaVersion; v++ {
		if err := apply(ctx, tx, d, int(v)); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return nil
}

func apply(ctx context.Context, tx *sql.Tx, d Dialect, v int) error {
	b, err := migrations.ReadFile(fmt.Sprintf("migrations/%s_%d.sql", d, v))
	if err != nil {
		return fmt.Errorf("sqlstore: migrate to %d: %w", v, err)
	}
	for _, stmt := range statements(string(b)) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("sqlstore: migrate to %d: %w", v, err)
		}
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO vatkit_schema (version) VALUES (?)`), v); err != nil {
		return fmt.Errorf("sqlstore: migrate to %d: %w", v, err)
	}
	return nil
}

// statements splits a migration file at semicolons that end a line, after
// dropping "--" comment lines.
func statements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
