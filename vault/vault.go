package vault

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures a [Vault]. The zero value is usable: a fresh
// MemoryStore, the default parameters, four concurrent derivations, no
// audit log and no logging.
type Config struct {
	// Store keeps the sealed records. Nil means a new MemoryStore.
	Store Store
	// Keys keeps the per-tenant key material (salt, parameters, key-check
	// value) that an erase deletes. Nil means Store, whose backups then
	// hold the salt: a backup taken before an erase still opens with the
	// password. Give a separate store, kept out of bulk backups, for erase
	// to reach backups too (see [KeyStore]).
	Keys KeyStore
	// Params are the Argon2id parameters of new keys (enrolment and
	// password change). The zero value means DefaultParams. New refuses
	// parameters outside [Floor, Ceiling].
	Params Params
	// MaxDerivations bounds how many Argon2id derivations run at once; the
	// others wait (or give up when their context ends). Each one holds
	// Params.MemoryKiB of memory, so at the defaults 4 ⇒ 256 MiB at most.
	// Zero means 4.
	MaxDerivations int
	// Audit receives one event per security-relevant action. Nil means
	// none.
	Audit AuditLog
	// Logger receives operational messages (never personal data, keys or
	// passwords). Nil means none.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Policy screens new passwords at enrolment and password change; the
	// zero value is the default policy with the embedded breached-password
	// list (see [PasswordPolicy]).
	Policy PasswordPolicy

	// bounds replaces [Floor, Ceiling]; only this package's tests set it
	// (export_test.go), so production code cannot lower the floor.
	bounds *bounds
}

// Vault derives tenant keys, opens sessions and runs the operations that
// need the whole tenant: password change and erase. It is safe for
// concurrent use.
//
// Keys exist only in the memory of open sessions: when the process stops,
// every seller must log in again. Behind a load balancer, a seller's
// requests must therefore reach the process that holds the session
// (sticky sessions); a process that did not open it cannot read the data.
type Vault struct {
	store     Store
	keys      KeyStore
	params    Params
	policy    PasswordPolicy
	bounds    bounds
	sem       chan struct{}
	audit     AuditLog
	log       *slog.Logger
	now       func() time.Time
	dummySalt []byte
	// sharedKeys is true when the key material is kept in the record store.
	sharedKeys bool

	// derivations counts Argon2id runs, and inflight/peak the concurrent
	// ones; tests read them to check the same work is done for unknown
	// tenants and that MaxDerivations holds.
	derivations, inflight, peak atomic.Int64

	mu       sync.Mutex
	sessions map[string]map[*Session]struct{} // live sessions per tenant
	busy     map[string]bool                  // tenants under change or erase
}

// New returns a Vault for cfg.
func New(cfg Config) (*Vault, error) {
	v := &Vault{
		store:    cfg.Store,
		params:   cfg.Params,
		policy:   cfg.Policy,
		bounds:   productionBounds(),
		audit:    cfg.Audit,
		log:      cfg.Logger,
		now:      cfg.Now,
		sessions: make(map[string]map[*Session]struct{}),
		busy:     make(map[string]bool),
	}
	if cfg.bounds != nil {
		v.bounds = *cfg.bounds
	}
	if v.store == nil {
		v.store = new(MemoryStore)
	}
	v.keys = cfg.Keys
	if v.keys == nil || same(v.keys, v.store) {
		v.keys, v.sharedKeys = v.store, true
	}
	if v.params == (Params{}) {
		v.params = defaultParams()
	}
	if err := v.bounds.check(v.params); err != nil {
		return nil, err
	}
	n := cfg.MaxDerivations
	if n <= 0 {
		n = 4
	}
	v.sem = make(chan struct{}, n)
	if v.log == nil {
		v.log = slog.New(slog.DiscardHandler)
	}
	if v.now == nil {
		v.now = time.Now
	}
	v.dummySalt = make([]byte, saltSize)
	rand.Read(v.dummySalt)
	return v, nil
}

// Enroll creates a tenant: it checks the password against the policy (see
// [CheckPassword]), draws a random salt and stores the salt, the parameters
// and the key-check value in the key store. No key is stored. It fails with
// ErrExists if the tenant exists.
//
// Records left under the tenant id by an erase that did not finish (the
// key material is gone, so nobody can open them) are deleted first: an
// interrupted erase never locks a login out.
//
// The tenant id is stored in clear and appears in the audit log: it must be
// an opaque identifier, not an e-mail address or a name.
func (v *Vault) Enroll(ctx context.Context, tenant, login string, password []byte) error {
	if err := checkName(tenant); err != nil {
		return err
	}
	login = NormalizeLogin(login)
	if err := v.policy.Check(password, login); err != nil {
		return err
	}
	if err := v.vacant(ctx, tenant); err != nil {
		return err
	}
	ks, state, err := v.newKey(ctx, tenant, login, password, 1, v.params)
	if err != nil {
		return err
	}
	ks.wipe()
	if err := v.keys.CreateTenant(ctx, TenantMeta{Tenant: tenant, Current: state}); err != nil {
		return fmt.Errorf("vault: enrol: %w", err)
	}
	v.event(ctx, tenant, EventEnrol, 0)
	return nil
}

// vacant checks that the tenant has no key material, and finishes an
// interrupted erase of it if records are left. It marks the tenant busy
// meanwhile, so that no session of it starts between the checks.
// A tenant busy with another enrolment, an erase or a password change is
// reported as existing.
func (v *Vault) vacant(ctx context.Context, tenant string) error {
	if err := v.begin(tenant); err != nil {
		return ErrExists
	}
	defer v.end(tenant)
	if _, err := v.meta(ctx, tenant); err == nil {
		return ErrExists
	} else if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("vault: enrol: %w", err)
	}
	left, err := v.hasRecords(ctx, tenant)
	if err != nil || !left {
		return err
	}
	v.log.LogAttrs(ctx, slog.LevelWarn, "vault: enrol finishes an interrupted erase of the tenant",
		slog.String("tenant", tenant))
	if err := v.eraseRecords(ctx, tenant); err != nil {
		return fmt.Errorf("vault: enrol: finish an interrupted erase: %w", err)
	}
	return nil
}

// hasRecords reports whether the record store holds any record of tenant.
func (v *Vault) hasRecords(ctx context.Context, tenant string) (bool, error) {
	for _, err := range v.store.Records(ctx, Query{Tenant: tenant, Limit: 1}) {
		if err != nil {
			return false, fmt.Errorf("vault: enrol: %w", err)
		}
		return true, nil
	}
	return false, nil
}

// newKey draws a salt and derives a key of the given generation.
func (v *Vault) newKey(ctx context.Context, tenant, login string, password []byte, gen uint32, p Params) (*keySet, KeyState, error) {
	salt := make([]byte, saltSize)
	rand.Read(salt)
	st := KeyState{Generation: gen, Salt: salt, Params: p}
	ks, check, err := v.derive(ctx, tenant, login, password, st)
	if err != nil {
		return nil, KeyState{}, err
	}
	st.Check = check
	return ks, st, nil
}

// derive runs the key derivation for one key state, holding a slot of the
// derivation semaphore. It returns the keys and the check value they give.
func (v *Vault) derive(ctx context.Context, tenant, login string, password []byte, st KeyState) (*keySet, []byte, error) {
	select {
	case v.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	v.derivations.Add(1)
	n := v.inflight.Add(1)
	for p := v.peak.Load(); n > p && !v.peak.CompareAndSwap(p, n); p = v.peak.Load() {
	}
	root := deriveRoot(password, st.Salt, login, st.Params)
	v.inflight.Add(-1)
	<-v.sem
	return expandKeys(root, tenant, st.Generation)
}

// event appends to the audit log, if any. A failing audit log does not undo
// the action; it is reported to the Logger.
func (v *Vault) event(ctx context.Context, tenant string, t EventType, count int64) {
	if v.audit == nil {
		return
	}
	err := v.audit.Append(ctx, Event{Time: v.now(), Tenant: tenant, Type: t, Count: count})
	if err != nil {
		v.log.LogAttrs(ctx, slog.LevelError, "vault: audit append failed",
			slog.String("event", string(t)), slog.String("error", err.Error()))
	}
}
