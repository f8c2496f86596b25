package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// SchemaVersion is the newest schema version this code knows. New migrates
// a database up to it, or with [WithoutMigration] requires it.
const SchemaVersion = 3

// schemaTable records the schema versions applied, one row per version.
const schemaTable = `CREATE TABLE IF NOT EXISTS vatkit_schema (version INTEGER NOT NULL)`

// Migration is one version of the store's schema in one dialect: the
// statements that bring a database from the version before to this one.
// The first migration starts by creating the schema-version table; every
// migration ends by recording its Version there.
type Migration struct {
	Version    int
	Statements []string
}

// Migrations returns every version of the schema for d, oldest first, with
// the table prefix of opts applied: for a host that runs its own migration
// tool with [WithoutMigration]. Apply those above the database's version
// (SELECT MAX(version) FROM the schema table; none on an empty database),
// each in one transaction where the dialect allows it (MySQL commits DDL
// statements implicitly).
func Migrations(d Dialect, opts ...Option) ([]Migration, error) {
	c, err := configure(opts)
	if err != nil {
		return nil, err
	}
	if d < SQLite || d > MySQL {
		return nil, fmt.Errorf("sqlstore: unknown dialect %v", d)
	}
	return migrations(sqlDialect{d, c.prefix})
}

// Schema returns the whole schema for d as one SQL script, every
// migration in order, each statement ended by ";" and a new line: on an
// empty database it creates what New would.
func Schema(d Dialect, opts ...Option) (string, error) {
	ms, err := Migrations(d, opts...)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "-- vatkit schema version %d (%s)\n", m.Version, d)
		for _, st := range m.Statements {
			b.WriteString(st + ";\n")
		}
	}
	return b.String(), nil
}

func migrations(d sqlDialect) ([]Migration, error) {
	out := make([]Migration, 0, SchemaVersion)
	for v := 1; v <= SchemaVersion; v++ {
		b, err := migrationFiles.ReadFile(fmt.Sprintf("migrations/%s_%d.sql", d.Dialect, v))
		if err != nil {
			return nil, fmt.Errorf("sqlstore: migration %d: %w", v, err)
		}
		m := Migration{Version: v}
		if v == 1 {
			m.Statements = append(m.Statements, d.prefixed(schemaTable))
		}
		for _, st := range statements(string(b)) {
			m.Statements = append(m.Statements, d.prefixed(st))
		}
		m.Statements = append(m.Statements, d.prefixed(fmt.Sprintf(`INSERT INTO vatkit_schema (version) VALUES (%d)`, v)))
		out = append(out, m)
	}
	return out, nil
}

// migrate brings the schema to SchemaVersion in one transaction. It is
// idempotent and refuses a database whose schema is newer than the code.
// (MySQL commits DDL implicitly, so there a failed migration can leave part
// of a version behind; the version row is written last, and every statement
// of version 1 creates a new table, so re-running after a fix is safe once
// the partial tables are dropped by hand.)
func migrate(ctx context.Context, db *sql.DB, d sqlDialect) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer conn.Close()
	return migrateOn(ctx, conn, d)
}

func migrateOn(ctx context.Context, conn *sql.Conn, d sqlDialect) error {
	ms, err := migrations(d)
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.ExecContext(ctx, d.prefixed(schemaTable)); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if d.Dialect == Postgres {
		// Serialise concurrent migrations of one database.
		if _, err := tx.ExecContext(ctx, d.prefixed(`LOCK TABLE vatkit_schema IN EXCLUSIVE MODE`)); err != nil {
			return fmt.Errorf("sqlstore: migrate: %w", err)
		}
	}
	have, err := version(ctx, tx, d)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if have > SchemaVersion {
		return fmt.Errorf("%w: database schema %d is newer than this code's %d", ErrSchema, have, SchemaVersion)
	}
	for _, m := range ms[have:] {
		for _, st := range m.Statements {
			if _, err := tx.ExecContext(ctx, st); err != nil {
				return fmt.Errorf("sqlstore: migrate to %d: %w", m.Version, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return nil
}

// version returns the newest schema version recorded, 0 for none.
func version(ctx context.Context, q querier, d sqlDialect) (int, error) {
	var have sql.NullInt64
	err := q.QueryRowContext(ctx, d.prefixed(`SELECT MAX(version) FROM vatkit_schema`)).Scan(&have)
	return int(have.Int64), err
}

// checkSchema is New's check under WithoutMigration: the schema the host
// created must be exactly SchemaVersion.
func checkSchema(ctx context.Context, db *sql.DB, d sqlDialect) error {
	have, err := version(ctx, db, d)
	switch {
	case err != nil:
		return fmt.Errorf("%w: no schema-version table %s (create the schema with sqlstore.Schema): %v",
			ErrSchema, d.prefixed("vatkit_schema"), err)
	case have != SchemaVersion:
		return fmt.Errorf("%w: database schema %d, this code needs %d (apply sqlstore.Migrations)", ErrSchema, have, SchemaVersion)
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
