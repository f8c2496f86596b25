package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// testEraseTenant checks the optional vault.TenantEraser: it removes the
// tenant's metadata, records and staged records, touches no other tenant,
// and succeeds again with nothing left. Stores without it skip.
func testEraseTenant(t *testing.T, s vault.Store) {
	e, ok := s.(vault.TenantEraser)
	if !ok {
		t.Skip("the store has no EraseTenant")
	}
	ctx := context.Background()
	for _, tenant := range []string{"t1", "t2"} {
		if err := s.CreateTenant(ctx, meta(tenant)); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"1", "2"} {
			if err := s.PutRecord(ctx, record(tenant, "k", id, "2026-07")); err != nil {
				t.Fatal(err)
			}
		}
		staged := record(tenant, "k", "3", "2026-07")
		staged.Upload = "u1"
		if err := s.StageRecords(ctx, []vault.Record{staged}); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := e.EraseTenant(ctx, "t1"); err != nil {
			t.Fatalf("EraseTenant (repeated with nothing left must succeed too): %v", err)
		}
	}
	if _, err := s.Tenant(ctx, "t1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("metadata after EraseTenant: err = %v, want ErrNotFound", err)
	}
	if got := collect(t, s, vault.Query{Tenant: "t1"}); len(got) != 0 {
		t.Fatalf("records after EraseTenant: %v", got)
	}
	if _, err := s.Tenant(ctx, "t2"); err != nil {
		t.Fatalf("EraseTenant touched another tenant's metadata: %v", err)
	}
	if got := collect(t, s, vault.Query{Tenant: "t2"}); len(got) != 2 {
		t.Fatalf("EraseTenant touched another tenant's records: %v", got)
	}
	later := time.Now().Add(time.Hour)
	if n, err := s.SweepStaged(ctx, "t1", later); err != nil || n != 0 {
		t.Fatalf("staged records after EraseTenant: %d, %v", n, err)
	}
	if n, err := s.SweepStaged(ctx, "t2", later); err != nil || n != 1 {
		t.Fatalf("EraseTenant touched another tenant's staged records: %d left, %v; want 1", n, err)
	}
}
