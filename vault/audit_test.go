package vault

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"
)

func auditWith(t *testing.T, n int, start time.Time, step time.Duration) *MemoryAudit {
	t.Helper()
	a := new(MemoryAudit)
	types := []EventType{EventEnrol, EventLogin, EventUpload, EventReportBuilt, EventLogout}
	for i := range n {
		e := Event{Time: start.Add(time.Duration(i) * step), Tenant: "t1", Type: types[i%len(types)], Count: int64(i)}
		if err := a.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func TestAuditChainDetectsTampering(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := auditWith(t, 10, start, time.Hour)
	if err := a.Verify(); err != nil {
		t.Fatalf("untouched chain: %v", err)
	}
	tests := []struct {
		name string
		edit func([]Entry) []Entry
	}{
		{"count edited", func(e []Entry) []Entry { e[4].Count++; return e }},
		{"tenant edited", func(e []Entry) []Entry { e[4].Tenant = "t2"; return e }},
		{"type edited", func(e []Entry) []Entry { e[4].Type = EventErase; return e }},
		{"time edited", func(e []Entry) []Entry { e[4].Time = e[4].Time.Add(time.Second); return e }},
		{"entry removed", func(e []Entry) []Entry { return slices.Delete(e, 4, 5) }},
		{"first entry removed", func(e []Entry) []Entry { return e[1:] }},
		{"entries swapped", func(e []Entry) []Entry { e[3], e[4] = e[4], e[3]; return e }},
		{"entry edited and its hash recomputed", func(e []Entry) []Entry {
			e[4].Count = 999
			e[4].Hash = entryHash(e[4].Prev, e[4].Seq, e[4].Event)
			return e
		}},
		{"entry inserted", func(e []Entry) []Entry {
			extra := Entry{Seq: 5, Event: e[4].Event, Prev: e[3].Hash}
			extra.Hash = entryHash(extra.Prev, extra.Seq, extra.Event)
			return slices.Insert(e, 4, extra)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries := tc.edit(a.Entries())
			if err := VerifyChain(a.Checkpoint(), entries); !errors.Is(err, ErrChainBroken) {
				t.Fatalf("VerifyChain err = %v, want ErrChainBroken", err)
			}
		})
	}
	// Dropping the newest entries leaves a valid prefix: only the head,
	// published elsewhere, reveals it.
	head := a.Head()
	if err := VerifyChain(a.Checkpoint(), a.Entries()[:8]); err != nil || head.Seq != 10 {
		t.Fatalf("prefix: %v, head %d", err, head.Seq)
	}
	if entries := a.Entries(); entries[7].Hash == head.Hash {
		t.Fatal("a truncated chain ends on the published head")
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
	if cp := a.Checkpoint(); cp.Seq != uint64(n) || cp.Hash != kept[0].Prev {
		t.Fatalf("checkpoint %+v does not lead to the first kept entry", cp)
	}
	if a.Purge(now) != 0 {
		t.Fatal("a second purge at the same time removed more")
	}
	entries := a.Entries()
	entries[0].Count = 7777
	if err := VerifyChain(a.Checkpoint(), entries); !errors.Is(err, ErrChainBroken) {
		t.Fatal("tampering after a purge is not detected")
	}
}

func TestAuditMirrorAndRefusals(t *testing.T) {
	var buf bytes.Buffer
	a := &MemoryAudit{Mirror: &buf}
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
	if err := VerifyChain(Checkpoint{}, parsed); err != nil {
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
