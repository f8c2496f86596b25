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

// DefaultTablePrefix starts the name of every table and index the store
// uses, unless [WithTablePrefix] chooses another.
const DefaultTablePrefix = "vatkit_"

// sqlDialect is a Dialect with the store's table-name prefix. Every query
// the store sends passes through rebind, which renames the tables.
type sqlDialect struct {
	Dialect
	prefix string // replaces DefaultTablePrefix in table and index names
}

// tableStems are what follows DefaultTablePrefix in the names of the
// store's tables and indexes ("vatkit_records", "vatkit_records_line").
var tableStems = []string{"tenants", "records", "staged", "schema", "audit", "logins"}

// prefixed renames the tables and indexes of q, which the store's code and
// migrations write with DefaultTablePrefix: every DefaultTablePrefix that
// starts a word and is followed by a table stem becomes the store's
// prefix. A name renamed already is left alone, so a query may pass
// through twice (configure refuses the few prefixes for which that would
// not hold).
func (d sqlDialect) prefixed(q string) string {
	if d.prefix == "" || d.prefix == DefaultTablePrefix {
		return q
	}
	var b strings.Builder
	for {
		i := strings.Index(q, DefaultTablePrefix)
		if i < 0 {
			b.WriteString(q)
			return b.String()
		}
		rest := q[i+len(DefaultTablePrefix):]
		b.WriteString(q[:i])
		if (i == 0 || !isIdent(q[i-1])) && startsWithStem(rest) {
			b.WriteString(d.prefix)
		} else {
			b.WriteString(DefaultTablePrefix)
		}
		q = rest
	}
}

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func startsWithStem(s string) bool {
	for _, stem := range tableStems {
		if strings.HasPrefix(s, stem) {
			return true
		}
	}
	return false
}

// rebind renames the tables of q and turns its ? placeholders into $1,
// $2… for PostgreSQL. The store's own queries hold no ? inside literals.
func (d sqlDialect) rebind(q string) string {
	q = d.prefixed(q)
	if d.Dialect != Postgres {
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
func (d sqlDialect) upsertRecord() string {
	const cols = `INSERT INTO vatkit_records (tenant, kind, id, period, blind_index, sealed, size, updated_at, upload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if d.Dialect == MySQL {
		return cols // PutRecord deletes the old row first, in the same transaction
	}
	return cols + ` ON CONFLICT (tenant, kind, id) DO UPDATE SET period = excluded.period,
		blind_index = excluded.blind_index, sealed = excluded.sealed, size = excluded.size, updated_at = excluded.updated_at,
		upload = excluded.upload`
}

// insertTenantIfAbsent inserts a tenant row unless one exists; zero rows
// affected means it existed.
func (d sqlDialect) insertTenantIfAbsent() string {
	const cols = ` INTO vatkit_tenants (tenant, revision, generation, salt, params_version, params_memory, params_time,
		params_threads, key_check, pending_generation, pending_salt, pending_params_version, pending_params_memory,
		pending_params_time, pending_params_threads, pending_key_check, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if d.Dialect == MySQL {
		return `INSERT IGNORE` + cols
	}
	return `INSERT` + cols + ` ON CONFLICT (tenant) DO NOTHING`
}
