package main

import (
	"cmp"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// throttleConfig bounds guessing at enrol and login. The zero value gives
// the defaults noted.
//
// Every login and every client address (an IPv4 address, or an IPv6 /64:
// see clientOf) has a count of strikes. A login gets a strike for each
// attempt to log in or enrol with it, cleared when a login with it
// succeeds; a client gets one for each failed login and each enrolment it
// asks for. After its free strikes, a key must wait Base before its next
// attempt, twice as long after each further strike, up to Max: the
// exponential back-off NIST SP 800-63B §5.2.2 names to limit failed
// attempts on an account. An attempt that comes too soon is answered 429
// with Retry-After and does no work. A key left alone for Forget is
// forgotten.
//
// The trade-off: a login's count is kept whatever the address, so that
// guessing one account's password from many addresses is as slow as from
// one; the price is that whoever knows a login can keep its owner waiting,
// up to Max at a time, by failing on purpose now and then. Max bounds each
// wait, so the account is never locked for good, and the client count
// holds back an attacker's own address first.
type throttleConfig struct {
	LoginFree  int           // attempts a login has before it waits; zero: 5
	ClientFree int           // failures and enrolments a client address has; zero: 20
	Base       time.Duration // first wait; zero: 1 s
	Max        time.Duration // longest wait; zero: 15 minutes
	Forget     time.Duration // a key idle this long starts again; zero: 1 hour
	// Capacity bounds the keys remembered per kind (logins, clients), so
	// that memory stays bounded whatever the number of keys an attacker
	// tries: past it, a key that is not waiting is forgotten first, the
	// one seen longest ago among a sample. Zero: 10,000 (about 1 MiB each).
	Capacity int
	// MaxQueue bounds the logins and enrolments in progress, running or
	// waiting for a key derivation; one more is answered 503 with
	// Retry-After instead of queuing. Zero: four per concurrent
	// derivation.
	MaxQueue int
	Now      func() time.Time // nil: time.Now
}

func (c throttleConfig) withDefaults(maxDerivations int) throttleConfig {
	c.LoginFree = cmp.Or(c.LoginFree, 5)
	c.ClientFree = cmp.Or(c.ClientFree, 20)
	c.Base = cmp.Or(c.Base, time.Second)
	c.Max = cmp.Or(c.Max, 15*time.Minute)
	c.Forget = cmp.Or(c.Forget, time.Hour)
	c.Capacity = cmp.Or(c.Capacity, 10_000)
	c.MaxQueue = cmp.Or(c.MaxQueue, 4*maxDerivations)
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// throttle holds the strikes of logins and client addresses. Both are
// kept only as HMACs under a key made at start, so that its memory holds
// no login in clear. It is safe for concurrent use.
type throttle struct {
	key             []byte
	logins, clients *strikes
	queue           chan struct{} // one token per login or enrolment in progress
	avg             atomic.Int64  // moving average of an attempt's duration, ns
	now             func() time.Time
}

// throttleKey is the HMAC of a login or an address, truncated: 128 bits
// keep collisions out of reach for any number of keys that fits memory.
type throttleKey [16]byte

func newThrottle(c throttleConfig, maxDerivations int) *throttle {
	c = c.withDefaults(maxDerivations)
	t := &throttle{key: make([]byte, 32), now: c.Now, queue: make(chan struct{}, c.MaxQueue),
		logins:  newStrikes(c.LoginFree, c),
		clients: newStrikes(c.ClientFree, c)}
	rand.Read(t.key)
	return t
}

func (t *throttle) hash(kind byte, s string) throttleKey {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte{kind})
	m.Write([]byte(s))
	var k throttleKey
	copy(k[:], m.Sum(nil))
	return k
}

// loginKey takes a normalised login (vault.NormalizeLogin).
func (t *throttle) loginKey(login string) throttleKey { return t.hash('l', login) }

func (t *throttle) clientKey(client netip.Prefix) throttleKey {
	return t.hash('c', client.String())
}

// admit takes a place in the queue of logins and enrolments, or reports
// that it is full. Call release when the attempt is over.
func (t *throttle) admit() (release func(), ok bool) {
	select {
	case t.queue <- struct{}{}:
		return func() { <-t.queue }, true
	default:
		return nil, false
	}
}

// took folds one attempt's duration into a moving average (weight 1/8).
func (t *throttle) took(d time.Duration) {
	for {
		old := t.avg.Load()
		if t.avg.CompareAndSwap(old, old+(int64(d)-old)/8) {
			return
		}
	}
}

// drain is what a client refused by a full queue should wait: the
// average time an admitted attempt spent in the queue and deriving, which
// (with the queue as full as now) is when the last one in will be done
// and its place free.
func (t *throttle) drain() time.Duration { return time.Duration(t.avg.Load()) }

// strikes is one kind of key's table, bounded by capacity.
type strikes struct {
	free              int
	base, max, forget time.Duration
	capacity          int
	mu                sync.Mutex
	byKey             map[throttleKey]*record
}

// record is one key's strikes: n of them, the last at last; the key must
// wait until until before its next attempt.
type record struct {
	n           int
	last, until time.Time
}

func newStrikes(free int, c throttleConfig) *strikes {
	return &strikes{free: free, base: c.Base, max: c.Max, forget: c.Forget, capacity: c.Capacity,
		byKey: make(map[throttleKey]*record)}
}

// wait is how long k must still wait before its next attempt.
func (s *strikes) wait(k throttleKey, now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waitLocked(k, now)
}

func (s *strikes) waitLocked(k throttleKey, now time.Time) time.Duration {
	if r := s.live(k, now); r != nil && r.until.After(now) {
		return r.until.Sub(now)
	}
	return 0
}

// attempt is one attempt by k: it returns how long k must still wait, or
// zero after counting a strike against it, at once, so that concurrent
// attempts cannot all pass before the first is counted.
func (s *strikes) attempt(k throttleKey, now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.waitLocked(k, now); d > 0 {
		return d
	}
	s.strikeLocked(k, now)
	return 0
}

// strike counts one strike against k and sets its wait.
func (s *strikes) strike(k throttleKey, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.strikeLocked(k, now)
}

func (s *strikes) strikeLocked(k throttleKey, now time.Time) {
	r := s.live(k, now)
	if r == nil {
		if len(s.byKey) >= s.capacity {
			s.evict(now)
		}
		r = new(record)
		s.byKey[k] = r
	}
	r.n++
	r.last = now
	if over := r.n - s.free + 1; over > 0 {
		r.until = now.Add(s.backoff(over))
	}
}

// backoff is base·2^(over-1), capped at max.
func (s *strikes) backoff(over int) time.Duration {
	d := s.base
	for i := 1; i < over && d < s.max; i++ {
		d *= 2
	}
	return min(d, s.max)
}

// clear forgets k: its login succeeded.
func (s *strikes) clear(k throttleKey) {
	s.mu.Lock()
	delete(s.byKey, k)
	s.mu.Unlock()
}

// live returns k's record, forgetting it first if it has been idle for
// longer than forget and has nothing left to wait.
func (s *strikes) live(k throttleKey, now time.Time) *record {
	r := s.byKey[k]
	if r != nil && s.stale(r, now) {
		delete(s.byKey, k)
		return nil
	}
	return r
}

func (s *strikes) stale(r *record, now time.Time) bool {
	return now.Sub(r.last) >= s.forget && !r.until.After(now)
}

// evictSample is how many records evict looks at: enough that, unless
// nearly every key is waiting, one that is not is found.
const evictSample = 32

// evict makes room for one key: it drops a stale record if the sample
// holds one, else the one seen longest ago, preferring keys that are not
// waiting (forgetting a waiting key would lift its back-off). Map
// iteration order is random in Go, so the sample is too.
func (s *strikes) evict(now time.Time) {
	var victim throttleKey
	var best *record
	seen := 0
	for k, r := range s.byKey {
		if s.stale(r, now) {
			delete(s.byKey, k)
			return
		}
		if best == nil || dropFirst(r, best, now) {
			victim, best = k, r
		}
		if seen++; seen == evictSample {
			break
		}
	}
	delete(s.byKey, victim)
}

// dropFirst reports whether a is a better record to drop than b: not
// waiting before waiting, then the one seen longest ago.
func dropFirst(a, b *record, now time.Time) bool {
	aw, bw := a.until.After(now), b.until.After(now)
	if aw != bw {
		return bw
	}
	return a.last.Before(b.last)
}

func (s *strikes) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byKey)
}
