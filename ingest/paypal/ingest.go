package paypal

import (
	"context"
	"time"

	"github.com/vatkit/vatkit/ingest"
)

// Ingest pulls [from, to) and stores it through p, sealed in the seller's
// vault, each transaction once: what an earlier pull of an overlapping range
// (or the same range) already stored counts as a duplicate. Each window of
// the pull is one upload (see [ingest.Pipeline.Uploads]), stored as it
// completes: all of it or nothing. On a failure (a *WindowError, or a store
// error) every earlier window is stored and nothing of the failed one, so
// pulling again from the failed window's start finishes the job. The
// Result adds up the windows; its Upload is empty, since there are several.
func (c *Client) Ingest(ctx context.Context, p *ingest.Pipeline, from, to time.Time) (ingest.Result, error) {
	total := ingest.Result{Format: ingest.PayPal}
	for w, err := range c.Windows(ctx, from, to) {
		if err != nil {
			return total, err
		}
		res, err := p.Store(ctx, ingest.PayPal, w.All())
		total.Add(res)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
