package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// tenantID returns the tenant id a login is enrolled under, or "".
func (s *server) tenantID(login string) string {
	t, err := s.tenantOf(context.Background(), login)
	if err != nil {
		panic(err)
	}
	return t
}

// auditTenants lists the tenant ids the audit log names, in order.
func (e *env) auditTenants() []string {
	var out []string
	for _, en := range e.audit.Entries() {
		if !slices.Contains(out, en.Tenant) {
			out = append(out, en.Tenant)
		}
	}
	return out
}

// TestErasedSellerUnlinkable: tenant ids are random, the login →
// tenant lookup is a keyed hash in the key store, and an erase deletes it:
// afterwards the old id, which the audit log still holds, leads back to no
// login, and enrolling the same login again gets a new id with none of the
// old history.
func TestErasedSellerUnlinkable(t *testing.T) {
	e := newEnv(t, nil)
	cr := testCreds("gone")
	c := e.seller(t, "gone")
	old := e.srv.tenantID(cr.Login)
	require.Len(t, old, 33, "tenant id %q", old)
	require.NotContains(t, old, "gone")
	other := e.seller(t, "stays")
	require.NotEqual(t, old, e.srv.tenantID(testCreds("stays").Login))

	require.Equal(t, http.StatusNoContent, c.json("DELETE", "/api/account", nil, nil))
	require.Empty(t, e.srv.tenantID(cr.Login), "the login still leads to a tenant after the erase")
	db := e.srv.cfg.Store.(*sqlstore.Store).DB()
	var bound int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM vatkit_logins WHERE tenant = ?`, old).Scan(&bound))
	require.Zero(t, bound, "lookup rows of the erased tenant")
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM vatkit_logins`).Scan(&bound))
	require.Equal(t, 1, bound, "the other seller's lookup")
	require.Contains(t, e.auditTenants(), old, "the audit log keeps the old id (the test would prove nothing otherwise)")

	again := e.seller(t, "gone")
	renewed := e.srv.tenantID(cr.Login)
	require.NotEmpty(t, renewed)
	require.NotEqual(t, old, renewed, "enrolling again after an erase reused the tenant id")
	require.Equal(t, http.StatusOK, again.json("GET", "/api/uploads", nil, nil))
	require.Equal(t, http.StatusOK, other.json("GET", "/api/uploads", nil, nil))
	for _, en := range e.audit.Entries() {
		if en.Tenant == renewed && en.Type == vault.EventErase {
			t.Fatal("the new tenant inherited the old one's erase")
		}
	}
}

// TestEraseThroughServer: after DELETE /api/account, the raw bytes
// of the record store's and the key store's SQLite files (database, WAL,
// shared memory) hold none of the seller's salt, key-check value, login
// lookup or sealed records, while the other seller's are still there.
func TestEraseThroughServer(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "vatkit.db"))
	require.NoError(t, err)
	defer store.Close()
	keys, err := sqlite.Open(ctx, filepath.Join(dir, "keys.db"))
	require.NoError(t, err)
	defer keys.Close()
	e := newEnv(t, func(c *config) { c.Store, c.Keys = store, keys })

	secrets := func(name string) map[string][]byte {
		c := e.seller(t, name)
		data, _ := vtr(t, 40, 11)
		require.Equal(t, http.StatusOK, c.upload("file", data, nil))
		login := testCreds(name).Login
		tenant := e.srv.tenantID(login)
		m, err := keys.Tenant(ctx, tenant)
		require.NoError(t, err)
		out := map[string][]byte{"salt": m.Current.Salt, "key check": m.Current.Check, "login lookup": e.srv.lookup(login)}
		n := 0
		for r, err := range store.Records(ctx, vault.Query{Tenant: tenant}) {
			require.NoError(t, err)
			out["record "+r.ID] = r.Sealed[len(r.Sealed)-32:]
			n++
		}
		require.Greater(t, n, 10, "records stored")
		if name == "erased" {
			require.Equal(t, http.StatusNoContent, c.json("DELETE", "/api/account", nil, nil))
		}
		return out
	}
	kept := secrets("kept")
	erased := secrets("erased")

	var files []byte
	for _, db := range []string{"vatkit.db", "keys.db"} {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			b, err := os.ReadFile(filepath.Join(dir, db+suffix))
			if !os.IsNotExist(err) {
				require.NoError(t, err)
			}
			files = append(files, b...)
		}
	}
	for name, b := range erased {
		require.False(t, bytes.Contains(files, b), "the erased seller's %s is still in the files", name)
	}
	for name, b := range kept {
		require.True(t, bytes.Contains(files, b), "the other seller's %s is not in the files: the search is blind", name)
	}
}
