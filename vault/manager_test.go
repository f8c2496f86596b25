package vault

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock for timeout tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newTestManager(t *testing.T, cfg ManagerConfig) (*Manager, *Vault, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)}
	cfg.Now = c.Now
	v := newTestVault(t, nil)
	if err := v.Enroll(t.Context(), "t1", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	m := NewManager(v, cfg)
	t.Cleanup(m.Close)
	return m, v, c
}

func login(t *testing.T, m *Manager) Token {
	t.Helper()
	tok, err := m.Login(t.Context(), "t1", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestManagerTimeouts(t *testing.T) {
	tests := []struct {
		name  string
		steps []time.Duration // uses of the session, each after this pause
		alive bool            // after the last step
	}{
		{"used within the idle timeout", []time.Duration{14 * time.Minute}, true},
		{"idle for 15 minutes", []time.Duration{15 * time.Minute}, false},
		{"kept busy for 7h50", repeat(47, 10*time.Minute), true},
		{"kept busy past 8 hours", repeat(48, 10*time.Minute), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, c := newTestManager(t, ManagerConfig{})
			tok := login(t, m)
			s, _ := m.Session(tok.Value())
			var err error
			for _, d := range tc.steps {
				c.Advance(d)
				_, err = m.Session(tok.Value())
			}
			if alive := err == nil; alive != tc.alive {
				t.Fatalf("alive = %v (err %v), want %v", alive, err, tc.alive)
			}
			if !tc.alive {
				if !errors.Is(err, ErrNoSession) {
					t.Fatalf("err = %v, want ErrNoSession", err)
				}
				if _, err := s.Seal("txn", "1", "", nil); !errors.Is(err, ErrSessionClosed) {
					t.Fatal("an expired session kept its keys")
				}
			}
		})
	}
}

func repeat(n int, d time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func TestManagerJanitorWipesExpired(t *testing.T) {
	m, _, c := newTestManager(t, ManagerConfig{SweepInterval: time.Millisecond})
	tok := login(t, m)
	s, _ := m.Session(tok.Value())
	c.Advance(16 * time.Minute)
	deadline := time.Now().Add(5 * time.Second)
	for m.Len() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the janitor did not remove the expired session")
		}
		time.Sleep(time.Millisecond)
	}
	if s.alive() == nil {
		t.Fatal("the janitor removed the session without wiping its keys")
	}
}

func TestManagerTokensAndLogout(t *testing.T) {
	m, _, _ := newTestManager(t, ManagerConfig{})
	seen := map[string]bool{}
	for range 20 {
		tok := login(t, m)
		if len(tok.Value()) != 26 || seen[tok.Value()] {
			t.Fatalf("token of %d characters or repeated", len(tok.Value()))
		}
		seen[tok.Value()] = true
	}
	tok := login(t, m)
	s, err := m.Session(tok.Value())
	if err != nil {
		t.Fatal(err)
	}
	m.Logout(tok.Value())
	if _, err := m.Session(tok.Value()); !errors.Is(err, ErrNoSession) {
		t.Fatalf("after logout: %v", err)
	}
	if s.alive() == nil {
		t.Fatal("logout left the keys")
	}
	if _, err := m.Session("not-a-token"); !errors.Is(err, ErrNoSession) {
		t.Fatalf("unknown token: %v", err)
	}
	if _, err := m.Login(t.Context(), "t1", testLogin, []byte("wrong password!!")); !errors.Is(err, ErrWrongCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestManagerChangePasswordAndErase(t *testing.T) {
	m, v, _ := newTestManager(t, ManagerConfig{})
	a, b := login(t, m), login(t, m)
	if err := m.ChangePassword(t.Context(), a.Value(), testLogin, []byte(testPassword), []byte(newPassword)); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []Token{a, b} {
		if _, err := m.Session(tok.Value()); !errors.Is(err, ErrNoSession) {
			t.Fatalf("a session survived the password change: %v", err)
		}
	}
	if m.Sweep() != 0 && m.Len() != 0 {
		t.Fatal("closed sessions are still held")
	}
	c, err := m.Login(t.Context(), "t1", testLogin, []byte(newPassword))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Erase(t.Context(), c.Value()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.store.Tenant(t.Context(), "t1"); !errors.Is(err, ErrNotFound) {
		t.Fatal("tenant left after erase")
	}
	if err := m.Erase(t.Context(), c.Value()); !errors.Is(err, ErrNoSession) {
		t.Fatalf("erase with an ended session: %v", err)
	}
}

// TestDerivationsAreBounded starts 24 logins at once against a vault that
// allows 2 concurrent derivations: all succeed, never more than 2 run.
func TestDerivationsAreBounded(t *testing.T) {
	v, err := New(testConfig(Config{MaxDerivations: 2, Params: Params{Version: 1, MemoryKiB: 2048, Time: 1, Threads: 1}}))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Enroll(t.Context(), "t1", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	m := NewManager(v, ManagerConfig{})
	defer m.Close()
	v.peak.Store(0)
	var wg sync.WaitGroup
	errs := make(chan error, 24)
	for i := range 24 {
		wg.Go(func() {
			pw := testPassword
			if i%3 == 0 {
				pw = fmt.Sprint("wrong ", i, " password")
			}
			_, err := m.Login(t.Context(), "t1", testLogin, []byte(pw))
			if i%3 != 0 && err != nil || i%3 == 0 && !errors.Is(err, ErrWrongCredentials) {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("login: %v", err)
	}
	if p := v.peak.Load(); p > 2 || p < 1 {
		t.Fatalf("peak concurrent derivations %d, want 1..2", p)
	}
	if m.Len() != 16 {
		t.Fatalf("%d sessions, want 16", m.Len())
	}
}

func TestDerivationWaitHonoursContext(t *testing.T) {
	v, err := New(testConfig(Config{MaxDerivations: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Enroll(t.Context(), "t1", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	v.sem <- struct{}{} // the only slot is taken
	ctx, cancel := contextWithCancel(t)
	cancel()
	if _, err := v.Open(ctx, "t1", testLogin, []byte(testPassword)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Open with a cancelled context while waiting: err = %v, want context.Canceled", err)
	}
	<-v.sem
}

// TestManagerEnrollSameWork: enrolling a tenant that exists costs one key
// derivation, as enrolling a new one does, and still says ErrExists; a
// refused password costs none.
func TestManagerEnrollSameWork(t *testing.T) {
	m, v, _ := newTestManager(t, ManagerConfig{})
	tests := []struct {
		name, tenant, password string
		wantErr                error // nil: none, unless policy
		policy                 bool  // want a *PolicyError
		wantDerivations        int64
	}{
		{"new tenant", "t2", testPassword, nil, false, 1},
		{"tenant that exists", "t1", testPassword, ErrExists, false, 1},
		{"tenant that exists, other password", "t1", newPassword, ErrExists, false, 1},
		{"refused password", "t3", "short", nil, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := v.derivations.Load()
			err := m.Enroll(t.Context(), tt.tenant, testLogin, []byte(tt.password))
			var pe *PolicyError
			if tt.policy != errors.As(err, &pe) || !tt.policy && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v (policy error: %v)", err, tt.wantErr, tt.policy)
			}
			if got := v.derivations.Load() - n; got != tt.wantDerivations {
				t.Errorf("%d derivations, want %d", got, tt.wantDerivations)
			}
		})
	}
}
