package paypal

import (
	"context"
	"iter"
	"time"

	"github.com/vatkit/vatkit/ingest"
)

// maxWindow is the longest range one search may cover (§3.2).
const maxWindow = 31 * 24 * time.Hour

// Window is the complete result of the searches for one time window:
// every transaction PayPal listed for [Start, End).
type Window struct {
	Start, End time.Time
	// Rows are the transactions, sales and refunds with their Kind and
	// everything else as vat.KindOther, each with its line identity.
	Rows []ingest.Row
	// Rejected are the transactions that could not be read (no id, no
	// amount…); Line is the transaction's position in the window.
	Rejected []*ingest.RowError
	// Duplicates counts transactions listed twice, as when a page shifts
	// because a transaction arrived during the pull.
	Duplicates int
}

// Windows pulls the transactions of [from, to) one window at a time. A
// window is at most 31 days, PayPal's limit, and is split in halves
// until it holds no more than PayPal returns for one search (10,000).
//
// A pull is all-or-nothing per window and resumable from the last
// complete window: a window is yielded only when every page of it was
// read, so memory holds one window, and the first failure is yielded as
// a *WindowError with the failed window's bounds (and the Window's Start
// and End set), after which the iteration stops. Every window before it
// was complete: pull again from its Start.
//
// The pull ends Config.Latency (3 h) before now even when to is later,
// since PayPal may take that long to list a transaction.
func (c *Client) Windows(ctx context.Context, from, to time.Time) iter.Seq2[Window, error] {
	return func(yield func(Window, error) bool) {
		if limit := c.cfg.Now().Add(-c.cfg.Latency).Truncate(time.Second); to.After(limit) {
			to = limit
		}
		from = from.Truncate(time.Second)
		for start := from; start.Before(to); {
			end := start.Add(maxWindow)
			if end.After(to) {
				end = to
			}
			if !c.pull(ctx, start, end, yield) {
				return
			}
			start = end
		}
	}
}

// Rows is Windows flattened: the rows of each complete window, then its
// rejected transactions as *ingest.RowError (the iteration goes on after
// them), and a *WindowError that ends it.
func (c *Client) Rows(ctx context.Context, from, to time.Time) iter.Seq2[ingest.Row, error] {
	return func(yield func(ingest.Row, error) bool) {
		for w, err := range c.Windows(ctx, from, to) {
			if err != nil {
				yield(ingest.Row{}, err)
				return
			}
			for r, err := range w.All() {
				if !yield(r, err) {
					return
				}
			}
		}
	}
}

// All yields the window's rows, then its rejected transactions as errors,
// the sequence [ingest.Pipeline.Store] takes.
func (w Window) All() iter.Seq2[ingest.Row, error] {
	return func(yield func(ingest.Row, error) bool) {
		for _, r := range w.Rows {
			if !yield(r, nil) {
				return
			}
		}
		for _, e := range w.Rejected {
			if !yield(ingest.Row{}, e) {
				return
			}
		}
	}
}

// pull reads [start, end), split as often as needed, and yields each
// complete part; it reports whether to go on.
func (c *Client) pull(ctx context.Context, start, end time.Time, yield func(Window, error) bool) bool {
	w, tooMany, err := c.window(ctx, start, end)
	if tooMany {
		mid := start.Add(end.Sub(start) / 2).Truncate(time.Second)
		if !mid.After(start) {
			err = ErrTooMany
		} else {
			return c.pull(ctx, start, mid, yield) && c.pull(ctx, mid, end, yield)
		}
	}
	if err != nil {
		yield(Window{Start: start, End: end}, &WindowError{Start: start, End: end, Err: err})
		return false
	}
	return yield(w, nil)
}

// window reads every page of [start, end), or reports that the window
// holds too many results for one search.
func (c *Client) window(ctx context.Context, start, end time.Time) (Window, bool, error) {
	w := Window{Start: start, End: end}
	first, err := c.search(ctx, start, end, 1)
	if ae, ok := err.(*APIError); ok && ae.Name == "RESULTSET_TOO_LARGE" {
		return w, true, nil
	}
	if err != nil {
		return w, false, err
	}
	if first.TotalItems > c.cfg.MaxResults {
		return w, true, nil
	}
	if first.TotalPages > c.cfg.MaxResults/c.cfg.PageSize+1 {
		return w, false, &MalformedError{Page: 1, Reason: "more pages than results allow"}
	}
	seen := make(map[string]struct{}, first.TotalItems)
	n := 0
	for p, pg := 1, first; ; p++ {
		for i := range pg.Details {
			n++
			w.add(&pg.Details[i], n, seen)
		}
		if p >= pg.TotalPages {
			return w, false, nil
		}
		if pg, err = c.search(ctx, start, end, p+1); err != nil {
			return w, false, err
		}
	}
}

func (w *Window) add(d *detail, n int, seen map[string]struct{}) {
	r, err := row(d, n)
	if err != nil {
		w.Rejected = append(w.Rejected, err.(*ingest.RowError))
		return
	}
	if _, dup := seen[string(r.Key)]; dup {
		w.Duplicates++
		return
	}
	seen[string(r.Key)] = struct{}{}
	w.Rows = append(w.Rows, r)
}
