package sqlstore

import (
	"errors"
	"strings"
)

// The store classifies driver errors without importing the drivers: by the
// SQLSTATE that pgx's errors report, and by the codes the SQLite and MySQL
// drivers put in their messages.

type sqlStater interface{ SQLState() string }

func sqlState(err error) string {
	var s sqlStater
	if errors.As(err, &s) {
		return s.SQLState()
	}
	return ""
}

// isUnique reports a unique-key violation: SQLSTATE 23505 (PostgreSQL),
// SQLite's SQLITE_CONSTRAINT_UNIQUE or PRIMARYKEY, MySQL's error 1062.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	if sqlState(err) == "23505" {
		return true
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint failed") || strings.Contains(m, "PRIMARY KEY constraint failed") ||
		strings.Contains(m, "Error 1062")
}

// isTransient reports a failure that rolled the whole transaction back and
// may pass on a retry: PostgreSQL's serialization failure and deadlock
// (40001, 40P01), MySQL's deadlock and lock wait timeout (1213, 1205; a
// Galera certification conflict is reported as 1213), SQLite's busy
// database past its timeout.
func isTransient(err error) bool {
	if err == nil {
		return false
	}
	switch sqlState(err) {
	case "40001", "40P01":
		return true
	}
	m := err.Error()
	return strings.Contains(m, "Error 1213") || strings.Contains(m, "Error 1205") ||
		strings.Contains(m, "SQLITE_BUSY") || strings.Contains(m, "database is locked")
}
