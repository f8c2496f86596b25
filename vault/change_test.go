package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

var errCrash = errors.New("injected crash")

// crashStore fails the write that follows every k-th successful record
// write, and the n-th tenant update, as a process stopping there would.
type crashStore struct {
	Store
	mu         sync.Mutex
	every      int // 0: never
	writes     int
	failAll    bool // every record write fails (a full disk)
	failUpdate int  // 1-based; 0: never
	updates    int
}

func (c *crashStore) PutRecord(ctx context.Context, r Record) error {
	c.mu.Lock()
	c.writes++
	crash := c.failAll || c.every > 0 && c.writes%(c.every+1) == 0
	c.mu.Unlock()
	if crash {
		return errCrash
	}
	return c.Store.PutRecord(ctx, r)
}

func (c *crashStore) UpdateTenant(ctx context.Context, m TenantMeta) error {
	c.mu.Lock()
	c.updates++
	crash := c.updates == c.failUpdate
	c.mu.Unlock()
	if crash {
		return errCrash
	}
	return c.Store.UpdateTenant(ctx, m)
}

// fill stores n records in t1 and returns their contents by id.
func fill(t *testing.T, s *Session, n int) map[string][]byte {
	t.Helper()
	want := make(map[string][]byte)
	for i := range n {
		kind, period := []string{"txn", "evidence", "refund"}[i%3], fmt.Sprintf("2026-%02d", i%12+1)
		id := fmt.Sprintf("%s-%03d", kind, i)
		content := fmt.Appendf(nil, "record %d: buyer Jürgen Müller, 12%d.50 EUR", i, i)
		var value []byte
		if i%3 == 0 {
			value = fmt.Appendf(nil, "AMZ-%d", i)
		}
		r, err := s.SealIndexed(kind, id, period, content, value)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Put(t.Context(), r); err != nil {
			t.Fatal(err)
		}
		want[id] = content
	}
	return want
}

// checkAllReadable asserts the crash-safety invariant: every stored record
// opens with the key of the old password or of the new one, with its
// original content, and none is missing.
func checkAllReadable(t *testing.T, v *Vault, store Store, want map[string][]byte) {
	t.Helper()
	ctx := t.Context()
	m, err := store.Tenant(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	login := NormalizeLogin(testLogin)
	var keys []*keySet
	if ks, err := v.verify(ctx, "t1", login, []byte(testPassword), m.Current); err == nil {
		keys = append(keys, ks)
	} else if ks, err := v.verify(ctx, "t1", login, []byte(newPassword), m.Current); err == nil {
		keys = append(keys, ks)
	}
	if m.Pending != nil {
		ks, err := v.verify(ctx, "t1", login, []byte(newPassword), *m.Pending)
		if err != nil {
			t.Fatalf("pending key is not the new password's: %v", err)
		}
		keys = append(keys, ks)
	}
	seen := 0
	for r, err := range store.Records(ctx, Query{Tenant: "t1"}) {
		if err != nil {
			t.Fatal(err)
		}
		opened := false
		for _, ks := range keys {
			if _, content, err := ks.open(r.Kind, r.ID, r.Period, r.Sealed); err == nil {
				if !bytes.Equal(content, want[r.ID]) {
					t.Fatalf("record %s opened to other content", r.ID)
				}
				opened = true
			}
		}
		if !opened {
			t.Fatalf("record %s opens with neither the old nor the new password", r.ID)
		}
		seen++
	}
	if seen != len(want) {
		t.Fatalf("%d records stored, want %d: some were lost", seen, len(want))
	}
}

func TestChangePasswordSurvivesCrashes(t *testing.T) {
	const n = 60
	tests := []struct {
		name       string
		every      int
		failAll    bool
		failUpdate int
	}{
		{"no crash", 0, false, 0},
		{"every write fails for three attempts", 0, true, 0},
		{"crash after every record", 1, false, 0},
		{"crash after every 2nd record", 2, false, 0},
		{"crash after every 7th record", 7, false, 0},
		{"crash after 59 records", 59, false, 0},
		{"crash storing the pending key", 0, false, 1},
		{"crash making the new key current", 0, false, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := &crashStore{Store: new(MemoryStore), failUpdate: tc.failUpdate}
			v, s := enrolled(t, cs)
			want := fill(t, s, n)
			cs.mu.Lock()
			cs.every, cs.writes, cs.failAll = tc.every, 0, tc.failAll
			cs.mu.Unlock()
			ctx := t.Context()
			var err error
			crashes := 0
			for attempt := 0; ; attempt++ {
				if attempt > 2*n+5 {
					t.Fatal("password change never finished")
				}
				if attempt == 3 {
					cs.mu.Lock()
					cs.failAll = false // the disk has room again
					cs.mu.Unlock()
				}
				err = v.ChangePassword(ctx, "t1", testLogin, []byte(testPassword), []byte(newPassword))
				if err == nil {
					break
				}
				if !errors.Is(err, errCrash) {
					t.Fatalf("attempt %d: %v", attempt, err)
				}
				crashes++
				checkAllReadable(t, v, cs, want)
				if m, _ := cs.Tenant(ctx, "t1"); m.Pending != nil {
					for _, pw := range []string{testPassword, newPassword} {
						if _, err := v.Open(ctx, "t1", testLogin, []byte(pw)); !errors.Is(err, ErrChangeIncomplete) {
							t.Fatalf("Open mid-change: err = %v, want ErrChangeIncomplete", err)
						}
					}
				}
			}
			if injected := tc.every > 0 || tc.failAll || tc.failUpdate > 0; injected != (crashes > 0) {
				t.Fatalf("%d crashes happened; injected: %v", crashes, injected)
			}
			if tc.every > 0 && crashes < n/(tc.every+1) {
				t.Fatalf("only %d crashes for a crash every %d writes over %d records", crashes, tc.every, n)
			}
			checkAllReadable(t, v, cs, want)
			if _, err := v.Open(ctx, "t1", testLogin, []byte(testPassword)); !errors.Is(err, ErrWrongCredentials) {
				t.Fatalf("old password after the change: err = %v, want ErrWrongCredentials", err)
			}
			s2, err := v.Open(ctx, "t1", testLogin, []byte(newPassword))
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			for id, content := range want {
				kind := id[:len(id)-4]
				if got, err := s2.Get(ctx, kind, id); err != nil || !bytes.Equal(got, content) {
					t.Fatalf("Get %s after change: %q, %v", id, got, err)
				}
			}
			if _, got, err := s2.Find(ctx, "txn", []byte("AMZ-3")); err != nil || !bytes.Equal(got, want["txn-003"]) {
				t.Fatalf("blind index not rebuilt under the new key: %v", err)
			}
			if m, _ := cs.Tenant(ctx, "t1"); m.Current.Generation != 2 || m.Pending != nil {
				t.Fatalf("after change: generation %d, pending %v", m.Current.Generation, m.Pending)
			}
		})
	}
}

func TestChangePasswordRefusals(t *testing.T) {
	ctx := context.Background()
	t.Run("wrong old password changes nothing", func(t *testing.T) {
		store := new(MemoryStore)
		v, s := enrolled(t, store)
		fill(t, s, 5)
		before := snapshot(t, store)
		err := v.ChangePassword(ctx, "t1", testLogin, []byte("not the password!"), []byte(newPassword))
		if !errors.Is(err, ErrWrongCredentials) {
			t.Fatalf("err = %v, want ErrWrongCredentials", err)
		}
		if snapshot(t, store) != before {
			t.Fatal("store changed")
		}
		if _, err := s.Seal("txn", "x", "", nil); err != nil {
			t.Fatalf("a failed change ended the tenant's session: %v", err)
		}
	})
	t.Run("weak new password", func(t *testing.T) {
		v, _ := enrolled(t, nil)
		err := v.ChangePassword(ctx, "t1", testLogin, []byte(testPassword), []byte("qwerty123456"))
		if !errors.Is(err, ErrWeakPassword) {
			t.Fatalf("err = %v, want ErrWeakPassword", err)
		}
	})
	t.Run("resume with another new password", func(t *testing.T) {
		cs := &crashStore{Store: new(MemoryStore)}
		v, s := enrolled(t, cs)
		want := fill(t, s, 10)
		cs.every, cs.writes = 3, 0
		if err := v.ChangePassword(ctx, "t1", testLogin, []byte(testPassword), []byte(newPassword)); !errors.Is(err, errCrash) {
			t.Fatalf("err = %v, want the injected crash", err)
		}
		cs.every = 0
		err := v.ChangePassword(ctx, "t1", testLogin, []byte(testPassword), []byte("a third passphrase 9"))
		if !errors.Is(err, ErrChangeIncomplete) {
			t.Fatalf("err = %v, want ErrChangeIncomplete", err)
		}
		checkAllReadable(t, v, cs, want)
	})
	t.Run("unknown tenant", func(t *testing.T) {
		v := newTestVault(t, nil)
		err := v.ChangePassword(ctx, "t9", testLogin, []byte(testPassword), []byte(newPassword))
		if !errors.Is(err, ErrWrongCredentials) {
			t.Fatalf("err = %v, want ErrWrongCredentials", err)
		}
	})
}

func TestChangePasswordEndsSessionsAndRaisesCost(t *testing.T) {
	store := new(MemoryStore)
	v, s := enrolled(t, store)
	fill(t, s, 3)
	other, err := v.Open(t.Context(), "t1", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	// A vault configured with a higher cost than the tenant's: the change
	// raises the tenant to it; one with a lower cost never lowers it.
	high := testParams
	high.MemoryKiB, high.Time = 128, 2
	vHigh, err := New(testConfig(Config{Store: store, Params: high}))
	if err != nil {
		t.Fatal(err)
	}
	if err := vHigh.ChangePassword(t.Context(), "t1", testLogin, []byte(testPassword), []byte(newPassword)); err != nil {
		t.Fatal(err)
	}
	m, _ := store.Tenant(t.Context(), "t1")
	if m.Current.Params != high {
		t.Fatalf("params after change %+v, want %+v", m.Current.Params, high)
	}
	if err := v.ChangePassword(t.Context(), "t1", testLogin, []byte(newPassword), []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	m, _ = store.Tenant(t.Context(), "t1")
	if m.Current.Params != high || m.Current.Generation != 3 {
		t.Fatalf("a lower-cost vault lowered the tenant's params to %+v", m.Current.Params)
	}
	for _, sess := range []*Session{s, other} {
		if _, err := sess.Seal("txn", "x", "", nil); !errors.Is(err, ErrSessionClosed) {
			t.Fatalf("a session of the tenant survived the change: %v", err)
		}
	}
}
