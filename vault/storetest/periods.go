package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// testPeriods checks vault.PeriodLister, for stores that have it: the
// distinct periods of one tenant's records of one kind, ascending, ""
// first, nothing of other tenants, other kinds or staged uploads, and
// deleted records gone.
func testPeriods(t *testing.T, s vault.Store) {
	pl, ok := s.(vault.PeriodLister)
	if !ok {
		t.Skip("the store is not a vault.PeriodLister (an optional capability)")
	}
	ctx := context.Background()
	puts := []vault.Record{
		record("t1", "txn", "a", "2026-08"), record("t1", "txn", "b", "2025-12"),
		record("t1", "txn", "c", "2026-08"), record("t1", "txn", "d", ""),
		record("t1", "txn", "e", "2026-01"), record("t1", "evidence", "f", "2024-02"),
		record("t2", "txn", "a", "2023-03"), record("t1", "upload", "u", "2026-11"),
	}
	for _, r := range puts {
		if err := s.PutRecord(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	staged := line("t1", "s1", "up1", 1)
	staged.Period = "2027-01"
	if err := s.StageRecords(ctx, []vault.Record{staged}); err != nil {
		t.Fatal(err)
	}
	want := func(tenant, kind, expect string) {
		t.Helper()
		got, err := pl.Periods(ctx, tenant, kind)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%q", got) != expect {
			t.Fatalf("Periods(%s, %s) = %q, want %s", tenant, kind, got, expect)
		}
	}
	want("t1", "txn", `["" "2025-12" "2026-01" "2026-08"]`)
	want("t1", "evidence", `["2024-02"]`)
	want("t2", "txn", `["2023-03"]`)
	want("t3", "txn", `[]`)
	want("t1", "other", `[]`)

	for _, id := range []string{"d", "b"} {
		if err := s.DeleteRecord(ctx, "t1", "txn", id); err != nil {
			t.Fatal(err)
		}
	}
	want("t1", "txn", `["2026-01" "2026-08"]`)
	desc := record("t1", "upload", "up1", "")
	desc.Upload = "up1"
	if _, err := s.CommitUpload(ctx, "t1", "up1", 1, desc); err != nil {
		t.Fatal(err)
	}
	want("t1", "txn", `["2026-01" "2026-08" "2027-01"]`)

	cancelled, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	<-cancelled.Done()
	if _, err := pl.Periods(cancelled, "t1", "txn"); err == nil {
		t.Fatal("Periods with a cancelled context succeeded")
	}
}
