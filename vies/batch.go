package vies

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/vatkit/vatkit/vat"
)

// BatchResult is the outcome for one input of CheckBatch: a Result, or the
// error that Check would have returned. A failure of one never affects the
// others.
type BatchResult struct {
	Result Result
	Err    error
}

// BatchOption tunes one CheckBatch call.
type BatchOption func(*batchConfig)

type batchConfig struct {
	progress func(done, total int)
}

// WithProgress has CheckBatch call fn after each distinct number is done,
// with the count done so far and the count of distinct numbers. Calls are
// serialised; fn should return quickly.
func WithProgress(fn func(done, total int)) BatchOption {
	return func(bc *batchConfig) { bc.progress = fn }
}

// CheckBatch checks many numbers: each distinct number once, member states
// in parallel, each within the Client's per-state and overall limits. It
// returns one BatchResult per input, in input order. Cancelling ctx ends
// the run; numbers not yet checked then fail with ErrUnavailable.
//
// CheckBatch uses the Client's shared scope: see [Client.Scope].
func (c *Client) CheckBatch(ctx context.Context, numbers []vat.Number, opts ...BatchOption) []BatchResult {
	return c.batch(ctx, "", numbers, opts)
}

func (c *Client) batch(ctx context.Context, scope string, numbers []vat.Number, opts []BatchOption) []BatchResult {
	var bc batchConfig
	for _, o := range opts {
		o(&bc)
	}
	distinct, byCountry := plan(numbers)
	outcomes := make(map[vat.Number]BatchResult, len(distinct))
	var mu sync.Mutex
	done := 0
	finish := func(n vat.Number, r Result, err error) {
		mu.Lock()
		defer mu.Unlock()
		outcomes[n] = BatchResult{Result: r, Err: err}
		done++
		if bc.progress != nil {
			bc.progress(done, len(distinct))
		}
	}
	var wg sync.WaitGroup
	for _, queue := range byCountry {
		var next atomic.Int64
		for range min(c.perCountry(), len(queue)) {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < int64(len(queue)); i = next.Add(1) - 1 {
					r, err := c.check(ctx, scope, queue[i])
					finish(queue[i], r, err)
				}
			})
		}
	}
	wg.Wait()
	out := make([]BatchResult, len(numbers))
	for i, n := range numbers {
		out[i] = outcomes[n]
	}
	return out
}

// plan de-duplicates numbers, keeping first-seen order, and queues them per
// member state, so that a throttled state never holds up the others.
func plan(numbers []vat.Number) ([]vat.Number, map[vat.Country][]vat.Number) {
	seen := make(map[vat.Number]bool, len(numbers))
	var distinct []vat.Number
	byCountry := make(map[vat.Country][]vat.Number)
	for _, n := range numbers {
		if seen[n] {
			continue
		}
		seen[n] = true
		distinct = append(distinct, n)
		byCountry[n.Country()] = append(byCountry[n.Country()], n)
	}
	return distinct, byCountry
}
