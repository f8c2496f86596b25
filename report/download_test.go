package report_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vault"
)

// shared is one real vault session at the lowest accepted cost, opened
// once for the package's tests: each Argon2id derivation costs seconds
// under the race detector.
var shared struct {
	once  sync.Once
	sess  *vault.Session
	audit *vault.MemoryAudit
	err   error
}

func session(t testing.TB) (*vault.Session, *vault.MemoryAudit) {
	t.Helper()
	shared.once.Do(func() {
		ctx := context.Background()
		shared.audit = &vault.MemoryAudit{}
		v, err := vault.New(vault.Config{Store: &vault.MemoryStore{}, Params: vault.Floor, Audit: shared.audit})
		if err != nil {
			shared.err = err
			return
		}
		pw := []byte("a long enough test passphrase 7")
		if shared.err = v.Enroll(ctx, "t-1", "seller", pw); shared.err == nil {
			shared.sess, shared.err = v.Open(ctx, "t-1", "seller", pw)
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.sess, shared.audit
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func TestDownloadOnce(t *testing.T) {
	ctx := context.Background()
	s, audit := session(t)
	c := &clock{now: day("2026-10-01")}
	d := report.Downloads{Vault: s, TTL: time.Hour, Audit: audit, Now: c.Now}
	body := []byte(`{"scheme":"union"}`)
	id, err := d.Save(ctx, "oss-2026-Q3.json", "application/json", body, 3)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Take(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Content, body) || got.Name != "oss-2026-Q3.json" || got.ContentType != "application/json" ||
		!got.Expires.Equal(c.now.Add(time.Hour)) {
		t.Errorf("download = %+v", got)
	}
	for _, tc := range []struct{ name, id string }{{"second download", id}, {"unknown id", "00"}} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := d.Take(ctx, tc.id); !errors.Is(err, report.ErrGone) {
				t.Errorf("err = %v, want ErrGone", err)
			}
		})
	}
	var types []vault.EventType
	for _, e := range audit.Entries() {
		types = append(types, e.Type)
	}
	if len(types) < 2 || types[len(types)-2] != vault.EventReportBuilt || types[len(types)-1] != vault.EventReportDownloaded {
		t.Errorf("audit events = %v", types)
	}
}

// A report never downloaded expires: Take refuses it and deletes it, and
// Sweep deletes the expired ones and keeps the others.
func TestDownloadExpiry(t *testing.T) {
	ctx := context.Background()
	c := &clock{now: day("2026-10-01")}
	s, _ := session(t)
	d := report.Downloads{Vault: s, TTL: time.Hour, Now: c.Now, Kind: "expiry-test"}
	old, _ := d.Save(ctx, "a", "text/csv", []byte("a"), 1)
	old2, _ := d.Save(ctx, "b", "text/csv", []byte("b"), 1)
	c.now = c.now.Add(50 * time.Minute)
	fresh, _ := d.Save(ctx, "c", "text/csv", []byte("c"), 1)
	c.now = c.now.Add(10 * time.Minute)
	if _, err := d.Take(ctx, old); !errors.Is(err, report.ErrGone) {
		t.Fatalf("expired report: err = %v", err)
	}
	if _, err := s.Get(ctx, "expiry-test", old); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the expired report is still stored: %v", err)
	}
	n, err := d.Sweep(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Sweep = %d, %v; want 1", n, err)
	}
	if _, err := s.Get(ctx, "expiry-test", old2); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("Sweep kept an expired report: %v", err)
	}
	if _, err := d.Take(ctx, fresh); err != nil {
		t.Errorf("Sweep removed a live report: %v", err)
	}
}

// Racing downloads of one report: exactly one gets it.
func TestDownloadRace(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	d := report.Downloads{Vault: s}
	id, err := d.Save(ctx, "r", "text/plain", []byte("once"), 1)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, gone := 0, 0
	for range 8 {
		wg.Go(func() {
			_, err := d.Take(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, report.ErrGone):
				gone++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if wins != 1 || gone != 7 {
		t.Errorf("wins %d, gone %d", wins, gone)
	}
}

// keeping is a real session that remembers every plaintext it hands out,
// so that a test can look at that memory after the caller is done.
type keeping struct {
	report.Sealer
	mu     sync.Mutex
	opened [][]byte
	// afterGet, when set, runs after each Get: another download racing.
	afterGet func()
}

func (k *keeping) keep(b []byte, err error) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.opened = append(k.opened, b)
	return b, err
}

func (k *keeping) Get(ctx context.Context, kind, id string) ([]byte, error) {
	b, err := k.keep(k.Sealer.Get(ctx, kind, id))
	if k.afterGet != nil {
		k.afterGet()
	}
	return b, err
}

func (k *keeping) Open(r vault.Record) ([]byte, error) { return k.keep(k.Sealer.Open(r)) }

// wiped reports whether every plaintext handed out is zeros now.
func (k *keeping) wiped() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, b := range k.opened {
		if bytes.ContainsFunc(b, func(r rune) bool { return r != 0 }) {
			return false
		}
	}
	return len(k.opened) > 0
}

// TestFinding9TakeWipesPlaintext: the report Take opens exists once in
// memory: the caller's clear of Content wipes it, and when Take fails
// (expired, taken by a racing download, malformed) Take wipes it itself.
func TestFinding9TakeWipesPlaintext(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	body := []byte(`{"lines":[{"country":"FR","vat_amount":"200.00"}]}`)
	tests := []struct {
		name    string
		advance time.Duration
		race    bool
		wantErr error
	}{
		{"downloaded, then cleared by the caller", 0, false, nil},
		{"expired", 2 * time.Hour, false, report.ErrGone},
		{"taken first by a racing download", 0, true, report.ErrGone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &keeping{Sealer: s}
			c := &clock{now: day("2026-10-01")}
			d := report.Downloads{Vault: k, TTL: time.Hour, Now: c.Now, Kind: "wipe-test"}
			id, err := d.Save(ctx, "oss.json", "application/json", body, 1)
			if err != nil {
				t.Fatal(err)
			}
			if tt.race {
				k.afterGet = func() { s.Delete(ctx, "wipe-test", id) }
			}
			c.now = c.now.Add(tt.advance)
			dl, err := d.Take(ctx, id)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Take: %v, want %v", err, tt.wantErr)
			}
			if err == nil {
				if !bytes.Equal(dl.Content, body) {
					t.Fatalf("content %q", dl.Content)
				}
				clear(dl.Content)
			}
			if !k.wiped() {
				t.Error("the opened report is still in memory")
			}
		})
	}
	t.Run("malformed", func(t *testing.T) {
		k := &keeping{Sealer: s}
		rec, err := s.Seal("wipe-test", "bad", "", []byte("\x09 not a stored download"))
		if err != nil || s.Put(ctx, rec) != nil {
			t.Fatal(err)
		}
		d := report.Downloads{Vault: k, Kind: "wipe-test"}
		if _, err := d.Take(ctx, "bad"); err == nil || errors.Is(err, report.ErrGone) {
			t.Fatalf("Take of a malformed download: %v", err)
		}
		if !k.wiped() {
			t.Error("the opened bytes are still in memory")
		}
	})
}
