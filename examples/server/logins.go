package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"

	"github.com/vatkit/vatkit/vault"
)

// logins is the login → tenant lookup: a keyed hash of the login (under
// the server's tenant key) bound to a random tenant id, kept in the key
// store beside the sellers' key material. An erase deletes the binding
// with the key material (vault/sqlstore's EraseTenant), so the erased
// tenant id — still in the audit log and the request log — leads back to
// no login, and enrolling the same login again draws a new id.
type logins interface {
	// BindLogin binds lookup to tenant unless it is bound, and returns
	// the tenant it is bound to.
	BindLogin(ctx context.Context, lookup []byte, tenant string) (string, error)
	// LoginTenant returns the tenant lookup is bound to, or
	// vault.ErrNotFound.
	LoginTenant(ctx context.Context, lookup []byte) (string, error)
}

// loginsOf returns the login lookup of the key store, or of the record
// store when the key material is kept there.
func loginsOf(cfg config) (logins, error) {
	if l, ok := cfg.Keys.(logins); ok {
		return l, nil
	}
	if l, ok := cfg.Store.(logins); ok && cfg.Keys == nil {
		return l, nil
	}
	return nil, errors.New("server: the key store must keep the login lookup (vault/sqlstore does)")
}

// lookup is the keyed hash of a login the lookup is indexed by.
func (s *server) lookup(login string) []byte {
	m := hmac.New(sha256.New, s.cfg.TenantKey)
	m.Write([]byte("vatkit/examples/server/login-lookup\x00"))
	m.Write([]byte(vault.NormalizeLogin(login)))
	return m.Sum(nil)
}

// tenantOf returns the tenant id a login was enrolled under, or "" when
// it has none (the vault then refuses the login after the same work).
func (s *server) tenantOf(ctx context.Context, login string) (string, error) {
	t, err := s.logins.LoginTenant(ctx, s.lookup(login))
	if errors.Is(err, vault.ErrNotFound) {
		return "", nil
	}
	return t, err
}

// enrolTenant returns the tenant id to enrol a login under: the one it is
// bound to, or a new random id bound to it now. BindLogin does both, with
// the same statements whether the login is taken or free, so that this
// step of enrolment takes no longer for one than for the other.
func (s *server) enrolTenant(ctx context.Context, login string) (string, error) {
	return s.logins.BindLogin(ctx, s.lookup(login), "t"+newID())
}
