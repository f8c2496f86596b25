package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// RunAudit runs the conformance tests of a [vault.AuditStore]. newStore
// must return an empty audit store, independent of the others.
func RunAudit(t *testing.T, newStore func(t *testing.T) vault.AuditStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s vault.AuditStore)
	}{
		{"AppendAndScan", testAuditAppend},
		{"SeqTaken", testAuditConflict},
		{"Purge", testAuditPurge},
		{"ScanPages", testAuditPages},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

// auditEntry builds entry seq with recognisable fields (the hashes are not
// a valid chain: a store does not check them).
func auditEntry(seq uint64) vault.Entry {
	e := vault.Entry{Seq: seq, Event: vault.Event{
		Time:   time.Unix(1700000000, int64(seq)*1001).UTC(),
		Tenant: fmt.Sprintf("t%d", seq%3), Type: vault.EventUpload, Count: int64(seq) * 7,
	}}
	copy(e.Prev[:], bytes.Repeat([]byte{byte(seq - 1)}, 32))
	copy(e.Hash[:], bytes.Repeat([]byte{byte(seq)}, 32))
	return e
}

func appendEntries(t *testing.T, s vault.AuditStore, from, to uint64) {
	t.Helper()
	for seq := from; seq <= to; seq++ {
		if err := s.AppendAudit(context.Background(), auditEntry(seq)); err != nil {
			t.Fatalf("AppendAudit %d: %v", seq, err)
		}
	}
}

func scanAudit(t *testing.T, s vault.AuditStore, after uint64) []vault.Entry {
	t.Helper()
	var out []vault.Entry
	for e, err := range s.AuditEntries(context.Background(), after) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func testAuditAppend(t *testing.T, s vault.AuditStore) {
	ctx := context.Background()
	if _, err := s.LastAudit(ctx); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("LastAudit of an empty log: %v, want ErrNotFound", err)
	}
	if cp, err := s.AuditCheckpoint(ctx); err != nil || cp != (vault.Checkpoint{}) {
		t.Fatalf("checkpoint of a log never purged: %+v, %v; want the zero Checkpoint", cp, err)
	}
	appendEntries(t, s, 1, 5)
	got := scanAudit(t, s, 0)
	if len(got) != 5 {
		t.Fatalf("scanned %d entries, want 5", len(got))
	}
	for i, e := range got {
		if want := auditEntry(uint64(i + 1)); !sameEntry(e, want) {
			t.Fatalf("entry %d read back as %+v, want %+v", i+1, e, want)
		}
	}
	if got := scanAudit(t, s, 3); len(got) != 2 || got[0].Seq != 4 {
		t.Fatalf("entries after 3: %d starting at %d, want 4 and 5", len(got), got[0].Seq)
	}
	last, err := s.LastAudit(ctx)
	if err != nil || !sameEntry(last, auditEntry(5)) {
		t.Fatalf("LastAudit = %+v, %v; want entry 5", last, err)
	}
}

func sameEntry(a, b vault.Entry) bool {
	return a.Seq == b.Seq && a.Time.Equal(b.Time) && a.Tenant == b.Tenant && a.Type == b.Type &&
		a.Count == b.Count && a.Prev == b.Prev && a.Hash == b.Hash
}

func testAuditConflict(t *testing.T, s vault.AuditStore) {
	appendEntries(t, s, 1, 2)
	other := auditEntry(2)
	other.Count = 99
	if err := s.AppendAudit(context.Background(), other); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("appending a taken Seq: %v, want ErrConflict", err)
	}
	if got := scanAudit(t, s, 0); len(got) != 2 || got[1].Count != auditEntry(2).Count {
		t.Fatalf("the first writer's entry was replaced: %+v", got)
	}
}

func testAuditPurge(t *testing.T, s vault.AuditStore) {
	ctx := context.Background()
	appendEntries(t, s, 1, 10)
	cp := vault.Checkpoint{Link: vault.Link{Seq: 6, Hash: auditEntry(6).Hash}, Before: time.Unix(1800000000, 5).UTC()}
	copy(cp.MAC[:], bytes.Repeat([]byte{0xcc}, 32))
	if err := s.PurgeAudit(ctx, cp); err != nil {
		t.Fatal(err)
	}
	if got := scanAudit(t, s, 0); len(got) != 4 || got[0].Seq != 7 {
		t.Fatalf("after purging to 6: %d entries from %d, want 7 to 10", len(got), got[0].Seq)
	}
	stored, err := s.AuditCheckpoint(ctx)
	if err != nil || stored.Seq != cp.Seq || stored.Hash != cp.Hash || !stored.Before.Equal(cp.Before) || stored.MAC != cp.MAC {
		t.Fatalf("checkpoint read back as %+v, %v; want %+v", stored, err, cp)
	}
	older := cp
	older.Seq = 3
	if err := s.PurgeAudit(ctx, older); err != nil {
		t.Fatal(err)
	}
	if stored, _ := s.AuditCheckpoint(ctx); stored.Seq != 6 {
		t.Fatalf("an older checkpoint replaced the stored one: seq %d", stored.Seq)
	}
	all := cp
	all.Seq = 10
	if err := s.PurgeAudit(ctx, all); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LastAudit(ctx); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("LastAudit after purging everything: %v, want ErrNotFound", err)
	}
	appendEntries(t, s, 11, 11)
	if got := scanAudit(t, s, 10); len(got) != 1 {
		t.Fatalf("appending after a full purge: %d entries", len(got))
	}
}

func testAuditPages(t *testing.T, s vault.AuditStore) {
	const n = 2500
	appendEntries(t, s, 1, n)
	got := scanAudit(t, s, 0)
	if len(got) != n {
		t.Fatalf("scanned %d entries, want %d", len(got), n)
	}
	for i, e := range got {
		if e.Seq != uint64(i+1) {
			t.Fatalf("entry %d has Seq %d", i+1, e.Seq)
		}
	}
	// The loop body may append while the scan runs.
	seen := 0
	for e, err := range s.AuditEntries(context.Background(), n-2) {
		if err != nil {
			t.Fatal(err)
		}
		seen++
		if e.Seq == n {
			appendEntries(t, s, n+1, n+1)
		}
	}
	if seen < 2 {
		t.Fatalf("scan yielded %d entries of the last 2", seen)
	}
}
