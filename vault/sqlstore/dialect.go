package sqlstore

import (
	"strconv"
	"strings"
)

// Dialect names the SQL the store speaks.
type Dialect int

// The supported dialects.
const (
	SQLite   Dialect = iota + 1 // modernc.org/sqlite, driver name "sqlite"
	Postgres                    // github.com/jackc/pgx/v5/stdlib, driver name "pgx"
	MySQL                       // github.com/go-sql-driver/mysql (MySQL 8, MariaDB 10.6+)
)

func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	}
	return "dialect(" + strconv.Itoa(int(d)) + ")"
}

// rebind turns the ? placeholders of q into $1, $2… for PostgreSQL. The
// store's own queries hold no ? inside literals.
func (d Dialect) rebind(q string) string {
	if d != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// upsertRecord is the dialect's insert-or-replace of one record.
func (d Dialect) upsertRecord() string {
	const cols = `INSERT INTO vatkit_records (tenant, kind, id, period, blind_index, sealed, size, updated_at, upload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if d == MySQL {
		return cols // PutRecord deletes the old row first, in the same transaction
	}
	return cols + ` ON CONFLICT (tenant, kind, id) DO UPDATE SET period = excluded.period,
		blind_index = excluded.blind_index, sealed = excluded.sealed, size = excluded.size, updated_at = excluded.updated_at,
		upload = excluded.upload`
}

// insertTenantIfAbsent inserts a tenant row unless one exists; zero rows
// affected means it existed.
func (d Dialect) insertTenantIfAbsent() string {
	const cols = ` INTO vatkit_tenants (tenant, revision, generation, salt, params_version, params_memory, params_time,
		params_threads, key_check, pending_generation, pending_salt, pending_params_version, pending_params_memory,
		pending_params_time, pending_params_threads, pending_key_check, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if d == MySQL {
		return `INSERT IGNORE` + cols
	}
	return `INSERT` + cols + ` ON CONFLICT (tenant) DO NOTHING`
}
