package vault

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func TestNewRefusesParamsOutsideBounds(t *testing.T) {
	tests := []struct {
		name  string
		p     Params
		field string
	}{
		{"memory below the floor", Params{1, Floor.MemoryKiB - 1, 3, 4}, "memory"},
		{"time below the floor", Params{1, 65536, 1, 4}, "time"},
		{"threads zero", Params{1, 65536, 3, 0}, "threads"},
		{"memory above the ceiling", Params{1, Ceiling.MemoryKiB + 1, 3, 4}, "memory"},
		{"time above the ceiling", Params{1, 65536, 11, 4}, "time"},
		{"unknown version", Params{2, 65536, 3, 4}, "version"},
		{"tiny test parameters", testParams, "memory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Config{Params: tc.p})
			var pe *ParamsError
			if !errors.As(err, &pe) || pe.Field != tc.field || !errors.Is(err, ErrParams) {
				t.Fatalf("New err = %v, want ParamsError on %s", err, tc.field)
			}
		})
	}
	v, err := New(Config{})
	if err != nil {
		t.Fatalf("zero Config: %v", err)
	}
	if v.params != DefaultParams {
		t.Fatalf("zero Config gave %+v, want the defaults", v.params)
	}

	// The exported bounds are copies: lowering them lowers nothing.
	saved := Floor
	defer func() { Floor = saved }()
	Floor = testParams
	if _, err := New(Config{Params: testParams}); !errors.Is(err, ErrParams) {
		t.Fatalf("New after lowering vault.Floor: err = %v, want ErrParams", err)
	}
}

// snapshot returns everything the store holds about t1, to prove that a
// refused operation changed nothing.
func snapshot(t *testing.T, s Store) string {
	t.Helper()
	m, err := s.Tenant(t.Context(), "t1")
	out := fmt.Sprintf("%+v %v\n", m, err)
	for r, err := range s.Records(t.Context(), Query{Tenant: "t1"}) {
		out += fmt.Sprintf("%+v %v\n", r, err)
	}
	return out
}

func TestOpenWrongCredentials(t *testing.T) {
	store := new(MemoryStore)
	v, s := enrolled(t, store)
	r, _ := s.Seal("txn", "1", "2026-07", []byte("content"))
	if err := s.Put(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, store)
	tests := []struct {
		name, tenant, login, password string
	}{
		{"wrong password", "t1", testLogin, "plum-harbour-violin-43"},
		{"wrong login", "t1", "mario.rossi@example.it", testPassword},
		{"unknown tenant", "t9", testLogin, testPassword},
		{"empty tenant", "", testLogin, testPassword},
		{"empty password", "t1", testLogin, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := v.derivations.Load()
			s, err := v.Open(t.Context(), tc.tenant, tc.login, []byte(tc.password))
			if !errors.Is(err, ErrWrongCredentials) || s != nil {
				t.Fatalf("Open = %v, %v; want ErrWrongCredentials", s, err)
			}
			// Unknown tenants cost one (dummy) derivation like a known one.
			if got := v.derivations.Load() - n; got != 1 {
				t.Fatalf("%d derivations, want exactly 1", got)
			}
		})
	}
	if after := snapshot(t, store); after != before {
		t.Fatalf("a failed login changed the store:\n%s\nvs\n%s", before, after)
	}
}

func TestOpenNormalisesLogin(t *testing.T) {
	v := newTestVault(t, nil)
	if err := v.Enroll(t.Context(), "t1", "José.Ruiz@Example.ES", []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"jose\u0301.ruiz@example.es", "  JOSÉ.RUIZ@EXAMPLE.ES "} {
		s, err := v.Open(t.Context(), "t1", login, []byte(testPassword))
		if err != nil {
			t.Fatalf("Open with %q: %v", login, err)
		}
		s.Close()
	}
}

func TestEnroll(t *testing.T) {
	v, _ := enrolled(t, nil)
	if err := v.Enroll(t.Context(), "t1", testLogin, []byte(testPassword)); !errors.Is(err, ErrExists) {
		t.Fatalf("second Enroll: err = %v, want ErrExists", err)
	}
	if err := v.Enroll(t.Context(), "t2", testLogin, []byte("password1234")); !errors.Is(err, ErrWeakPassword) {
		t.Fatalf("weak password: err = %v, want ErrWeakPassword", err)
	}
	if err := v.Enroll(t.Context(), "", testLogin, []byte(testPassword)); !errors.Is(err, ErrInvalidName) {
		t.Fatalf("empty tenant: err = %v, want ErrInvalidName", err)
	}
	m, _ := v.store.Tenant(t.Context(), "t1")
	if len(m.Current.Salt) != 32 || len(m.Current.Check) != 32 || m.Current.Generation != 1 || m.Current.Params != testParams {
		t.Fatalf("stored metadata %+v", m)
	}
	// Nothing that is or could be the key is stored: the only secret-looking
	// fields are the salt (random) and the check value (an HMAC).
	if n := reflect.TypeFor[KeyState]().NumField(); n != 4 {
		t.Fatalf("KeyState has %d fields; a new one must not hold key material", n)
	}
}

func TestOpenRefusesTamperedMetadata(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *TenantMeta)
		want error
	}{
		{"memory raised to 4 TiB", func(m *TenantMeta) { m.Current.Params.MemoryKiB = 1<<32 - 1 }, ErrParams},
		{"time raised absurdly", func(m *TenantMeta) { m.Current.Params.Time = 1 << 30 }, ErrParams},
		{"threads raised", func(m *TenantMeta) { m.Current.Params.Threads = 255 }, ErrParams},
		{"pending memory raised", func(m *TenantMeta) {
			p := m.Current
			p.Generation, p.Params.MemoryKiB = 2, 1<<31
			m.Pending = &p
		}, ErrParams},
		{"memory lowered below the floor", func(m *TenantMeta) { m.Current.Params.MemoryKiB = 1 }, ErrParams},
		{"short salt", func(m *TenantMeta) { m.Current.Salt = m.Current.Salt[:16] }, ErrTenantCorrupt},
		{"no check value", func(m *TenantMeta) { m.Current.Check = nil }, ErrTenantCorrupt},
		{"generation zero", func(m *TenantMeta) { m.Current.Generation = 0 }, ErrTenantCorrupt},
		{"pending generation skips", func(m *TenantMeta) {
			p := m.Current
			p.Generation = 5
			m.Pending = &p
		}, ErrTenantCorrupt},
		{"salt changed", func(m *TenantMeta) { m.Current.Salt[0] ^= 1 }, ErrWrongCredentials},
		{"check value changed", func(m *TenantMeta) { m.Current.Check[31] ^= 1 }, ErrWrongCredentials},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := new(MemoryStore)
			v, _ := enrolled(t, store)
			m, _ := store.Tenant(t.Context(), "t1")
			tc.edit(&m)
			if err := store.UpdateTenant(t.Context(), m); err != nil {
				t.Fatal(err)
			}
			n := v.derivations.Load()
			_, err := v.Open(t.Context(), "t1", testLogin, []byte(testPassword))
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open err = %v, want %v", err, tc.want)
			}
			if tc.want != ErrWrongCredentials && v.derivations.Load() != n {
				t.Fatal("a derivation ran on metadata that should have been refused first")
			}
		})
	}
}

func TestSessionCloseWipes(t *testing.T) {
	_, s := enrolled(t, nil)
	r, _ := s.Seal("txn", "1", "", []byte("x"))
	sealKey, inner, outer := s.keys.sealKey, s.keys.index.inner, s.keys.index.outer
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sealKey, make([]byte, keySize)) || !bytes.Equal(inner, make([]byte, len(inner))) ||
		!bytes.Equal(outer, make([]byte, len(outer))) {
		t.Fatal("Close left key bytes in memory")
	}
	ctx := t.Context()
	calls := map[string]error{}
	_, calls["Seal"] = s.Seal("txn", "2", "", []byte("x"))
	_, calls["Open"] = s.Open(r)
	_, calls["BlindIndex"] = s.BlindIndex("txn", []byte("x"))
	calls["Put"] = s.Put(ctx, r)
	_, calls["Get"] = s.Get(ctx, "txn", "1")
	calls["Delete"] = s.Delete(ctx, "txn", "1")
	_, _, calls["Find"] = s.Find(ctx, "txn", []byte("x"))
	_, calls["Export"] = s.Export(ctx, new(bytes.Buffer))
	for name, err := range calls {
		if !errors.Is(err, ErrSessionClosed) {
			t.Errorf("%s after Close: err = %v, want ErrSessionClosed", name, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestSessionConcurrentUseAndClose(t *testing.T) {
	_, s := enrolled(t, nil)
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; ; i++ {
				r, err := s.Seal("txn", fmt.Sprint(w, "-", i), "", []byte("content"))
				if errors.Is(err, ErrSessionClosed) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := s.Open(r); err != nil && !errors.Is(err, ErrSessionClosed) {
					t.Error(err)
					return
				}
			}
		}()
	}
	s.Close()
	for range 4 {
		<-done
	}
}

func TestSessionOutdatedAndBusy(t *testing.T) {
	store := new(MemoryStore)
	v, s := enrolled(t, store)
	if s.Outdated() {
		t.Fatal("a session at the vault's own parameters reports outdated")
	}
	high := testParams
	high.Time = 2
	vHigh, err := New(testConfig(Config{Store: store, Params: high}))
	if err != nil {
		t.Fatal(err)
	}
	s2, err := vHigh.Open(t.Context(), "t1", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if !s2.Outdated() {
		t.Fatal("a tenant below the vault's parameters is not reported outdated")
	}
	if err := s.Put(t.Context(), Record{Tenant: "t2", Kind: "txn", ID: "1"}); !errors.Is(err, ErrWrongTenant) {
		t.Fatalf("Put of another tenant's record: err = %v, want ErrWrongTenant", err)
	}

	// While a change or erase runs, no session of the tenant can start.
	if err := v.begin("t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Open(t.Context(), "t1", testLogin, []byte(testPassword)); !errors.Is(err, ErrBusy) {
		t.Fatalf("Open during a change: err = %v, want ErrBusy", err)
	}
	if err := v.Erase(t.Context(), "t1"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Erase during a change: err = %v, want ErrBusy", err)
	}
	v.end("t1")
}
