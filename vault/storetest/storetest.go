// Package storetest is a conformance suite for implementations of
// [vault.Store]. Every implementation runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) vault.Store { return newStore(t) })
//	}
//
// newStore must return an empty store, independent of the others.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/vatkit/vatkit/vault"
)

// Run runs every conformance test as a subtest.
func Run(t *testing.T, newStore func(t *testing.T) vault.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s vault.Store)
	}{
		{"TenantLifecycle", testTenantLifecycle},
		{"TenantCompareAndSwap", testTenantCAS},
		{"TenantCopies", testTenantCopies},
		{"RecordLifecycle", testRecordLifecycle},
		{"RecordCopies", testRecordCopies},
		{"ScanOrderAndFilters", testScan},
		{"ScanPagination", testScanPagination},
		{"ScanWhileWriting", testScanWhileWriting},
		{"DeleteRecordsIsolation", testDeleteRecords},
		{"EraseTenant", testEraseTenant},
		{"Concurrent", testConcurrent},
		{"ScanCancelled", testScanCancelled},
		{"PutNew", testPutNew},
		{"PutNewConcurrent", testPutNewConcurrent},
		{"UploadLifecycle", testUploadLifecycle},
		{"UploadDiscardAndSweep", testUploadDiscardAndSweep},
		{"UploadsConcurrent", testUploadsConcurrent},
		{"Periods", testPeriods},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

func meta(tenant string) vault.TenantMeta {
	return vault.TenantMeta{Tenant: tenant, Current: vault.KeyState{
		Generation: 1,
		Salt:       bytes.Repeat([]byte{1}, 32),
		Params:     vault.DefaultParams,
		Check:      bytes.Repeat([]byte{2}, 32),
	}}
}

func record(tenant, kind, id, period string) vault.Record {
	return vault.Record{Tenant: tenant, Kind: kind, ID: id, Period: period,
		Index: []byte("ix-" + id), Sealed: []byte("sealed:" + tenant + "/" + kind + "/" + id)}
}

func testTenantLifecycle(t *testing.T, s vault.Store) {
	ctx := context.Background()
	if _, err := s.Tenant(ctx, "t1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Tenant of missing tenant: err = %v, want ErrNotFound", err)
	}
	if err := s.CreateTenant(ctx, meta("t1")); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTenant(ctx, meta("t1")); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("second CreateTenant: err = %v, want ErrExists", err)
	}
	got, err := s.Tenant(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	want := meta("t1")
	if got.Revision != 1 || !bytes.Equal(got.Current.Salt, want.Current.Salt) ||
		!bytes.Equal(got.Current.Check, want.Current.Check) || got.Current.Params != want.Current.Params ||
		got.Current.Generation != 1 || got.Pending != nil {
		t.Fatalf("Tenant = %+v, want %+v with revision 1", got, want)
	}
	if err := s.DeleteTenant(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tenant(ctx, "t1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Tenant after delete: err = %v, want ErrNotFound", err)
	}
	if err := s.DeleteTenant(ctx, "t1"); err != nil {
		t.Fatalf("DeleteTenant of a missing tenant must succeed: %v", err)
	}
	if err := s.UpdateTenant(ctx, meta("t1")); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("UpdateTenant of a missing tenant: err = %v, want ErrNotFound", err)
	}
}

func testTenantCAS(t *testing.T, s vault.Store) {
	ctx := context.Background()
	if err := s.CreateTenant(ctx, meta("t1")); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Tenant(ctx, "t1")
	p := m.Current
	p.Generation = 2
	m.Pending = &p
	if err := s.UpdateTenant(ctx, m); err != nil {
		t.Fatalf("UpdateTenant at the current revision: %v", err)
	}
	if err := s.UpdateTenant(ctx, m); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("UpdateTenant at a stale revision: err = %v, want ErrConflict", err)
	}
	got, _ := s.Tenant(ctx, "t1")
	if got.Revision != 2 || got.Pending == nil || got.Pending.Generation != 2 {
		t.Fatalf("after update: revision %d pending %+v, want revision 2 with pending generation 2", got.Revision, got.Pending)
	}
	got.Pending = nil
	if err := s.UpdateTenant(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Tenant(ctx, "t1"); got.Pending != nil || got.Revision != 3 {
		t.Fatalf("pending not cleared or revision %d != 3", got.Revision)
	}
}

func testTenantCopies(t *testing.T, s vault.Store) {
	ctx := context.Background()
	m := meta("t1")
	if err := s.CreateTenant(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.Current.Salt[0] = 99
	got, _ := s.Tenant(ctx, "t1")
	if got.Current.Salt[0] == 99 {
		t.Fatal("store kept a reference to the caller's salt")
	}
	got.Current.Check[0] = 99
	again, _ := s.Tenant(ctx, "t1")
	if again.Current.Check[0] == 99 {
		t.Fatal("store returned its own slice")
	}
}

func testRecordLifecycle(t *testing.T, s vault.Store) {
	ctx := context.Background()
	if _, err := s.Record(ctx, "t1", "k", "1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Record of missing: err = %v, want ErrNotFound", err)
	}
	r := record("t1", "k", "1", "2026-07")
	if err := s.PutRecord(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Record(ctx, "t1", "k", "1")
	if err != nil || !sameRecord(got, r) {
		t.Fatalf("Record = %+v, %v; want %+v", got, err, r)
	}
	r.Sealed = []byte("replaced")
	r.Index = nil
	if err := s.PutRecord(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Record(ctx, "t1", "k", "1"); !sameRecord(got, r) {
		t.Fatalf("after replace Record = %+v, want %+v", got, r)
	}
	if _, err := s.Record(ctx, "t2", "k", "1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatal("a record is visible from another tenant")
	}
	if err := s.DeleteRecord(ctx, "t1", "k", "1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRecord(ctx, "t1", "k", "1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("second DeleteRecord: err = %v, want ErrNotFound", err)
	}
}

func testRecordCopies(t *testing.T, s vault.Store) {
	ctx := context.Background()
	r := record("t1", "k", "1", "")
	if err := s.PutRecord(ctx, r); err != nil {
		t.Fatal(err)
	}
	r.Sealed[0] ^= 0xff
	got, _ := s.Record(ctx, "t1", "k", "1")
	if got.Sealed[0] == r.Sealed[0] {
		t.Fatal("store kept a reference to the caller's bytes")
	}
	got.Sealed[0] ^= 0xff
	again, _ := s.Record(ctx, "t1", "k", "1")
	if bytes.Equal(again.Sealed, got.Sealed) {
		t.Fatal("store returned its own slice")
	}
}

func sameRecord(a, b vault.Record) bool {
	return a.Tenant == b.Tenant && a.Kind == b.Kind && a.ID == b.ID && a.Period == b.Period &&
		bytes.Equal(a.Index, b.Index) && bytes.Equal(a.Sealed, b.Sealed)
}

// collect returns the keys a query yields, failing on an error.
func collect(t *testing.T, s vault.Store, q vault.Query) []string {
	t.Helper()
	var out []string
	for r, err := range s.Records(context.Background(), q) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r.Kind+"/"+r.ID)
	}
	return out
}

func testScan(t *testing.T, s vault.Store) {
	ctx := context.Background()
	puts := []vault.Record{
		record("t1", "txn", "b", "2026-07"), record("t1", "txn", "a", "2026-08"),
		record("t1", "evidence", "z", "2026-07"), record("t1", "txn", "c", "2026-07"),
		record("t2", "txn", "a", "2026-07"),
	}
	puts[1].Index = []byte("same")
	puts[2].Index = []byte("same") // another kind: another line identity
	for _, r := range puts {
		if err := s.PutRecord(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		q    vault.Query
		want string
	}{
		{"all of a tenant in key order", vault.Query{Tenant: "t1"}, "[evidence/z txn/a txn/b txn/c]"},
		{"one kind", vault.Query{Tenant: "t1", Kind: "txn"}, "[txn/a txn/b txn/c]"},
		{"one period", vault.Query{Tenant: "t1", Period: "2026-07"}, "[evidence/z txn/b txn/c]"},
		{"kind and period", vault.Query{Tenant: "t1", Kind: "txn", Period: "2026-07"}, "[txn/b txn/c]"},
		{"index", vault.Query{Tenant: "t1", Index: []byte("same")}, "[evidence/z txn/a]"},
		{"after", vault.Query{Tenant: "t1", After: vault.RecordKey{Kind: "txn", ID: "a"}}, "[txn/b txn/c]"},
		{"limit", vault.Query{Tenant: "t1", Limit: 2}, "[evidence/z txn/a]"},
		{"other tenant", vault.Query{Tenant: "t2"}, "[txn/a]"},
		{"unknown tenant", vault.Query{Tenant: "t3"}, "[]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmt.Sprint(collect(t, s, tc.q)); got != tc.want {
				t.Fatalf("Records(%+v) = %s, want %s", tc.q, got, tc.want)
			}
		})
	}
}

func testScanPagination(t *testing.T, s vault.Store) {
	ctx := context.Background()
	const n = 1000 // more than any sensible internal page
	for i := range n {
		if err := s.PutRecord(ctx, record("t1", "k", fmt.Sprintf("%05d", n-i), "")); err != nil {
			t.Fatal(err)
		}
	}
	got := collect(t, s, vault.Query{Tenant: "t1"})
	if len(got) != n {
		t.Fatalf("scan yielded %d records, want %d", len(got), n)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1] >= got[i] {
			t.Fatalf("out of order or repeated at %d: %s then %s", i, got[i-1], got[i])
		}
	}
	// Resume by keyset pages of 7, as a caller would.
	var pages []string
	after := vault.RecordKey{}
	for {
		page := collect(t, s, vault.Query{Tenant: "t1", After: after, Limit: 7})
		pages = append(pages, page...)
		if len(page) < 7 {
			break
		}
		last, _ := s.Record(ctx, "t1", "k", page[len(page)-1][2:])
		after = vault.RecordKey{Kind: last.Kind, ID: last.ID}
	}
	if fmt.Sprint(pages) != fmt.Sprint(got) {
		t.Fatal("paging with After and Limit did not give the same records as one scan")
	}
}

func testScanWhileWriting(t *testing.T, s vault.Store) {
	ctx := context.Background()
	const n = 600
	for i := range n {
		if err := s.PutRecord(ctx, record("t1", "k", fmt.Sprintf("%04d", i), "")); err != nil {
			t.Fatal(err)
		}
	}
	seen := 0
	for r, err := range s.Records(ctx, vault.Query{Tenant: "t1"}) {
		if err != nil {
			t.Fatal(err)
		}
		r.Sealed = append(r.Sealed, '!')
		if err := s.PutRecord(ctx, r); err != nil {
			t.Fatalf("PutRecord inside a scan: %v", err)
		}
		seen++
	}
	if seen != n {
		t.Fatalf("rewriting while scanning yielded %d records, want %d exactly once each", seen, n)
	}
	for r, err := range s.Records(ctx, vault.Query{Tenant: "t1"}) {
		if err != nil || !bytes.HasSuffix(r.Sealed, []byte("!")) || bytes.HasSuffix(r.Sealed, []byte("!!")) {
			t.Fatalf("record %s rewritten %q, err %v; want exactly one rewrite", r.ID, r.Sealed, err)
		}
	}
}

func testDeleteRecords(t *testing.T, s vault.Store) {
	ctx := context.Background()
	for _, r := range []vault.Record{record("t1", "k", "1", ""), record("t1", "j", "2", ""), record("t2", "k", "1", "")} {
		if err := s.PutRecord(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteRecords(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, s, vault.Query{Tenant: "t1"}); len(got) != 0 {
		t.Fatalf("records left after DeleteRecords: %v", got)
	}
	if got := collect(t, s, vault.Query{Tenant: "t2"}); len(got) != 1 {
		t.Fatalf("DeleteRecords touched another tenant: %v", got)
	}
	if err := s.DeleteRecords(ctx, "t1"); err != nil {
		t.Fatalf("DeleteRecords with nothing left must succeed: %v", err)
	}
}

func testConcurrent(t *testing.T, s vault.Store) {
	ctx := context.Background()
	if err := s.CreateTenant(ctx, meta("t1")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var updates sync.Map
	for w := range 8 {
		wg.Go(func() {
			for i := range 50 {
				id := fmt.Sprintf("w%d-%03d", w, i)
				if err := s.PutRecord(ctx, record("t1", "k", id, "")); err != nil {
					t.Error(err)
				}
				for range s.Records(ctx, vault.Query{Tenant: "t1", Limit: 5}) {
				}
				m, err := s.Tenant(ctx, "t1")
				if err != nil {
					t.Error(err)
					continue
				}
				switch err := s.UpdateTenant(ctx, m); {
				case err == nil:
					updates.Store(m.Revision, w)
				case errors.Is(err, vault.ErrConflict):
					// another writer won this round: expected
				default:
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if got := len(collect(t, s, vault.Query{Tenant: "t1"})); got != 8*50 {
		t.Fatalf("%d records after concurrent writes, want %d", got, 8*50)
	}
	m, _ := s.Tenant(ctx, "t1")
	n := 0
	updates.Range(func(_, _ any) bool { n++; return true })
	if uint64(n) != m.Revision-1 {
		t.Fatalf("%d successful updates but revision %d: a compare-and-swap was lost", n, m.Revision)
	}
}

func testScanCancelled(t *testing.T, s vault.Store) {
	for i := range 3 {
		if err := s.PutRecord(context.Background(), record("t1", "k", fmt.Sprint(i), "")); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for r, err := range s.Records(ctx, vault.Query{Tenant: "t1"}) {
		if err == nil {
			t.Fatalf("a cancelled scan yielded record %s", r.ID)
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("a cancelled scan failed with %v, want context.Canceled", err)
		}
		return
	}
	t.Fatal("a cancelled scan ended without reporting the cancellation")
}
