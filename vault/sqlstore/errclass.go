package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"time"
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
// (40001, 40P01), MySQL's deadlock and lock wait timeout (1213, 1205),
// SQLite's busy database past its timeout. On a MariaDB Galera cluster a
// transaction that loses certification to a conflicting one committed
// through another node is rolled back with 1213 too, at any statement or
// at COMMIT, and a node outside the primary component (a partition, or
// while it rejoins) refuses statements with 1047, "WSREP has not yet
// prepared node for application use", until it is back (MariaDB's Galera
// documentation, "Galera Cluster: known limitations" and the
// wsrep_retry_autocommit and wsrep_ready variables).
func isTransient(err error) bool {
	if err == nil {
		return false
	}
	switch sqlState(err) {
	case "40001", "40P01":
		return true
	}
	m := err.Error()
	return strings.Contains(m, "Error 1213") || strings.Contains(m, "Error 1205") || strings.Contains(m, "Error 1047") ||
		strings.Contains(m, "SQLITE_BUSY") || strings.Contains(m, "database is locked")
}

// Transient reports whether err, from any of the store's methods, is a
// failure that the whole operation may get past when repeated a little
// later: a conflict or busy database the store's own retries did not
// outlast (see the Store type), a cluster node not ready, or a server
// that could not be reached or dropped the connection. A host answers
// such a failure with "try again" (HTTP 503 with Retry-After) instead of
// an internal error. Repeat only what is safe to repeat: every write of
// the store is, except that a repeated CreateTenant or CommitUpload whose
// first try did commit before the connection broke reports
// vault.ErrExists.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	return isTransient(err) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || strings.Contains(err.Error(), "invalid connection")
}

// retries is how many times the store runs an operation that keeps
// failing transiently; the pauses between them grow from retryPause,
// doubling, with jitter, to about 1.3 s in all.
const (
	retries    = 8
	retryPause = 5 * time.Millisecond
)

// retrying runs op, again after a transient failure (see isTransient),
// with growing pauses. Only operations that a failure left without effect
// (a rolled-back transaction, a refused statement) and that mean the same
// when repeated go through it: a compare-and-swap repeated compares again.
func retrying(ctx context.Context, op func() error) error {
	pause := retryPause
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil || !isTransient(err) || attempt == retries {
			return err
		}
		// Full jitter on the upper half: writers that lost to each other
		// on a cluster do not collide again in step.
		t := time.NewTimer(pause/2 + rand.N(pause/2+1))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (after %v)", ctx.Err(), err)
		case <-t.C:
		}
		pause *= 2
	}
}
