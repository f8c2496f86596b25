package vies

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"

	"github.com/vatkit/vatkit/vat"
)

// Defaults for the Client's zero fields.
const (
	DefaultTimeout    = 10 * time.Second
	DefaultValidTTL   = 24 * time.Hour
	DefaultInvalidTTL = time.Hour
	DefaultPerCountry = 4
	DefaultRate       = rate.Limit(25)
	DefaultMaxRetries = 2
	DefaultRetryBase  = 500 * time.Millisecond
	DefaultCacheSize  = 4096
)

// Client checks VAT numbers with VIES. The zero value is ready to use: SOAP
// to the production endpoint, TLS 1.2 or later, a 10 s timeout per attempt,
// two retries of transient faults, an in-memory cache, at most 4 calls at a
// time per member state and 25 calls per second overall.
//
// A Client is safe for concurrent use. Set its fields before the first
// check and do not change or copy it afterwards.
type Client struct {
	// Transport selects SOAP (the zero value) or REST.
	Transport Transport
	// SOAPEndpoint and RESTEndpoint override the production addresses
	// (DefaultSOAPEndpoint, DefaultRESTEndpoint), e.g. with a
	// viestest.Server's. Status always uses RESTEndpoint.
	SOAPEndpoint, RESTEndpoint string
	// HTTPClient sends the requests. Nil means a client of this package
	// with keep-alive, TLS 1.2 or later and dial and handshake timeouts. A
	// caller's client is used as given; its TLS settings are its own.
	HTTPClient *http.Client
	// Timeout bounds each attempt, reading the answer included; it is
	// enforced through the request's context, so it bites whatever the
	// HTTPClient. Zero means DefaultTimeout.
	Timeout time.Duration
	// Requester is the checking business's own VAT number. When set, checks
	// use checkVatApprox with it (and nothing else added), and VIES returns
	// a consultation number as evidence.
	Requester vat.Number

	// Cache keeps answers between checks; nil means an in-memory LRU of
	// DefaultCacheSize answers. Failures are never cached.
	Cache Cache
	// ValidTTL and InvalidTTL are how long a valid and an invalid answer are
	// served from the cache. Zero means DefaultValidTTL and
	// DefaultInvalidTTL; a negative value turns caching of that kind off.
	ValidTTL, InvalidTTL time.Duration
	// MaxStale, when positive, lets a check that VIES cannot answer (an
	// outage or rate limit) return a cached answer up to MaxStale past its
	// TTL, marked Stale. Zero never serves stale answers.
	MaxStale time.Duration

	// PerCountry caps concurrent calls per member state: VIES throttles per
	// state, Germany most of all. Zero means DefaultPerCountry.
	PerCountry int
	// Rate caps calls per second overall. Zero means DefaultRate; rate.Inf
	// turns the cap off.
	Rate rate.Limit
	// MaxRetries is how many times a transient fault is retried within one
	// check, with jittered exponential backoff from RetryBase, and never
	// past the context's deadline. Zero means DefaultMaxRetries; negative
	// means none. Zero RetryBase means DefaultRetryBase.
	MaxRetries int
	RetryBase  time.Duration

	once sync.Once
	st   *clientState
	now  func() time.Time // tests set it to move the clock
}

// clientState is what the Client builds on first use.
type clientState struct {
	hc       *http.Client
	wire     wire
	restBase string
	cache    Cache
	limiter  *rate.Limiter
	flights  singleflight.Group

	mu   sync.Mutex
	sems map[vat.Country]chan struct{}
}

func (c *Client) state() *clientState {
	c.once.Do(func() { c.st = c.build() })
	return c.st
}

func (c *Client) build() *clientState {
	st := &clientState{
		hc:       c.HTTPClient,
		restBase: or(c.RESTEndpoint, DefaultRESTEndpoint),
		cache:    c.Cache,
		sems:     make(map[vat.Country]chan struct{}),
	}
	if st.hc == nil {
		st.hc = defaultHTTPClient()
	}
	if st.cache == nil {
		st.cache = NewMemoryCache(DefaultCacheSize)
	}
	limit := c.Rate
	if limit == 0 {
		limit = DefaultRate
	}
	burst := 1
	if limit != rate.Inf {
		burst = max(1, int(limit))
	}
	st.limiter = rate.NewLimiter(limit, burst)
	if c.Transport == REST {
		st.wire = newRESTWire(st.restBase, st.hc)
	} else {
		st.wire = newSOAPWire(or(c.SOAPEndpoint, DefaultSOAPEndpoint), st.hc)
	}
	return st
}

// defaultHTTPClient keeps connections alive (VIES answers over TLS; a
// handshake per check would double the latency) and refuses anything below
// TLS 1.2. Its overall timeout is a backstop; Client.Timeout is the bound.
func defaultHTTPClient() *http.Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   5 * time.Second,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          128,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// Check asks VIES whether n is valid for intra-Community trade.
//
// A nil error means VIES answered (or a cached answer was used, see
// Result.Source) and Result.Valid is that answer. Otherwise the status of
// the number is unknown, never invalid: the error is an *Error matching one
// of ErrUnavailable, ErrRateLimited, ErrBlocked, ErrInvalidInput (also for
// GB numbers, with ErrNotInVIES), ErrInvalidRequester or ErrProtocol.
//
// A number whose only fault is its check digits (vat.ParseNumber returned
// it with vat.ErrChecksum) is still sent: VIES is the authority.
//
// Check uses the Client's shared scope: see [Client.Scope] for checks made
// on behalf of several sellers.
func (c *Client) Check(ctx context.Context, n vat.Number) (Result, error) {
	return c.check(ctx, "", n)
}

// check is Check within a scope: the scope's cache entries and in-flight
// checks only.
func (c *Client) check(ctx context.Context, scope string, n vat.Number) (Result, error) {
	now := c.clock()
	if n.IsZero() {
		return Result{}, inputError("", errors.New("no number"))
	}
	if !n.Country().InVIES(now) {
		return Result{}, notInVIES(n.Country())
	}
	if !c.Requester.IsZero() && !c.Requester.Country().InVIES(now) {
		// VIES would answer INVALID_REQUESTER_INFO; a GB requester is a
		// configuration error that no call can fix.
		return Result{}, &Error{Country: n.Country(), Kind: ErrInvalidRequester, Err: ErrNotInVIES}
	}
	st := c.state()
	key := cacheKey(scope, n)
	cached, found := st.cache.Get(ctx, key)
	found = found && cached.Number == n
	if found && c.fresh(cached, now) {
		cached.Source = Cached
		return cached, nil
	}
	r, err := c.shared(ctx, st, key, n)
	if err != nil {
		return c.stale(cached, found, now, err)
	}
	if c.ttl(r.Valid) > 0 {
		st.cache.Put(ctx, key, r)
	}
	return r, nil
}

// ttl is how long an answer stays fresh; 0 means it is not cached.
func (c *Client) ttl(valid bool) time.Duration {
	d, def := c.InvalidTTL, DefaultInvalidTTL
	if valid {
		d, def = c.ValidTTL, DefaultValidTTL
	}
	switch {
	case d < 0:
		return 0
	case d == 0:
		return def
	}
	return d
}

func (c *Client) fresh(r Result, now time.Time) bool {
	return now.Sub(r.CheckedAt) < c.ttl(r.Valid)
}

// stale falls back on a cached answer when VIES could not answer, if the
// Client allows it and the answer is not older than its TTL plus MaxStale.
func (c *Client) stale(cached Result, found bool, now time.Time, err error) (Result, error) {
	var e *Error
	if !found || c.MaxStale <= 0 || !errors.As(err, &e) || !e.Temporary() {
		return Result{}, err
	}
	if now.Sub(cached.CheckedAt) >= c.ttl(cached.Valid)+c.MaxStale {
		return Result{}, err
	}
	cached.Source = Stale
	return cached, nil
}
