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
	// Store keeps tenant metadata and sealed records. Nil means a new
	// MemoryStore.
	Store Store
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
	params    Params
	policy    PasswordPolicy
	bounds    bounds
	sem       chan struct{}
	audit     AuditLog
	log       *slog.Logger
	now       func() time.Time
	dummySalt []byte

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
// and the key-check value. No key is stored. It fails with ErrExists if the
// tenant exists.
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
	if _, err := v.store.Tenant(ctx, tenant); err == nil {
		return ErrExists
	} else if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("vault: enrol: %w", err)
	}
	if err := v.noLeftovers(ctx, tenant); err != nil {
		return err
	}
	ks, state, err := v.newKey(ctx, tenant, login, password, 1, v.params)
	if err != nil {
		return err
	}
	ks.wipe()
	if err := v.store.CreateTenant(ctx, TenantMeta{Tenant: tenant, Current: state}); err != nil {
		return fmt.Errorf("vault: enrol: %w", err)
	}
	v.event(ctx, tenant, EventEnrol, 0)
	return nil
}

// noLeftovers refuses to enrol over records an interrupted erase left.
func (v *Vault) noLeftovers(ctx context.Context, tenant string) error {
	for _, err := range v.store.Records(ctx, Query{Tenant: tenant, Limit: 1}) {
		if err != nil {
			return fmt.Errorf("vault: enrol: %w", err)
		}
		return ErrEraseIncomplete
	}
	return nil
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
