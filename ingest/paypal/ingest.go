package paypal

import (
	"context"
	"time"

	"github.com/vatkit/vatkit/ingest"
)

// Ingest pulls [from, to) and stores it through p, sealed in the seller's
// vault, each transaction once: what an earlier pull of an overlapping range
// (or the same range) already stored counts as a duplicate. Windows are
// stored as they complete; on a failure (a *WindowError) every earlier
// window is stored and nothing of the failed one, so pulling again from the
// error's Start finishes the job.
func (c *Client) Ingest(ctx context.Context, p *ingest.Pipeline, from, to time.Time) (ingest.Result, error) {
	return p.Store(ctx, c.Rows(ctx, from, to))
}
