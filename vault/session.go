package vault

import (
	"context"
	"crypto/hmac"
	"errors"
	"iter"
	"sync"
)

// Session is one logged-in tenant: it holds the tenant's subkeys in memory
// and seals, opens and stores records. It is safe for concurrent use.
// Close wipes the keys; a password change or an erase of the tenant closes
// every session of the tenant first. A Session prints as "[redacted]".
type Session struct {
	redacted
	v      *Vault
	tenant string
	params Params

	mu   sync.RWMutex
	keys *keySet // nil once closed
}

// newSession registers a session, unless a password change or an erase of
// the tenant is running in this process.
func (v *Vault) newSession(tenant string, ks *keySet, p Params) (*Session, error) {
	s := &Session{v: v, tenant: tenant, params: p, keys: ks}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.busy[tenant] {
		ks.wipe()
		return nil, ErrBusy
	}
	m := v.sessions[tenant]
	if m == nil {
		m = make(map[*Session]struct{})
		v.sessions[tenant] = m
	}
	m[s] = struct{}{}
	return s, nil
}

// begin marks the tenant busy: no new session of it starts until end.
func (v *Vault) begin(tenant string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.busy[tenant] {
		return ErrBusy
	}
	v.busy[tenant] = true
	return nil
}

// end lifts the mark set by begin.
func (v *Vault) end(tenant string) {
	v.mu.Lock()
	delete(v.busy, tenant)
	v.mu.Unlock()
}

// closeTenant closes every live session of a tenant and reports how many.
func (v *Vault) closeTenant(tenant string) int {
	v.mu.Lock()
	m := v.sessions[tenant]
	delete(v.sessions, tenant)
	v.mu.Unlock()
	for s := range m {
		s.wipe()
	}
	return len(m)
}

// Tenant returns the tenant id of the session.
func (s *Session) Tenant() string { return s.tenant }

// Outdated reports whether the tenant's key was derived with parameters
// below the vault's current ones. Cost only rises at a password change;
// calling [Vault.ChangePassword] with the same password as old and new
// raises it.
func (s *Session) Outdated() bool {
	return s.params.atLeast(s.v.params) != s.params
}

// Close wipes the session's keys. Closing twice is harmless.
func (s *Session) Close() error {
	if !s.wipe() {
		return nil
	}
	s.v.unregister(s)
	s.v.event(context.Background(), s.tenant, EventLogout, 0)
	return nil
}

func (v *Vault) unregister(s *Session) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.sessions[s.tenant], s)
	if len(v.sessions[s.tenant]) == 0 {
		delete(v.sessions, s.tenant)
	}
}

// wipe clears the keys and reports whether they were still there.
func (s *Session) wipe() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil {
		return false
	}
	s.keys.wipe()
	s.keys = nil
	return true
}

// Seal encrypts content as the record (kind, id) of the given period
// ("YYYY-MM" or "") and returns it ready for [Session.Put]. The record has
// no blind index; see [Session.SealIndexed].
func (s *Session) Seal(kind, id, period string, content []byte) (Record, error) {
	return s.SealIndexed(kind, id, period, content, nil)
}

// SealIndexed is Seal with a blind index over value (e.g. the source's
// order id), so that [Session.Find] can later look the record up without
// decrypting anything else. The value is sealed with the content.
func (s *Session) SealIndexed(kind, id, period string, content, value []byte) (Record, error) {
	if err := checkRef(kind, id, period); err != nil {
		return Record{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return Record{}, ErrSessionClosed
	}
	r := Record{Tenant: s.tenant, Kind: kind, ID: id, Period: period}
	if value != nil {
		r.Index = s.keys.token(kind, value)
	}
	r.Sealed = s.keys.seal(kind, id, period, value, content)
	return r, nil
}

// Open authenticates and decrypts a record of this session's tenant. Every
// failure to open is ErrCannotOpen (or ErrSessionClosed).
func (s *Session) Open(r Record) ([]byte, error) {
	_, content, err := s.open(r)
	return content, err
}

func (s *Session) open(r Record) (value, content []byte, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return nil, nil, ErrSessionClosed
	}
	if r.Tenant != s.tenant {
		return nil, nil, ErrCannotOpen
	}
	value, content, err = s.keys.open(r.Kind, r.ID, r.Period, r.Sealed)
	if err != nil {
		return nil, nil, err
	}
	// The index is not under the tag; check it matches the sealed value.
	if (r.Index != nil || len(value) > 0) && !s.keys.tokenMatches(r.Index, r.Kind, value) {
		wipe(content)
		return nil, nil, ErrCannotOpen
	}
	return value, content, nil
}

// BlindIndex returns the blind-index token of value for records of kind.
func (s *Session) BlindIndex(kind string, value []byte) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return nil, ErrSessionClosed
	}
	return s.keys.token(kind, value), nil
}

// Put stores a sealed record of this session's tenant. It holds the
// session open while it writes, so that a password change, which closes
// the session first, never misses a record written under the old key.
func (s *Session) Put(ctx context.Context, r Record) error {
	if r.Tenant != s.tenant {
		return ErrWrongTenant
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return ErrSessionClosed
	}
	return s.v.store.PutRecord(ctx, r)
}

// Get loads and opens one record; ErrNotFound if there is none.
func (s *Session) Get(ctx context.Context, kind, id string) ([]byte, error) {
	if err := s.alive(); err != nil {
		return nil, err
	}
	r, err := s.v.store.Record(ctx, s.tenant, kind, id)
	if err != nil {
		return nil, err
	}
	return s.Open(r)
}

// Delete removes one record of the tenant.
func (s *Session) Delete(ctx context.Context, kind, id string) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return ErrSessionClosed
	}
	return s.v.store.DeleteRecord(ctx, s.tenant, kind, id)
}

// Records streams the tenant's sealed records that match q (q.Tenant is
// set to the session's tenant). Open each with [Session.Open].
func (s *Session) Records(ctx context.Context, q Query) iter.Seq2[Record, error] {
	if err := s.alive(); err != nil {
		return func(yield func(Record, error) bool) { yield(Record{}, err) }
	}
	q.Tenant = s.tenant
	return s.v.store.Records(ctx, q)
}

// Find returns the record of kind whose indexed value is value, and its
// content, or ErrNotFound. Candidates whose token matches by chance (the
// token is truncated) are opened and skipped.
func (s *Session) Find(ctx context.Context, kind string, value []byte) (Record, []byte, error) {
	tok, err := s.BlindIndex(kind, value)
	if err != nil {
		return Record{}, nil, err
	}
	for r, err := range s.Records(ctx, Query{Kind: kind, Index: tok}) {
		if err != nil {
			return Record{}, nil, err
		}
		v, content, err := s.open(r)
		if errors.Is(err, ErrCannotOpen) {
			continue // a damaged row is not the one sought; a lookup goes on
		}
		if err != nil {
			return Record{}, nil, err
		}
		if hmac.Equal(v, value) {
			return r, content, nil
		}
	}
	return Record{}, nil, ErrNotFound
}

func (s *Session) alive() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return ErrSessionClosed
	}
	return nil
}

func checkRef(kind, id, period string) error {
	if checkName(kind) != nil || checkName(id) != nil || checkPeriod(period) != nil {
		return ErrInvalidName
	}
	return nil
}
