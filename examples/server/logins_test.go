package main

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
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

// TestFinding4ErasedSellerUnlinkable: tenant ids are random, the login →
// tenant lookup is a keyed hash in the key store, and an erase deletes it:
// afterwards the old id, which the audit log still holds, leads back to no
// login, and enrolling the same login again gets a new id with none of the
// old history.
func TestFinding4ErasedSellerUnlinkable(t *testing.T) {
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
