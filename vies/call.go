package vies

import (
	"context"
	"errors"
	"github.com/vatkit/vatkit/internal/wait"
	"time"

	"github.com/vatkit/vatkit/vat"
)

// flight is the outcome of one shared live check.
type flight struct {
	result Result
	err    error
	// leaderGone says the check stopped because the context of the caller
	// that started it ended: other callers waiting on it start their own.
	leaderGone bool
}

// shared makes concurrent checks of one number in one scope (key, see
// cacheKey) share a single live check.
func (c *Client) shared(ctx context.Context, st *clientState, key string, n vat.Number) (Result, error) {
	for {
		ch := st.flights.DoChan(key, func() (any, error) {
			r, err := c.live(ctx, st, n)
			return flight{result: r, err: err, leaderGone: ctx.Err() != nil}, nil
		})
		select {
		case <-ctx.Done():
			return Result{}, unavailable(n.Country(), 0, ctx.Err())
		case res := <-ch:
			f := res.Val.(flight)
			if f.err != nil && f.leaderGone && ctx.Err() == nil {
				continue
			}
			return f.result, f.err
		}
	}
}

// live asks VIES, retrying transient faults with jittered exponential
// backoff as long as the context's deadline leaves room for the wait.
func (c *Client) live(ctx context.Context, st *clientState, n vat.Number) (Result, error) {
	r := c.request(n)
	for attempt := 0; ; attempt++ {
		a, err := c.attempt(ctx, st, r)
		if err == nil {
			return Result{
				Number:             n,
				Valid:              a.valid,
				RequestDate:        a.date,
				Name:               a.name,
				Address:            a.address,
				ConsultationNumber: a.consultation,
				Source:             Live,
				CheckedAt:          c.clock(),
			}, nil
		}
		var e *Error
		if !errors.As(err, &e) || !e.retryable() || attempt >= c.maxRetries() {
			return Result{}, err
		}
		if !sleep(ctx, c.backoff(attempt)) {
			return Result{}, err
		}
	}
}

// request builds what leaves the process: the number's VIES prefix ("EL",
// "XI") and national part, and the requester's, if any.
func (c *Client) request(n vat.Number) request {
	r := request{country: n.Country(), countryCode: n.Prefix(), vatNumber: n.National()}
	if !c.Requester.IsZero() {
		r.requesterCountry = c.Requester.Prefix()
		r.requesterNumber = c.Requester.National()
	}
	return r
}

// attempt is one call within the per-state and overall limits, bounded by
// Timeout.
func (c *Client) attempt(ctx context.Context, st *clientState, r request) (answer, error) {
	release, err := st.acquire(ctx, r.country, c.perCountry())
	if err != nil {
		return answer{}, unavailable(r.country, 0, err)
	}
	defer release()
	if err := st.limiter.Wait(ctx); err != nil {
		return answer{}, unavailable(r.country, 0, err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	return st.wire.check(ctx, r)
}

func (c *Client) perCountry() int {
	if c.PerCountry > 0 {
		return c.PerCountry
	}
	return DefaultPerCountry
}

// acquire takes one of the member state's slots, waiting for one if needed.
func (st *clientState) acquire(ctx context.Context, country vat.Country, size int) (func(), error) {
	st.mu.Lock()
	sem, ok := st.sems[country]
	if !ok {
		sem = make(chan struct{}, size)
		st.sems[country] = sem
	}
	st.mu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *Client) maxRetries() int {
	switch {
	case c.MaxRetries < 0:
		return 0
	case c.MaxRetries == 0:
		return DefaultMaxRetries
	}
	return c.MaxRetries
}

// backoff is base·2^attempt, capped at 30 s, of which a random half is
// taken off ("equal jitter"), so that clients throttled together do not
// come back together.
func (c *Client) backoff(attempt int) time.Duration {
	base := c.RetryBase
	if base <= 0 {
		base = DefaultRetryBase
	}
	return wait.Jitter(min(base<<min(attempt, 16), 30*time.Second))
}

// sleep waits d unless the context ends first or its deadline is too close
// for the wait and another attempt; it reports whether to go on.
func sleep(ctx context.Context, d time.Duration) bool {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return false
	}
	return wait.Sleep(ctx, d) == nil
}
