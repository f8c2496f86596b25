package vault

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"sync"
	"time"
)

// ManagerConfig configures a [Manager]. The zero value gives the defaults.
type ManagerConfig struct {
	// IdleTimeout ends a session not used for this long; 0 means 15
	// minutes (OWASP Session Management Cheat Sheet, low-risk range).
	IdleTimeout time.Duration
	// MaxLifetime ends a session this long after login whatever its use;
	// 0 means 8 hours.
	MaxLifetime time.Duration
	// SweepInterval is how often the janitor wipes expired sessions; 0
	// means one minute. Expiry is also checked on every lookup.
	SweepInterval time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Token is a session token: 26 characters of crypto/rand base32 (130
// bits). It prints as "[redacted]"; [Token.Value] gives the string to put
// in a cookie. Treat it as a secret.
type Token struct {
	redacted
	value string
}

// Value returns the token's text.
func (t Token) Value() string { return t.value }

// Manager keeps the sessions of a server by token, with an idle timeout,
// an absolute lifetime and a janitor that wipes expired keys. It is safe
// for concurrent use. Derivations are bounded by the Vault's
// MaxDerivations, so a burst of logins waits instead of exhausting memory.
//
// Sessions live in this process only: a restart logs every seller out, and
// several processes behind a load balancer need sticky sessions.
type Manager struct {
	v   *Vault
	cfg ManagerConfig

	mu   sync.Mutex
	live map[[sha256.Size]byte]*managed // by SHA-256 of the token
	stop chan struct{}
	done chan struct{}
}

type managed struct {
	s              *Session
	created, using time.Time
}

// NewManager returns a Manager over v and starts its janitor; call
// [Manager.Close] to stop it.
func NewManager(v *Vault, cfg ManagerConfig) *Manager {
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 15 * time.Minute
	}
	if cfg.MaxLifetime <= 0 {
		cfg.MaxLifetime = 8 * time.Hour
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	m := &Manager{v: v, cfg: cfg, live: make(map[[sha256.Size]byte]*managed),
		stop: make(chan struct{}), done: make(chan struct{})}
	go m.janitor()
	return m
}

func (m *Manager) janitor() {
	defer close(m.done)
	t := time.NewTicker(m.cfg.SweepInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.Sweep()
		case <-m.stop:
			return
		}
	}
}

// Login opens a session (see [Vault.Open]) and returns its token.
func (m *Manager) Login(ctx context.Context, tenant, login string, password []byte) (Token, error) {
	s, err := m.v.Open(ctx, tenant, login, password)
	if err != nil {
		return Token{}, err
	}
	t := Token{value: rand.Text()}
	now := m.cfg.Now()
	m.mu.Lock()
	m.live[sha256.Sum256([]byte(t.value))] = &managed{s: s, created: now, using: now}
	m.mu.Unlock()
	return t, nil
}

// Enroll enrols a tenant (see [Vault.Enroll]) in the time an enrolment
// takes whether or not the tenant exists: when Vault.Enroll refuses with
// ErrExists, which it finds out before deriving any key, Enroll spends one derivation at the configured parameters before
// returning that error, as [Vault.Open] does for an unknown tenant. A
// server that answers that error as it answers a new account then tells
// nobody, by its answer or its timing, whether a login is taken. A
// refused password costs no derivation either way.
func (m *Manager) Enroll(ctx context.Context, tenant, login string, password []byte) error {
	err := m.v.Enroll(ctx, tenant, login, password)
	if errors.Is(err, ErrExists) {
		m.v.dummy(ctx, NormalizeLogin(login), password)
	}
	return err
}

// Session returns the live session of a token and marks it used, or
// ErrNoSession for an unknown, logged-out, closed or expired one.
func (m *Manager) Session(token string) (*Session, error) {
	key := sha256.Sum256([]byte(token))
	now := m.cfg.Now()
	m.mu.Lock()
	e, ok := m.live[key]
	if ok && m.expired(e, now) {
		delete(m.live, key)
		m.mu.Unlock()
		m.expire(e)
		return nil, ErrNoSession
	}
	if ok {
		e.using = now
	}
	m.mu.Unlock()
	if !ok || e.s.alive() != nil {
		return nil, ErrNoSession
	}
	return e.s, nil
}

// Logout ends a session and wipes its keys. Unknown tokens are ignored.
func (m *Manager) Logout(token string) {
	key := sha256.Sum256([]byte(token))
	m.mu.Lock()
	e, ok := m.live[key]
	delete(m.live, key)
	m.mu.Unlock()
	if ok {
		e.s.Close()
	}
}

// ChangePassword changes the password of the token's tenant (see
// [Vault.ChangePassword]); every session of the tenant ends, this one
// included, and the seller logs in again with the new password.
func (m *Manager) ChangePassword(ctx context.Context, token, login string, oldPassword, newPassword []byte) error {
	s, err := m.Session(token)
	if err != nil {
		return err
	}
	return m.v.ChangePassword(ctx, s.Tenant(), login, oldPassword, newPassword)
}

// Erase erases the token's tenant (see [Vault.Erase]).
func (m *Manager) Erase(ctx context.Context, token string) error {
	s, err := m.Session(token)
	if err != nil {
		return err
	}
	return m.v.Erase(ctx, s.Tenant())
}

// Sweep wipes every expired or closed session now and returns how many
// it removed. The janitor calls it every SweepInterval.
func (m *Manager) Sweep() int {
	now := m.cfg.Now()
	var gone []*managed
	m.mu.Lock()
	for k, e := range m.live {
		if m.expired(e, now) || e.s.alive() != nil {
			delete(m.live, k)
			gone = append(gone, e)
		}
	}
	m.mu.Unlock()
	for _, e := range gone {
		m.expire(e)
	}
	return len(gone)
}

// Close stops the janitor and wipes every session.
func (m *Manager) Close() {
	select {
	case <-m.stop:
		return
	default:
		close(m.stop)
	}
	<-m.done
	m.mu.Lock()
	live := m.live
	m.live = make(map[[sha256.Size]byte]*managed)
	m.mu.Unlock()
	for _, e := range live {
		e.s.Close()
	}
}

// Len returns the number of sessions held.
func (m *Manager) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.live)
}

func (m *Manager) expired(e *managed, now time.Time) bool {
	return now.Sub(e.using) >= m.cfg.IdleTimeout || now.Sub(e.created) >= m.cfg.MaxLifetime
}

// expire wipes a session that timed out and records it.
func (m *Manager) expire(e *managed) {
	if e.s.wipe() {
		m.v.unregister(e.s)
		m.v.event(context.Background(), e.s.tenant, EventSessionExpired, 0)
	}
}
