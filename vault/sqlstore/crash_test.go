package sqlstore_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	_ "github.com/vatkit/vatkit/vault/sqlstore/mysql"    // driver "mysql"
	_ "github.com/vatkit/vatkit/vault/sqlstore/postgres" // driver "pgx"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

const crashEnv = "VATKIT_SQLSTORE_CRASH_WRITER"

// TestCrashedWriter kills a process that writes to a SQLite store while it
// holds an open transaction, then opens the store again: it opens, every
// record the writer saw committed reads back, and the uncommitted one is not
// there.
func TestCrashedWriter(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashWriter(path) // never returns
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashedWriter$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []string
	sc := bufio.NewScanner(out)
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		line := sc.Text()
		if id, ok := strings.CutPrefix(line, "committed "); ok {
			committed = append(committed, id)
		}
		if line == "in transaction" {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(committed) < 50 {
		t.Fatalf("writer committed only %d records before the kill", len(committed))
	}

	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("store does not open after the crash: %v", err)
	}
	defer s.Close()
	for _, id := range committed {
		r, err := s.Record(ctx, "t", "txn", id)
		if err != nil || string(r.Sealed) != "sealed-"+id {
			t.Fatalf("committed record %s after the crash: %v", id, err)
		}
	}
	if _, err := s.Record(ctx, "t", "txn", "uncommitted"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("uncommitted record after the crash: %v", err)
	}
}

// crashWriter commits records, reporting each, then opens a transaction,
// writes into it and waits to be killed.
func crashWriter(path string) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for i := range 100 {
		id := fmt.Sprintf("%05d", i)
		if err := s.PutRecord(ctx, vault.Record{Tenant: "t", Kind: "txn", ID: id, Sealed: []byte("sealed-" + id)}); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("committed", id)
	}
	tx, err := s.DB().BeginTx(ctx, nil)
	if err == nil {
		_, err = tx.Exec(`INSERT INTO vatkit_records (tenant, kind, id, period, sealed, size, updated_at) VALUES ('t', 'txn', 'uncommitted', '', x'00', 1, '')`)
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("in transaction")
	time.Sleep(time.Hour)
	os.Exit(3)
}

// TestBadInput: an unreachable server and a corrupted tenant row give clear
// errors that name the store and never carry stored bytes.
func TestBadInput(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, tc := range []struct {
		d   sqlstore.Dialect
		dsn string
	}{
		{sqlstore.Postgres, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"},
		{sqlstore.MySQL, "nobody@tcp(127.0.0.1:1)/none?timeout=2s"},
	} {
		_, err := sqlstore.Open(ctx, tc.d, tc.dsn)
		if err == nil || !strings.HasPrefix(err.Error(), "sqlstore: open "+tc.d.String()) {
			t.Errorf("Open(%s, unreachable) error = %v", tc.d, err)
		}
	}

	s := freshSQLite(t)
	if err := s.CreateTenant(ctx, meta("c")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE vatkit_tenants SET generation = -1, salt = x'5345435245545341' WHERE tenant = 'c'`); err != nil {
		t.Fatal(err)
	}
	_, err := s.Tenant(ctx, "c")
	if !errors.Is(err, vault.ErrTenantCorrupt) || !strings.HasPrefix(err.Error(), "sqlstore: ") || strings.Contains(err.Error(), "SECRETSA") {
		t.Fatalf("corrupt tenant row: %v", err)
	}
}
