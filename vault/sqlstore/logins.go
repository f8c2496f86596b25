package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/vatkit/vatkit/vault"
)

// The login lookup maps a keyed hash of a login (computed by the host: the
// store never sees a login) to the tenant id the login was enrolled under.
// It belongs in the key store: EraseTenant deletes the tenant's rows with
// its key material, after which the tenant id leads back to no login.

// BindLogin records that lookup belongs to tenant, unless lookup is bound
// already, and returns the tenant lookup is bound to: tenant, or the one
// bound before (a concurrent enrolment of the same login won).
func (s *Store) BindLogin(ctx context.Context, lookup []byte, tenant string) (string, error) {
	if len(lookup) == 0 || len(lookup) > 64 || tenant == "" {
		return "", errors.New("sqlstore: bind login: a lookup of 1 to 64 bytes and a tenant are required")
	}
	const cols = ` INTO vatkit_logins (lookup, tenant, created_at) VALUES (?, ?, ?)`
	q := `INSERT` + cols + ` ON CONFLICT (lookup) DO NOTHING`
	if s.dialect.Dialect == MySQL {
		q = `INSERT IGNORE` + cols
	}
	if _, err := s.execSQL(ctx, s.query(s.dialect.rebind(q)), lookup, tenant, now()); err != nil {
		return "", wrap("bind login", err)
	}
	return s.LoginTenant(ctx, lookup)
}

// LoginTenant returns the tenant lookup is bound to, or vault.ErrNotFound.
func (s *Store) LoginTenant(ctx context.Context, lookup []byte) (string, error) {
	var tenant string
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT tenant FROM vatkit_logins WHERE lookup = ?`), lookup).Scan(&tenant)
	if errors.Is(err, sql.ErrNoRows) {
		return "", vault.ErrNotFound
	}
	return tenant, wrap("look up login", err)
}
