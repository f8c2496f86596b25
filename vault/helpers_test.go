package vault

import (
	"context"
	"testing"
)

const (
	testLogin    = "maria.rossi@example.it"
	testPassword = "plum-harbour-violin-42"
	newPassword  = "quiet lantern orbit 7"
)

// newTestVault returns a vault with tiny Argon2 parameters over store (a
// new MemoryStore if nil).
func newTestVault(t testing.TB, store Store) *Vault {
	t.Helper()
	v, err := New(testConfig(Config{Store: store}))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// enrolled returns a vault with tenant "t1" enrolled and a session on it.
func enrolled(t testing.TB, store Store) (*Vault, *Session) {
	t.Helper()
	v := newTestVault(t, store)
	ctx := context.Background()
	if err := v.Enroll(ctx, "t1", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	s, err := v.Open(ctx, "t1", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return v, s
}

// Tests run Argon2id with tiny parameters to stay fast. Only this file,
// compiled for this package's tests alone, can lower the floor: production
// code has no way to.
var testParams = Params{Version: 1, MemoryKiB: 64, Time: 1, Threads: 1}

// testConfig returns cfg with the floor lowered to Argon2id's minimum and,
// if cfg.Params is zero, tiny parameters.
func testConfig(cfg Config) Config {
	cfg.bounds = &bounds{lo: Params{Version: 1, MemoryKiB: 8, Time: 1, Threads: 1}, hi: Ceiling}
	if cfg.Params == (Params{}) {
		cfg.Params = testParams
	}
	return cfg
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}
