package vault

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// eraseCrashStore fails the first DeleteRecords or DeleteTenant it is
// asked for, as if the process stopped just before that step.
type eraseCrashStore struct {
	Store
	failOn string // "records" or "tenant"
	failed bool
}

func (e *eraseCrashStore) crash(step string) bool {
	if e.failOn == step && !e.failed {
		e.failed = true
		return true
	}
	return false
}

func (e *eraseCrashStore) DeleteRecords(ctx context.Context, tenant string) error {
	if e.crash("records") {
		return errCrash
	}
	return e.Store.DeleteRecords(ctx, tenant)
}

func (e *eraseCrashStore) DeleteTenant(ctx context.Context, tenant string) error {
	if e.crash("tenant") {
		return errCrash
	}
	return e.Store.DeleteTenant(ctx, tenant)
}

func TestExportThenErase(t *testing.T) {
	ctx := t.Context()
	store := new(MemoryStore)
	v, s := enrolled(t, store)
	want := fill(t, s, 9)

	var out bytes.Buffer
	n, err := s.Export(ctx, &out)
	if err != nil || n != len(want) {
		t.Fatalf("Export = %d, %v; want %d records", n, err, len(want))
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var e ExportedRecord
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(e.Content, want[e.ID]) {
			t.Fatalf("exported %s = %q, want %q", e.ID, e.Content, want[e.ID])
		}
		delete(want, e.ID)
	}
	if len(want) != 0 {
		t.Fatalf("records missing from the export: %d", len(want))
	}

	// A backup taken before the erase.
	var backup []Record
	for r, err := range store.Records(ctx, Query{Tenant: "t1"}) {
		if err != nil {
			t.Fatal(err)
		}
		backup = append(backup, r)
	}
	if err := v.Erase(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Seal("txn", "x", "", nil); !errors.Is(err, ErrSessionClosed) {
		t.Fatalf("session survived the erase: %v", err)
	}
	if _, err := store.Tenant(ctx, "t1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("metadata left after erase: %v", err)
	}
	for range store.Records(ctx, Query{Tenant: "t1"}) {
		t.Fatal("records left after erase")
	}
	if _, err := v.Open(ctx, "t1", testLogin, []byte(testPassword)); !errors.Is(err, ErrWrongCredentials) {
		t.Fatalf("Open after erase: err = %v, want ErrWrongCredentials", err)
	}

	// Enrolling again with the same login and password gives a new salt:
	// the backup stays unreadable (crypto-shredding).
	if err := v.Enroll(ctx, "t1", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	s2, err := v.Open(ctx, "t1", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, r := range backup {
		if _, err := s2.Open(r); !errors.Is(err, ErrCannotOpen) {
			t.Fatalf("a backed-up record opened after the erase: %v", err)
		}
	}
}
