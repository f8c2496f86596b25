package vault

import (
	"context"
	"errors"
	"fmt"
	"reflect"
)

// KeyStore keeps the per-tenant key material: the salt, the Argon2id
// parameters and the key-check value of each key generation
// ([TenantMeta]). None of it is a key: a key still needs the login and the
// password. But the salt is what [Vault.Erase] deletes to shred a tenant,
// so where it lives decides what an erase reaches.
//
// Keep the key store apart from the record store (a separate database or
// SQLite file, [Config.Keys]) and out of bulk backups, or back it up with a
// retention shorter than the time an erase must take effect in. Then a
// backup of the record store taken before an erase cannot be opened after
// it, even with the password: the salt it needs existed only in the key
// store. vault/sqlstore serves as a key store on its own file or database.
//
// The contract is that of the same methods of [Store] (every Store is a
// KeyStore): safe for concurrent use, each method one atomic step,
// ErrNotFound for a missing tenant except from DeleteTenant, and copies in
// both directions.
type KeyStore interface {
	CreateTenant(ctx context.Context, m TenantMeta) error
	Tenant(ctx context.Context, tenant string) (TenantMeta, error)
	UpdateTenant(ctx context.Context, m TenantMeta) error
	DeleteTenant(ctx context.Context, tenant string) error
}

var _ KeyStore = Store(nil)

// TenantEraser is an optional capability of a [Store] or a [KeyStore]:
// deleting everything the store holds of a tenant — key material, records
// and whatever else it keeps per tenant — in one transaction, and leaving
// none of it readable in the store's live files (vault/sqlstore overwrites
// what SQLite deletes and truncates its write-ahead log). Nothing to delete
// is not an error. [Vault.Erase] uses it on every store that has it.
type TenantEraser interface {
	EraseTenant(ctx context.Context, tenant string) error
}

// meta reads a tenant's key material from the key store. When the key
// store is separate and lacks the tenant, but the record store holds its
// metadata (a vault configured before it had a key store), the metadata is
// moved to the key store first: copied, then deleted from the record store.
func (v *Vault) meta(ctx context.Context, tenant string) (TenantMeta, error) {
	m, err := v.keys.Tenant(ctx, tenant)
	if v.sharedKeys || !errors.Is(err, ErrNotFound) {
		return m, err
	}
	m, err = v.store.Tenant(ctx, tenant)
	if err != nil {
		return m, err
	}
	if err := v.keys.CreateTenant(ctx, m); err != nil && !errors.Is(err, ErrExists) {
		return TenantMeta{}, fmt.Errorf("vault: move key material to the key store: %w", err)
	}
	if err := v.store.DeleteTenant(ctx, tenant); err != nil {
		return TenantMeta{}, fmt.Errorf("vault: move key material to the key store: %w", err)
	}
	return v.keys.Tenant(ctx, tenant)
}

// same reports whether the key store is the record store itself.
func same(k KeyStore, s Store) bool {
	t := reflect.TypeOf(k)
	return t == reflect.TypeOf(s) && t.Comparable() && k == KeyStore(s)
}
