// Package wait holds what the network clients share for waiting between
// attempts: a context-aware sleep and jitter.
package wait

import (
	"context"
	"math/rand/v2"
	"time"
)

// Jitter returns a random duration between d/2 and d ("equal jitter"), so
// that clients throttled together do not come back together.
func Jitter(d time.Duration) time.Duration {
	half := d / 2
	return half + rand.N(half+1)
}

// Sleep waits d, or less when ctx ends first, in which case it returns the
// context's error.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
