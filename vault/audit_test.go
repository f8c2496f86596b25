package vault

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// testAuditKey is the audit key of the tests' chains.
var testAuditKey = bytes.Repeat([]byte{0xa5}, AuditKeySize)

func auditWith(t *testing.T, n int, start time.Time, step time.Duration) *MemoryAudit {
	t.Helper()
	a := &MemoryAudit{Key: testAuditKey, Retention: 100 * 365 * 24 * time.Hour}
	types := []EventType{EventEnrol, EventLogin, EventUpload, EventReportBuilt, EventLogout}
	for i := range n {
		e := Event{Time: start.Add(time.Duration(i) * step), Tenant: "t1", Type: types[i%len(types)], Count: int64(i)}
		if err := a.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// sha256Chain recomputes the hashes of entries from 5 on as the unkeyed
// SHA-256 chain of earlier versions did: what anyone who can rewrite the
// log could do.
func sha256Chain(e []Entry) []Entry {
	for i := 4; i < len(e); i++ {
		e[i].Prev = e[i-1].Hash
		e[i].Hash = sha256.Sum256(fmt.Appendf(nil, "%x%d%v", e[i].Prev, e[i].Seq, e[i].Event))
	}
	return e
}

// TestFinding3AuditChainIsKeyed: editing, removing, inserting, reordering
// or cutting off entries is detected, naming the first entry at fault, even
// when the forger recomputes every hash — with SHA-256 as the unkeyed chain
// used, or with HMAC under a key of their own.
func TestFinding3AuditChainIsKeyed(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := auditWith(t, 10, start, time.Hour)
	if err := a.Verify(); err != nil {
		t.Fatalf("untouched chain: %v", err)
	}
	forger := chain{key: bytes.Repeat([]byte{1}, AuditKeySize)}
	tests := []struct {
		name string
		edit func([]Entry) []Entry
		bad  uint64 // the entry Verify must name
	}{
		{"count edited", func(e []Entry) []Entry { e[4].Count++; return e }, 5},
		{"tenant edited", func(e []Entry) []Entry { e[4].Tenant = "t2"; return e }, 5},
		{"type edited", func(e []Entry) []Entry { e[4].Type = EventErase; return e }, 5},
		{"time edited", func(e []Entry) []Entry { e[4].Time = e[4].Time.Add(time.Second); return e }, 5},
		{"entry removed", func(e []Entry) []Entry { return slices.Delete(e, 4, 5) }, 5},
		{"first entry removed", func(e []Entry) []Entry { return e[1:] }, 1},
		{"entries swapped", func(e []Entry) []Entry { e[3], e[4] = e[4], e[3]; return e }, 4},
		{"newest entries cut off", func(e []Entry) []Entry { return e[:8] }, 9},
		{"edited, SHA-256 chain recomputed", func(e []Entry) []Entry { e[4].Count = 999; return sha256Chain(e) }, 5},
		{"edited, rehashed under another key", func(e []Entry) []Entry {
			e[4].Count = 999
			e[4].Hash = forger.entryMAC(e[4].Prev, e[4].Seq, e[4].Event)
			return e
		}, 5},
		{"entry inserted", func(e []Entry) []Entry {
			extra := forger.next(Link{Seq: 4, Hash: e[3].Hash}, e[4].Event)
			return slices.Insert(e, 4, extra)
		}, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := a.VerifyEntries(a.Checkpoint(), tc.edit(a.Entries()), a.Head())
			var ce *ChainError
			if !errors.As(err, &ce) || !errors.Is(err, ErrChainBroken) || ce.Seq != tc.bad {
				t.Fatalf("VerifyEntries err = %v, want a ChainError at entry %d", err, tc.bad)
			}
		})
	}
	// Without the head, a chain cut short verifies: keep the head apart.
	if err := VerifyChain(testAuditKey, a.Checkpoint(), a.Entries()[:8]); err != nil {
		t.Fatalf("prefix without the head: %v", err)
	}
	if err := VerifyChain(forger.key, a.Checkpoint(), a.Entries()); !errors.Is(err, ErrChainBroken) {
		t.Fatalf("the chain verified under another key: %v", err)
	}
}

func TestAuditPurgeKeepsChainVerifiable(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := auditWith(t, 200, start, 24*time.Hour) // one entry a day
	a.Retention = 10 * 24 * time.Hour           // raised to 90 days
	now := start.Add(200 * 24 * time.Hour)
	n := a.Purge(now)
	kept := a.Entries()
	if n+len(kept) != 200 {
		t.Fatalf("purged %d and kept %d of 200", n, len(kept))
	}
	if oldest := kept[0].Time; now.Sub(oldest) > MinRetention || now.Sub(kept[0].Time.Add(-24*time.Hour)) <= MinRetention {
		t.Fatalf("oldest kept entry is %v old, want the last 90 days kept", now.Sub(oldest))
	}
	if err := a.Verify(); err != nil {
		t.Fatalf("after purge: %v", err)
	}
	cp := a.Checkpoint()
	if cp.Seq != uint64(n) || cp.Hash != kept[0].Prev {
		t.Fatalf("checkpoint %+v does not lead to the first kept entry", cp)
	}
	if a.Purge(now) != 0 {
		t.Fatal("a second purge at the same time removed more")
	}
	entries := a.Entries()
	entries[0].Count = 7777
	if err := a.VerifyEntries(cp, entries, a.Head()); !errors.Is(err, ErrChainBroken) {
		t.Fatal("tampering after a purge is not detected")
	}
	// Dropping entries still within the retention by moving the checkpoint
	// forward needs a checkpoint MAC only the key makes.
	moved := cp
	moved.Link = Link{Seq: kept[9].Seq, Hash: kept[9].Hash}
	if err := a.VerifyEntries(moved, a.Entries()[10:], a.Head()); !errors.Is(err, ErrChainBroken) {
		t.Fatal("a checkpoint moved forward is not detected")
	}
}

// TestFinding3MemoryAuditBounded: a MemoryAudit that is never purged by
// hand still holds no more than its retention.
func TestFinding3MemoryAuditBounded(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := auditWith(t, 0, start, 0)
	a.Retention = 0 // MinRetention
	for i := range 1000 {
		if err := a.Append(t.Context(), Event{Time: start.Add(time.Duration(i) * 24 * time.Hour), Tenant: "t1", Type: EventLogin}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(a.Entries()); n > 91 {
		t.Fatalf("%d entries kept after 1000 days, want at most 91 (90 days)", n)
	}
	if err := a.Verify(); err != nil {
		t.Fatal(err)
	}
}

func TestAuditMirrorAndRefusals(t *testing.T) {
	var buf bytes.Buffer
	a := &MemoryAudit{Mirror: &buf, Key: testAuditKey}
	ctx := t.Context()
	for i, e := range []Event{
		{Time: time.Unix(1, 5), Tenant: "t1", Type: EventLogin},
		{Time: time.Unix(2, 0), Tenant: "t1", Type: EventUpload, Count: 42},
	} {
		if err := a.Append(ctx, e); err != nil {
			t.Fatal(i, err)
		}
	}
	var parsed []Entry
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, e)
	}
	if len(parsed) != 2 {
		t.Fatalf("%d JSON lines, want 2", len(parsed))
	}
	if err := VerifyChain(a.Key, Checkpoint{}, parsed); err != nil {
		t.Fatalf("the mirrored lines do not verify: %v", err)
	}
	for _, e := range []Event{{Tenant: "", Type: EventLogin}, {Tenant: "t1"}} {
		if err := a.Append(ctx, e); err == nil {
			t.Fatalf("event %+v accepted", e)
		}
	}
}

func TestVaultAuditsItsActions(t *testing.T) {
	a := new(MemoryAudit)
	v, err := New(testConfig(Config{Audit: a}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := v.Enroll(ctx, "t1", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	v.Open(ctx, "t1", testLogin, []byte("wrong password!!"))
	s, _ := v.Open(ctx, "t1", testLogin, []byte(testPassword))
	fill(t, s, 3)
	s.Close()
	if err := v.ChangePassword(ctx, "t1", testLogin, []byte(testPassword), []byte(newPassword)); err != nil {
		t.Fatal(err)
	}
	if err := v.Erase(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range a.Entries() {
		got = append(got, string(e.Type))
		if e.Type == EventPasswordChanged && e.Count != 3 {
			t.Fatalf("password_changed count %d, want 3 records", e.Count)
		}
	}
	want := []string{"enrol", "login_failed", "login", "logout", "password_changed", "erase"}
	if !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	if err := a.Verify(); err != nil {
		t.Fatal(err)
	}
}
