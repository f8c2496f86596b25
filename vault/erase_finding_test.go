package vault

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// eraserStore is a MemoryStore with the TenantEraser capability; it counts
// how the vault deletes.
type eraserStore struct {
	*MemoryStore
	erased, tenantDeletes, recordDeletes int
}

func (e *eraserStore) EraseTenant(ctx context.Context, tenant string) error {
	e.erased++
	if err := e.MemoryStore.DeleteRecords(ctx, tenant); err != nil {
		return err
	}
	return e.MemoryStore.DeleteTenant(ctx, tenant)
}

func (e *eraserStore) DeleteTenant(ctx context.Context, tenant string) error {
	e.tenantDeletes++
	return e.MemoryStore.DeleteTenant(ctx, tenant)
}

func (e *eraserStore) DeleteRecords(ctx context.Context, tenant string) error {
	e.recordDeletes++
	return e.MemoryStore.DeleteRecords(ctx, tenant)
}

// TestFinding8EraseUsesTenantEraser: a store that can erase a tenant in one
// transaction is asked to, on the record store and on a separate key store
// alike, instead of deleting metadata and records in two steps.
func TestFinding8EraseUsesTenantEraser(t *testing.T) {
	ctx := t.Context()
	for _, separate := range []bool{false, true} {
		store := &eraserStore{MemoryStore: new(MemoryStore)}
		keys := store
		if separate {
			keys = &eraserStore{MemoryStore: new(MemoryStore)}
		}
		v, err := New(testConfig(Config{Store: store, Keys: keys}))
		require.NoError(t, err)
		require.NoError(t, v.Enroll(ctx, "t1", testLogin, []byte(testPassword)))
		s, err := v.Open(ctx, "t1", testLogin, []byte(testPassword))
		require.NoError(t, err)
		fill(t, s, 3)

		require.NoError(t, v.Erase(ctx, "t1"))
		require.Equal(t, 1, store.erased, "EraseTenant calls on the record store (separate key store: %v)", separate)
		require.Equal(t, 1, keys.erased, "EraseTenant calls on the key store (separate: %v)", separate)
		require.Zero(t, store.tenantDeletes+store.recordDeletes+keys.tenantDeletes+keys.recordDeletes,
			"two-step deletes beside EraseTenant")
		_, err = keys.Tenant(ctx, "t1")
		require.ErrorIs(t, err, ErrNotFound)
		for range store.Records(ctx, Query{Tenant: "t1"}) {
			t.Fatal("records left after the erase")
		}
	}
}

// TestFinding8InterruptedEraseCompletes stops an erase between its steps in
// every place it can stop: the seller can still log in (or enrol again),
// and the next attempt finishes the erase. No login is locked out.
func TestFinding8InterruptedEraseCompletes(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		name     string
		separate bool   // key material in its own store
		failOn   string // the step that fails once
		failKeys bool   // the failing step is in the key store
	}{
		{"one store, records step", false, "records", false},
		{"one store, metadata step", false, "tenant", false},
		{"key store apart, records step", true, "records", false},
		{"key store apart, key material step", true, "tenant", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &eraseCrashStore{Store: new(MemoryStore)}
			var keys KeyStore = store
			if tc.separate {
				ks := &eraseCrashStore{Store: new(MemoryStore)}
				keys = ks
				if tc.failKeys {
					ks.failOn = tc.failOn
				} else {
					store.failOn = tc.failOn
				}
			} else {
				store.failOn = tc.failOn
			}
			v, err := New(testConfig(Config{Store: store, Keys: keys}))
			require.NoError(t, err)
			require.NoError(t, v.Enroll(ctx, "t1", testLogin, []byte(testPassword)))
			s, err := v.Open(ctx, "t1", testLogin, []byte(testPassword))
			require.NoError(t, err)
			fill(t, s, 4)

			require.ErrorIs(t, v.Erase(ctx, "t1"), errCrash)
			// The key material goes last: the seller can still log in, and
			// erase again.
			s, err = v.Open(ctx, "t1", testLogin, []byte(testPassword))
			require.NoError(t, err, "login after an interrupted erase")
			s.Close()
			require.NoError(t, v.Erase(ctx, "t1"))
			_, err = keys.Tenant(ctx, "t1")
			require.ErrorIs(t, err, ErrNotFound)
			for range store.Records(ctx, Query{Tenant: "t1"}) {
				t.Fatal("records left after the repeated erase")
			}
			require.NoError(t, v.Enroll(ctx, "t1", testLogin, []byte(testPassword)))
		})
	}
}

// TestFinding8EnrolFinishesLeftovers: records left without key material (an
// erase by an older version stopped after deleting the salt) do not lock the
// login out: enrolling again deletes them, since nobody can open them.
func TestFinding8EnrolFinishesLeftovers(t *testing.T) {
	ctx := t.Context()
	store := new(MemoryStore)
	v, s := enrolled(t, store)
	fill(t, s, 4)
	require.NoError(t, store.DeleteTenant(ctx, "t1"))

	require.NoError(t, v.Enroll(ctx, "t1", testLogin, []byte(testPassword)))
	for range store.Records(ctx, Query{Tenant: "t1"}) {
		t.Fatal("leftover records survived the new enrolment")
	}
	s2, err := v.Open(ctx, "t1", testLogin, []byte(testPassword))
	require.NoError(t, err)
	s2.Close()
}

// TestKeyStoreApart: with a separate key store the record store holds no
// key material, a vault that kept it in the record store before moves it on
// first use, and a copy of the record store taken before an erase cannot be
// opened after it, even by enrolling the same tenant and password again.
func TestKeyStoreApart(t *testing.T) {
	ctx := t.Context()
	store, keys := new(MemoryStore), new(MemoryStore)
	old := newTestVault(t, store) // before the host added a key store
	require.NoError(t, old.Enroll(ctx, "t1", testLogin, []byte(testPassword)))
	s, err := old.Open(ctx, "t1", testLogin, []byte(testPassword))
	require.NoError(t, err)
	want := fill(t, s, 5)
	s.Close()

	v, err := New(testConfig(Config{Store: store, Keys: keys}))
	require.NoError(t, err)
	s, err = v.Open(ctx, "t1", testLogin, []byte(testPassword))
	require.NoError(t, err, "open after the key store was added")
	for id, content := range want {
		kind, _, _ := strings.Cut(id, "-")
		got, err := s.Get(ctx, kind, id)
		require.NoError(t, err)
		require.Equal(t, content, got)
	}
	s.Close()
	_, err = store.Tenant(ctx, "t1")
	require.ErrorIs(t, err, ErrNotFound, "key material left in the record store")
	_, err = keys.Tenant(ctx, "t1")
	require.NoError(t, err)

	backup := new(MemoryStore)
	for r, err := range store.Records(ctx, Query{Tenant: "t1"}) {
		require.NoError(t, err)
		require.NoError(t, backup.PutRecord(ctx, r))
	}
	require.NoError(t, v.Erase(ctx, "t1"))
	restored, err := New(testConfig(Config{Store: backup, Keys: keys}))
	require.NoError(t, err)
	_, err = restored.Open(ctx, "t1", testLogin, []byte(testPassword))
	require.ErrorIs(t, err, ErrWrongCredentials, "the backup opened after the erase")

	// Enrolling the same id and password again draws a new salt: the
	// backed-up records stay sealed.
	require.NoError(t, v.Enroll(ctx, "t1", testLogin, []byte(testPassword)))
	s, err = v.Open(ctx, "t1", testLogin, []byte(testPassword))
	require.NoError(t, err)
	defer s.Close()
	for r, err := range backup.Records(ctx, Query{Tenant: "t1"}) {
		require.NoError(t, err)
		_, err = s.Open(r)
		require.ErrorIs(t, err, ErrCannotOpen, "a backed-up record opened after the erase")
	}
}

// TestEnrolConcurrently: of concurrent enrolments of one tenant, one
// succeeds and the others answer ErrExists (never ErrBusy).
func TestEnrolConcurrently(t *testing.T) {
	v := newTestVault(t, nil)
	errs := make(chan error, 6)
	for range cap(errs) {
		go func() { errs <- v.Enroll(t.Context(), "t1", testLogin, []byte(testPassword)) }()
	}
	ok := 0
	for range cap(errs) {
		switch err := <-errs; {
		case err == nil:
			ok++
		case !errors.Is(err, ErrExists):
			t.Errorf("concurrent enrolment: %v, want nil or ErrExists", err)
		}
	}
	require.Equal(t, 1, ok, "enrolments that succeeded")
}
