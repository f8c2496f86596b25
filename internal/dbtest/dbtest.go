// Package dbtest gives the SQL tests the DSNs of the PostgreSQL and MariaDB
// servers, and of the MariaDB Galera cluster, to run against. .ci/run
// starts throw-away servers and a three-node cluster, sets the DSNs and
// sets RequireEnv, so that a test that would skip for want of a server
// fails there instead: CI never passes with the server tests silently
// skipped.
package dbtest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The environment variables the tests read.
const (
	PostgresEnv = "VATKIT_TEST_POSTGRES_DSN"
	MySQLEnv    = "VATKIT_TEST_MYSQL_DSN"
	// GaleraEnv holds one DSN per node of a MariaDB Galera cluster,
	// comma-separated; GaleraDirEnv the cluster's directory, where
	// node<N>/start starts node N again and node<N>/mysqld.pid holds its
	// process id (.ci/galera.sh).
	GaleraEnv    = "VATKIT_TEST_GALERA_DSNS"
	GaleraDirEnv = "VATKIT_TEST_GALERA_DIR"
	// RequireEnv, when not empty, turns a missing DSN into a failure.
	RequireEnv = "VATKIT_TEST_REQUIRE_DATABASES"
)

// DSN returns the DSN that the environment variable env holds. Without one
// it skips t, naming env, or fails t when RequireEnv is set.
func DSN(t testing.TB, env string) string {
	t.Helper()
	return dsn(t, env, os.Getenv)
}

// tb is what dsn needs of a testing.TB.
type tb interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
}

func dsn(t tb, env string, getenv func(string) string) string {
	t.Helper()
	v := getenv(env)
	switch {
	case v != "":
		return v
	case getenv(RequireEnv) != "":
		t.Fatalf("%s is not set although %s is: the database servers were started, so these tests must run", env, RequireEnv)
	default:
		t.Skipf("%s is not set: no database server to test against (.ci/run starts one)", env)
	}
	return ""
}

// Galera returns the DSNs of the Galera cluster's nodes, node 1 first,
// skipping or failing t as DSN does when GaleraEnv is not set, and failing
// it when the list names fewer than two nodes. With GaleraDirEnv set it
// holds the cluster for t alone until t ends: go test runs the tests of
// several packages at once, and one of them kills a node.
func Galera(t testing.TB) []string {
	t.Helper()
	dsns := strings.Split(DSN(t, GaleraEnv), ",")
	if len(dsns) < 2 {
		t.Fatalf("%s names %d node, want at least 2", GaleraEnv, len(dsns))
	}
	if dir := os.Getenv(GaleraDirEnv); dir != "" {
		f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			t.Fatalf("locking the Galera cluster: %v", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			t.Fatalf("locking the Galera cluster: %v", err)
		}
		t.Cleanup(func() { f.Close() }) // closing releases the lock
	}
	return dsns
}
