package dbtest

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

// recorder is a tb that records what happened instead of stopping.
type recorder struct{ skipped, failed string }

func (r *recorder) Helper()                       {}
func (r *recorder) Skipf(f string, args ...any)   { r.skipped = fmt.Sprintf(f, args...) }
func (r *recorder) Fatalf(f string, args ...any)  { r.failed = fmt.Sprintf(f, args...) }
func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDSN(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		want          string
		skip, failure bool
	}{
		{"set", map[string]string{PostgresEnv: "postgres://x"}, "postgres://x", false, false},
		{"set and required", map[string]string{PostgresEnv: "postgres://x", RequireEnv: "1"}, "postgres://x", false, false},
		{"missing: skip", nil, "", true, false},
		{"missing but required: fail", map[string]string{RequireEnv: "1"}, "", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r recorder
			assert.Equal(t, tc.want, dsn(&r, PostgresEnv, env(tc.env)))
			assert.Equal(t, tc.skip, r.skipped != "", "skipped: %q", r.skipped)
			assert.Equal(t, tc.failure, r.failed != "", "failed: %q", r.failed)
			if r.skipped+r.failed != "" {
				assert.Contains(t, r.skipped+r.failed, PostgresEnv, "the message names the variable")
			}
		})
	}
}

// TestGalera splits the node list and holds the cluster's lock until the
// test ends: another holder cannot take it meanwhile.
func TestGalera(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(GaleraEnv, "a@tcp(127.0.0.1:1)/x,b@tcp(127.0.0.1:2)/x,c@tcp(127.0.0.1:3)/x")
	t.Setenv(GaleraDirEnv, dir)
	var dsns []string
	t.Run("holder", func(t *testing.T) {
		dsns = Galera(t)
		f, err := os.Open(filepath.Join(dir, "lock"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		assert.ErrorIs(t, syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB), syscall.EWOULDBLOCK, "the lock is held")
	})
	assert.Equal(t, []string{"a@tcp(127.0.0.1:1)/x", "b@tcp(127.0.0.1:2)/x", "c@tcp(127.0.0.1:3)/x"}, dsns)
	f, err := os.Open(filepath.Join(dir, "lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	assert.NoError(t, syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB), "released when the holder ended")
}
