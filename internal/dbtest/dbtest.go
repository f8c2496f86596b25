// Package dbtest gives the SQL tests the DSNs of the PostgreSQL and MariaDB
// servers to run against. .ci/run starts throw-away servers, sets both DSNs
// and sets RequireEnv, so that a test that would skip for want of a server
// fails there instead: CI never passes with the server tests silently
// skipped.
package dbtest

import (
	"os"
	"testing"
)

// The environment variables the tests read.
const (
	PostgresEnv = "VATKIT_TEST_POSTGRES_DSN"
	MySQLEnv    = "VATKIT_TEST_MYSQL_DSN"
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
