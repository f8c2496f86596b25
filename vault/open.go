package vault

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"log/slog"
)

// maxName bounds tenant, kind and id lengths (they are length-prefixed
// with two bytes in the associated data, and are keys in a store).
const maxName = 255

// Open derives the tenant key from login and password and returns a session
// that holds the subkeys in memory until [Session.Close].
//
// A wrong login or password and an unknown tenant all give
// ErrWrongCredentials after the same work (an unknown tenant runs one
// dummy derivation at the configured parameters), so timing does not tell
// which tenants exist. Stored parameters outside [Floor, Ceiling] are
// refused with a *ParamsError before any derivation.
func (v *Vault) Open(ctx context.Context, tenant, login string, password []byte) (*Session, error) {
	s, err := v.open(ctx, tenant, login, password)
	switch {
	case err == nil:
		v.event(ctx, tenant, EventLogin, 0)
	case errors.Is(err, ErrChangeIncomplete):
		v.event(ctx, tenant, EventLogin, 0)
	default:
		v.event(ctx, tenant, EventLoginFailed, 0)
		v.log.LogAttrs(ctx, slog.LevelInfo, "vault: login refused",
			slog.String("tenant", tenant), slog.String("error", err.Error()))
	}
	return s, err
}

func (v *Vault) open(ctx context.Context, tenant, login string, password []byte) (*Session, error) {
	login = NormalizeLogin(login)
	if checkName(tenant) != nil {
		v.dummy(ctx, login, password)
		return nil, ErrWrongCredentials
	}
	meta, err := v.meta(ctx, tenant)
	if errors.Is(err, ErrNotFound) {
		v.dummy(ctx, login, password)
		return nil, ErrWrongCredentials
	}
	if err != nil {
		return nil, fmt.Errorf("vault: open: %w", err)
	}
	if err := v.checkMeta(meta); err != nil {
		return nil, err
	}
	ks, err := v.verify(ctx, tenant, login, password, meta.Current)
	if err == nil && meta.Pending != nil {
		ks.wipe()
		return nil, ErrChangeIncomplete
	}
	if errors.Is(err, ErrWrongCredentials) && meta.Pending != nil {
		if ks, err = v.verify(ctx, tenant, login, password, *meta.Pending); err == nil {
			ks.wipe()
			return nil, ErrChangeIncomplete
		}
	}
	if err != nil {
		return nil, err
	}
	return v.newSession(tenant, ks, meta.Current.Params)
}

// verify derives the key of one key state and compares its check value in
// constant time. On a mismatch it wipes the keys and returns
// ErrWrongCredentials.
func (v *Vault) verify(ctx context.Context, tenant, login string, password []byte, st KeyState) (*keySet, error) {
	ks, check, err := v.derive(ctx, tenant, login, password, st)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal(check, st.Check) {
		ks.wipe()
		return nil, ErrWrongCredentials
	}
	return ks, nil
}

// dummy spends the time and memory of one derivation and throws the result
// away.
func (v *Vault) dummy(ctx context.Context, login string, password []byte) {
	st := KeyState{Generation: 1, Salt: v.dummySalt, Params: v.params}
	if ks, _, err := v.derive(ctx, "", login, password, st); err == nil {
		ks.wipe()
	}
}

// checkMeta validates stored metadata before it drives any derivation.
func (v *Vault) checkMeta(m TenantMeta) error {
	states := []KeyState{m.Current}
	if m.Pending != nil {
		if m.Pending.Generation != m.Current.Generation+1 {
			return ErrTenantCorrupt
		}
		states = append(states, *m.Pending)
	}
	for _, st := range states {
		if len(st.Salt) != saltSize || len(st.Check) != checkSize || st.Generation == 0 {
			return ErrTenantCorrupt
		}
		if err := v.bounds.check(st.Params); err != nil {
			return err
		}
	}
	return nil
}

// checkName validates a tenant, kind or id.
func checkName(s string) error {
	if s == "" || len(s) > maxName {
		return ErrInvalidName
	}
	return nil
}

// checkPeriod accepts "" and "YYYY-MM" with a month from 01 to 12.
func checkPeriod(p string) error {
	if p == "" {
		return nil
	}
	if len(p) != 7 || p[4] != '-' {
		return ErrInvalidName
	}
	for i, c := range []byte(p) {
		if i != 4 && (c < '0' || c > '9') {
			return ErrInvalidName
		}
	}
	if m := (p[5]-'0')*10 + p[6] - '0'; m < 1 || m > 12 {
		return ErrInvalidName
	}
	return nil
}
