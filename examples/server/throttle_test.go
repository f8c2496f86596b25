package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// testClock is a settable clock for the throttle.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestStrikesBackOff: after its free strikes (3 here) a key waits Base,
// then twice as long after each further strike, never more than Max; an
// attempt during a wait is refused and not counted; a key left alone for
// Forget starts again.
func TestStrikesBackOff(t *testing.T) {
	clk := &testClock{t: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)}
	cfg := throttleConfig{Base: time.Second, Max: 8 * time.Second, Forget: time.Hour}.withDefaults(1)
	s := newStrikes(3, cfg)
	k := throttleKey{1}
	for i, want := range []time.Duration{0, 0, 1, 2, 4, 8, 8, 8} {
		if got := s.attempt(k, clk.Now()); got != 0 {
			t.Fatalf("attempt %d: refused (wait %v) although the last wait was over", i+1, got)
		}
		if got := s.wait(k, clk.Now()); got != want*time.Second {
			t.Errorf("after strike %d: wait %v, want %v", i+1, got, want*time.Second)
		}
		if want == 0 {
			continue
		}
		clk.Advance(want * time.Second / 2)
		if got := s.attempt(k, clk.Now()); got != want*time.Second/2 {
			t.Errorf("an attempt half-way through the wait: %v, want refused for the other half", got)
		}
		clk.Advance(want * time.Second / 2)
	}
	clk.Advance(time.Hour)
	s.strike(k, clk.Now())
	if got := s.wait(k, clk.Now()); got != 0 {
		t.Errorf("an hour later, one strike: wait %v, want none", got)
	}
}

// TestStrikesBoundedMemory: however many keys strike, a table holds at
// most Capacity of them, and keys still waiting out a back-off are kept.
func TestStrikesBoundedMemory(t *testing.T) {
	clk := &testClock{t: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)}
	cfg := throttleConfig{Capacity: 100, Base: time.Minute, Now: clk.Now}.withDefaults(1)
	s := newStrikes(2, cfg)
	waiting := throttleKey{0xff}
	for range 5 {
		s.strike(waiting, clk.Now())
	}
	for i := range 20_000 {
		clk.Advance(time.Millisecond)
		s.strike(throttleKey{byte(i), byte(i >> 8), byte(i >> 16)}, clk.Now())
		if n := s.size(); n > 100 {
			t.Fatalf("after %d keys the table holds %d", i+1, n)
		}
	}
	if s.wait(waiting, clk.Now()) == 0 {
		t.Error("the waiting key was evicted: its back-off is lifted")
	}
}

// fromAddr returns a browser whose connections leave from the loopback
// address local, so that the server sees another client.
func (e *env) fromAddr(t *testing.T, local string) *client {
	c := e.client(t)
	tr := c.hc.Transport.(*http.Transport).Clone()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
	tr.DialContext = d.DialContext
	c.hc.Transport = tr
	return c
}

// needLoopback8 skips a test that needs more than one loopback address.
func needLoopback8(t *testing.T) {
	c, err := net.ListenPacket("udp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("needs the whole 127.0.0.0/8 on loopback (Linux): %v", err)
	}
	c.Close()
}

// TestLoginThrottled: 34 wrong passwords, then
// the right one. Past five strikes a login waits (429, Retry-After, no
// key derived), from any client address, the right password included;
// once the wait is over the right password works and clears the count.
// A client address that fails on many logins is held back the same way.
func TestLoginThrottled(t *testing.T) {
	needLoopback8(t)
	clk := &testClock{t: time.Now()}
	e := newEnv(t, func(cfg *config) { cfg.Throttle.Now = clk.Now })
	e.seller(t, "victim")
	cr := testCreds("victim")
	wrong := map[string]string{"login": cr.Login, "password": "wrong-password-but-long"}
	statuses := map[int]int{}
	for i := range 34 {
		c := e.fromAddr(t, fmt.Sprintf("127.0.0.%d", 10+i%8)) // many clients, one login
		resp, _ := c.do("POST", "/api/login", "application/json", jsonBytes(wrong))
		statuses[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests {
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 {
				t.Errorf("429 with Retry-After %q", resp.Header.Get("Retry-After"))
			}
		}
	}
	if statuses[http.StatusUnauthorized] != 5 || statuses[http.StatusTooManyRequests] != 29 {
		t.Errorf("34 wrong passwords: %v, want 5 × 401 then 29 × 429", statuses)
	}
	before := e.events(vault.EventLoginFailed)
	c := e.client(t)
	if got := c.json("POST", "/api/login", cr.body(), nil); got != http.StatusTooManyRequests {
		t.Errorf("the right password straight after: %d, want 429", got)
	}
	if e.events(vault.EventLoginFailed) != before {
		t.Error("a throttled attempt derived a key")
	}
	clk.Advance(15 * time.Minute)
	if got := c.json("POST", "/api/login", cr.body(), nil); got != http.StatusOK {
		t.Errorf("the right password after the wait: %d, want 200", got)
	}
	c.json("POST", "/api/logout", nil, nil)
	if got := c.json("POST", "/api/login", wrong, nil); got != http.StatusUnauthorized {
		t.Errorf("a success clears the login's strikes: %d, want 401", got)
	}

	t.Run("one client, many logins", func(t *testing.T) {
		c := e.fromAddr(t, "127.0.0.99")
		statuses := map[int]int{}
		for i := range 24 {
			body := map[string]string{"login": fmt.Sprintf("guess%d@example.com", i), "password": "wrong-password-but-long"}
			statuses[c.json("POST", "/api/login", body, nil)]++
		}
		if statuses[http.StatusUnauthorized] != 20 || statuses[http.StatusTooManyRequests] != 4 {
			t.Errorf("24 logins tried from one client: %v, want 20 × 401 then 4 × 429", statuses)
		}
	})
}

// TestLoginQueueBounded floods the server with logins at the
// default Argon2id cost, one derivation at a time and two attempts in
// progress at most: the others are answered 503 with Retry-After at once
// instead of queuing.
func TestLoginQueueBounded(t *testing.T) {
	e := newEnv(t, func(cfg *config) {
		cfg.Params, cfg.MaxDerivations = vault.DefaultParams, 1
		cfg.Throttle.MaxQueue = 2
	})
	const flood = 8
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range flood {
		c := e.client(t)
		body := map[string]string{"login": fmt.Sprintf("flood%d@example.com", i), "password": "wrong-password-but-long"}
		wg.Go(func() {
			<-start
			resp, _ := c.do("POST", "/api/login", "application/json", jsonBytes(body))
			mu.Lock()
			defer mu.Unlock()
			statuses[resp.StatusCode]++
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
		})
	}
	close(start)
	wg.Wait()
	if statuses[http.StatusServiceUnavailable] == 0 || statuses[http.StatusUnauthorized] < 2 ||
		statuses[http.StatusServiceUnavailable]+statuses[http.StatusUnauthorized] != flood {
		t.Errorf("%d logins at once: %v, want at least 2 × 401 and the rest 503", flood, statuses)
	}
}

// TestEnrolAlike: enrolling a login that is taken answers what
// enrolling a free one does — the same status and body — in comparable
// time (one key derivation either way), so enrolment no longer tells
// which logins have accounts.
func TestEnrolAlike(t *testing.T) {
	e := newEnv(t, func(cfg *config) { cfg.Params = vault.DefaultParams })
	taken := testCreds("taken")
	e.seller(t, "taken")
	type answer struct {
		status int
		body   string
		took   time.Duration
	}
	enrol := func(cr creds) answer {
		c := e.client(t)
		start := time.Now()
		resp, b := c.do("POST", "/api/enroll", "application/json", jsonBytes(cr.body()))
		return answer{resp.StatusCode, string(b), time.Since(start)}
	}
	var free, takenTimes []time.Duration
	for i := range 3 {
		a := enrol(testCreds(fmt.Sprintf("free%d", i)))
		b := enrol(taken)
		if a.status != b.status || a.body != b.body || a.status != http.StatusCreated {
			t.Fatalf("free login: %d %s; taken login: %d %s; want the same 201", a.status, a.body, b.status, b.body)
		}
		free, takenTimes = append(free, a.took), append(takenTimes, b.took)
	}
	if f, k := median(free), median(takenTimes); k < f/2 {
		t.Errorf("enrolment took %v for a free login and %v for a taken one (medians of 3): the time tells them apart", f, k)
	}
	ctx := context.Background()
	if _, err := e.srv.sessions.Login(ctx, e.srv.tenantID(taken.Login), taken.Login, []byte(taken.Password)); err != nil {
		t.Errorf("the taken account no longer opens with its own password: %v", err)
	}
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}
