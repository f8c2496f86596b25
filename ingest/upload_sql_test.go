package ingest

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/vatkit/vatkit/internal/dbtest"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	_ "github.com/vatkit/vatkit/vault/sqlstore/mysql" // driver "mysql"
	"github.com/vatkit/vatkit/vault/sqlstore/postgres"
	_ "github.com/vatkit/vatkit/vault/sqlstore/postgres" // driver "pgx"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// The SQL tests run on an SQLite file, and on PostgreSQL and MariaDB when
// their DSNs are set (.ci/run starts both).
var sqlDialects = []struct {
	name    string
	dialect sqlstore.Dialect
	env     string // "" for SQLite
	driver  string
}{
	{"sqlite", sqlstore.SQLite, "", "sqlite"},
	{"postgres", sqlstore.Postgres, dbtest.PostgresEnv, "pgx"},
	{"mysql", sqlstore.MySQL, dbtest.MySQLEnv, "mysql"},
}

// freshDSN returns the DSN of an empty store of the dialect: a new SQLite
// file, or the server's database with vatkit's tables dropped.
func freshDSN(t *testing.T, i int) string {
	t.Helper()
	d := sqlDialects[i]
	if d.env == "" {
		return filepath.Join(t.TempDir(), "vatkit.db")
	}
	dsn := ownDatabase(t, d.dialect, d.driver, dbtest.DSN(t, d.env))
	db, err := sql.Open(d.driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"vatkit_audit", "vatkit_audit_checkpoint", "vatkit_logins", "vatkit_staged", "vatkit_records", "vatkit_tenants", "vatkit_schema"} {
		if _, err := db.Exec("DROP TABLE IF EXISTS " + table); err != nil {
			t.Fatal(err)
		}
	}
	return dsn
}

// ownDatabase returns the DSN of this package's own database on the
// server — the configured one's name with "_ingest" appended — creating it
// if needed. go test runs packages at the same time, and vault/sqlstore's
// tests drop and recreate the tables of the configured database.
func ownDatabase(t *testing.T, d sqlstore.Dialect, driver, dsn string) string {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if d == sqlstore.MySQL {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.DBName += "_ingest"
		if _, err := db.Exec("CREATE DATABASE IF NOT EXISTS " + cfg.DBName); err != nil {
			t.Fatal(err)
		}
		return cfg.FormatDSN()
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	packageDB := strings.TrimPrefix(u.Path, "/") + "_ingest"
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM pg_database WHERE datname = $1", packageDB).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		if _, err := db.Exec("CREATE DATABASE " + packageDB); err != nil && !strings.Contains(err.Error(), "already exists") {
			t.Fatal(err)
		}
	}
	u.Path = "/" + packageDB
	return u.String()
}

func openStore(t testing.TB, d sqlstore.Dialect, dsn string) *sqlstore.Store {
	t.Helper()
	var s *sqlstore.Store
	var err error
	switch d {
	case sqlstore.SQLite:
		s, err = sqlite.Open(context.Background(), dsn)
	case sqlstore.Postgres:
		s, err = postgres.Open(context.Background(), dsn) // uploads staged by COPY
	default:
		s, err = sqlstore.Open(context.Background(), d, dsn)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const (
	sqlLogin    = "seller@example.com"
	sqlPassword = "correct horse battery staple 9"
)

// enrolled enrols the test seller in a vault over store.
func enrolled(t testing.TB, store vault.Store) *vault.Vault {
	t.Helper()
	v, err := vault.New(vault.Config{Store: store, Params: vault.Floor})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Enroll(context.Background(), "tenant-1", sqlLogin, []byte(sqlPassword)); err != nil {
		t.Fatal(err)
	}
	return v
}

// opener is what login needs: *vault.Vault, or vaultOnly.
type opener interface {
	Open(ctx context.Context, tenant, login string, pw []byte) (*vault.Session, error)
}

func login(t testing.TB, v opener) *vault.Session {
	t.Helper()
	s, err := v.Open(context.Background(), "tenant-1", sqlLogin, []byte(sqlPassword))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConcurrentUploadsSQL: eight goroutines uploading overlapping reports
// into one seller's SQL store store each line once, with exact counts.
func TestConcurrentUploadsSQL(t *testing.T) {
	for i, d := range sqlDialects {
		t.Run(d.name, func(t *testing.T) {
			store := openStore(t, d.dialect, freshDSN(t, i))
			concurrentUploads(t, login(t, enrolled(t, store)))
		})
	}
}

// The helper processes below are this test binary run again with
// VATKIT_UPLOAD_HELPER set: "upload" uploads a report and exits, "hang"
// prints "staged" after its first staged batch and waits to be killed.
const helperEnv = "VATKIT_UPLOAD_HELPER"

func TestUploadHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		return // not a helper process: the tests that start one check its work
	}
	var d sqlstore.Dialect
	fmt.Sscan(os.Getenv("VATKIT_UPLOAD_DIALECT"), &d)
	s := login(t, &vaultOnly{openStore(t, d, os.Getenv("VATKIT_UPLOAD_DSN"))})
	p := &Pipeline{Vault: s, BatchSize: 50}
	if mode == "hang" {
		var once sync.Once
		p.Progress = func(read, staged int) {
			once.Do(func() { fmt.Println("staged") })
			select {} // the parent kills this process here
		}
	}
	res, err := p.Ingest(context.Background(), bytes.NewReader(vtrFile(t, 600)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("stored %d\n", res.Stored)
}

// vaultOnly opens a vault over an existing store (the parent enrolled).
type vaultOnly struct{ store vault.Store }

func (v *vaultOnly) Open(ctx context.Context, tenant, login string, pw []byte) (*vault.Session, error) {
	vv, err := vault.New(vault.Config{Store: v.store, Params: vault.Floor})
	if err != nil {
		return nil, err
	}
	return vv.Open(ctx, tenant, login, pw)
}

func helper(t *testing.T, mode string, d sqlstore.Dialect, dsn string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestUploadHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, fmt.Sprintf("VATKIT_UPLOAD_DIALECT=%d", d), "VATKIT_UPLOAD_DSN="+dsn)
	return cmd
}

// TestTwoProcessesUploadOnce: two processes upload the same report into
// one store at the same moment; the database keeps each line once, and
// the two stored counts add up to the lines.
func TestTwoProcessesUploadOnce(t *testing.T) {
	for i, d := range sqlDialects {
		t.Run(d.name, func(t *testing.T) {
			dsn := freshDSN(t, i)
			store := openStore(t, d.dialect, dsn)
			s := login(t, enrolled(t, store))
			var outs [2][]byte
			var errs [2]error
			var wg sync.WaitGroup
			for k := range outs {
				wg.Go(func() { outs[k], errs[k] = helper(t, "upload", d.dialect, dsn).CombinedOutput() })
			}
			wg.Wait()
			total := 0
			for k := range outs {
				if errs[k] != nil {
					t.Fatalf("process %d: %v\n%s", k, errs[k], outs[k])
				}
				var n int
				if _, err := fmt.Sscanf(string(outs[k][strings.Index(string(outs[k]), "stored "):]), "stored %d", &n); err != nil {
					t.Fatalf("process %d said %q", k, outs[k])
				}
				total += n
			}
			want := distinctLines(t, vtrFile(t, 600))
			if got := len(storedLines(t, s)); got != want || total != want {
				t.Fatalf("%d lines stored, the processes report %d, want %d of each", got, total, want)
			}
		})
	}
}

// TestKilledUploadLeavesNothing kills a process in the middle of an upload
// (after it staged its first batch): no record of it is visible, so no
// report counts it; the sweep removes what it staged; and the same file
// uploads in full afterwards.
func TestKilledUploadLeavesNothing(t *testing.T) {
	for i, d := range sqlDialects {
		t.Run(d.name, func(t *testing.T) {
			dsn := freshDSN(t, i)
			store := openStore(t, d.dialect, dsn)
			s := login(t, enrolled(t, store))
			cmd := helper(t, "hang", d.dialect, dsn)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			for sc.Scan() && sc.Text() != "staged" {
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			if n := len(storedLines(t, s)); n != 0 {
				t.Fatalf("%d records of the killed upload are visible", n)
			}
			swept, err := store.SweepStaged(context.Background(), "", time.Now().Add(time.Second))
			if err != nil || swept == 0 {
				t.Fatalf("the sweep removed %d staged records, %v; the killed upload had staged some", swept, err)
			}
			res, err := (&Pipeline{Vault: s}).Ingest(context.Background(), bytes.NewReader(vtrFile(t, 600)), Options{})
			if want := distinctLines(t, vtrFile(t, 600)); err != nil || res.Stored != want {
				t.Fatalf("upload after the crash stored %d, %v; want %d", res.Stored, err, want)
			}
		})
	}
}
