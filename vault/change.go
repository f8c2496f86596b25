package vault

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// maxPasses bounds the re-sealing passes of a password change: the first
// pass moves every record, the next ones catch records that another
// process wrote under the old key meanwhile, and must find none.
const maxPasses = 4

// ChangePassword re-derives the tenant key from newPassword with a new salt
// and re-seals every record under it. Because no data key is stored (the
// key is the login), this rewrites all records; it streams them and holds
// one at a time.
//
// It is crash-safe and resumable: the new key state is stored as Pending
// before any record is rewritten, each record carries the generation it is
// sealed under and is replaced in one store write, and the new key becomes
// Current only after a pass finds no record left under the old key. If it
// fails or the process stops mid-way, every record still opens with either
// the old or the new password, [Vault.Open] answers ErrChangeIncomplete,
// and calling ChangePassword again with the same passwords finishes it.
//
// Every session of the tenant in this process is closed once the old
// password is verified, before any record is rewritten. The new
// parameters are the vault's, raised to at least the tenant's current ones:
// the cost never goes down. Passing the same password twice only raises
// the cost (and renews the salt).
func (v *Vault) ChangePassword(ctx context.Context, tenant, login string, oldPassword, newPassword []byte) error {
	login = NormalizeLogin(login)
	if err := v.policy.Check(newPassword, login); err != nil {
		return err
	}
	if err := v.begin(tenant); err != nil {
		return err
	}
	defer v.end(tenant)
	n, err := v.changePassword(ctx, tenant, login, oldPassword, newPassword)
	if err != nil {
		if errors.Is(err, ErrWrongCredentials) {
			v.event(ctx, tenant, EventLoginFailed, 0)
		}
		return err
	}
	v.event(ctx, tenant, EventPasswordChanged, n)
	return nil
}

func (v *Vault) changePassword(ctx context.Context, tenant, login string, oldPw, newPw []byte) (int64, error) {
	meta, err := v.meta(ctx, tenant)
	if errors.Is(err, ErrNotFound) {
		v.dummy(ctx, login, oldPw)
		return 0, ErrWrongCredentials
	}
	if err != nil {
		return 0, fmt.Errorf("vault: change password: %w", err)
	}
	if err := v.checkMeta(meta); err != nil {
		return 0, err
	}
	oldKeys, err := v.verify(ctx, tenant, login, oldPw, meta.Current)
	if err != nil {
		return 0, err
	}
	defer oldKeys.wipe()
	// Only now, with the old password proven, end the tenant's sessions:
	// none may write under the old key while records move to the new one.
	v.closeTenant(tenant)
	newKeys, meta, err := v.pending(ctx, meta, login, newPw)
	if err != nil {
		return 0, err
	}
	defer newKeys.wipe()
	n, err := v.reseal(ctx, oldKeys, newKeys)
	if err != nil {
		return n, err
	}
	meta.Current, meta.Pending = *meta.Pending, nil
	if err := v.keys.UpdateTenant(ctx, meta); err != nil {
		return n, fmt.Errorf("vault: change password: %w", err)
	}
	return n, nil
}

// pending returns the keys of the new generation, storing its key state
// as Pending first, or, when a change is already pending, checks that the
// new password is the one it was started with.
func (v *Vault) pending(ctx context.Context, meta TenantMeta, login string, newPw []byte) (*keySet, TenantMeta, error) {
	if meta.Pending != nil {
		ks, err := v.verify(ctx, meta.Tenant, login, newPw, *meta.Pending)
		if errors.Is(err, ErrWrongCredentials) {
			return nil, meta, ErrChangeIncomplete
		}
		return ks, meta, err
	}
	p := v.params.atLeast(meta.Current.Params)
	ks, st, err := v.newKey(ctx, meta.Tenant, login, newPw, meta.Current.Generation+1, p)
	if err != nil {
		return nil, meta, err
	}
	meta.Pending = &st
	if err := v.keys.UpdateTenant(ctx, meta); err != nil {
		ks.wipe()
		return nil, meta, fmt.Errorf("vault: change password: %w", err)
	}
	meta.Revision++
	return ks, meta, nil
}

// reseal runs passes until one finds no record under the old key.
func (v *Vault) reseal(ctx context.Context, oldKeys, newKeys *keySet) (int64, error) {
	var total int64
	for range maxPasses {
		n, err := v.resealPass(ctx, oldKeys, newKeys)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
	return total, errors.New("vault: change password: records under the old key keep appearing; stop other writers and repeat")
}

// resealPass re-seals every record still under the old generation and
// returns how many it rewrote.
func (v *Vault) resealPass(ctx context.Context, oldKeys, newKeys *keySet) (int64, error) {
	var n, bad int64
	for r, err := range v.store.Records(ctx, Query{Tenant: oldKeys.tenant}) {
		if err != nil {
			return n, fmt.Errorf("vault: change password: %w", err)
		}
		gen, _ := sealedGeneration(r.Sealed)
		if gen == newKeys.gen {
			continue
		}
		value, content, err := oldKeys.open(r.Kind, r.ID, r.Period, r.Sealed)
		if err != nil {
			bad++ // unreadable under any key: nothing to carry over
			continue
		}
		if r.Index != nil || len(value) > 0 {
			r.Index = newKeys.token(r.Kind, value)
		}
		r.Sealed = newKeys.seal(r.Kind, r.ID, r.Period, value, content)
		wipe(value)
		wipe(content)
		if err := v.store.PutRecord(ctx, r); err != nil {
			return n, fmt.Errorf("vault: change password: %w", err)
		}
		n++
	}
	if bad > 0 {
		v.log.LogAttrs(ctx, slog.LevelWarn, "vault: records that cannot be opened were left as they are",
			slog.String("tenant", oldKeys.tenant), slog.Int64("count", bad))
	}
	return n, nil
}
