package report

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// Vault is what report needs of a seller's open vault session to read the
// transactions that [ingest.Pipeline] stored; *vault.Session is one.
// Records streams sealed records (see vault.Store for its contract),
// Periods lists the periods of the records of a kind (see
// vault.PeriodLister), and Open decrypts one record, failing with
// vault.ErrCannotOpen for any record it cannot authenticate. All must be
// safe for concurrent use.
type Vault interface {
	Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error]
	Periods(ctx context.Context, kind string) ([]string, error)
	Open(r vault.Record) ([]byte, error)
}

var _ Vault = (*vault.Session)(nil)

// History is a seller's transactions as [ingest.Pipeline] stored them in
// the seller's vault: what [OSS.BuildFrom] and [National.BuildFrom] read.
//
// A build reads it one month at a time, in period order (each record's
// period is a clear, indexed column), opening and decoding each month's
// records on every core, and never holds more than one month of
// transactions: memory grows with the largest month, not with the
// history. Months after the period being built are not read. A record
// that cannot be opened or decoded (changed or damaged in the database)
// does not stop a build: it is left out, counted and named in the
// report's review list.
type History struct {
	// Vault is the seller's open session.
	Vault Vault
	// Kind is the kind of the transaction records; "" means
	// [ingest.TxnKind], what ingest.Pipeline stores by default.
	Kind string
	// Progress, when not nil, is called with the number of records read
	// so far after every few hundred, from the building goroutine.
	Progress func(records int)
}

// Unreadable names a stored transaction record that could not be opened
// (it was changed, moved to another row or period, or damaged in the
// database) or whose content is not a stored transaction. It carries
// clear metadata only.
type Unreadable struct {
	ID     string // the record's id
	Upload string // the id of the upload that stored it, or ""
	Period string // the period the store gives it
}

func (h *History) kind() string {
	if h.Kind == "" {
		return ingest.TxnKind
	}
	return h.Kind
}

// decodeBatch is how many records one goroutine opens and decodes in a go.
const decodeBatch = 512

// months implements source: the periods the vault lists, in order, up to
// the last month of through.
func (h *History) months(ctx context.Context, through vat.Period, visit func(*month) error) error {
	periods, err := h.Vault.Periods(ctx, h.kind())
	if err != nil {
		return err
	}
	last := ""
	if !through.IsZero() {
		last = through.End().Format("2006-01")
	}
	var read atomic.Int64
	var rows []*row // reused from month to month
	for _, p := range periods {
		if last != "" && p > last {
			break
		}
		m, err := h.month(ctx, p, &read, rows)
		if err != nil {
			return err
		}
		err = visit(m)
		wipe(m)
		if err != nil {
			return err
		}
		rows = m.rows[:0]
	}
	return nil
}

// batch is a run of sealed records on their way to being opened into
// rows; seq orders the batches of a month as the store gave them.
type batch struct {
	seq  int
	recs []vault.Record
	rows []row
	bad  []Unreadable
}

// month reads the records of period p: one goroutine reads the store
// while the others open and decode, each batch into rows holding the
// opened contents, which the month gathers (the contents are not copied).
func (h *History) month(ctx context.Context, p string, read *atomic.Int64, rows []*row) (*month, error) {
	g, gctx := errgroup.WithContext(ctx)
	workers := max(1, runtime.GOMAXPROCS(0))
	todo, done := make(chan *batch, workers), make(chan *batch, workers)
	g.Go(func() error {
		defer close(todo)
		return h.scan(gctx, p, todo)
	})
	var decoders sync.WaitGroup
	for range workers {
		decoders.Go(func() {
			for b := range todo {
				h.decode(b)
				select {
				case done <- b:
				case <-gctx.Done():
					return
				}
			}
		})
	}
	go func() { decoders.Wait(); close(done) }()
	var batches []*batch
	for b := range done {
		batches = append(batches, b)
		if n := read.Add(int64(len(b.recs))); h.Progress != nil {
			h.Progress(int(n))
		}
		b.recs = nil
	}
	m := assemble(batches, rows)
	if err := g.Wait(); err != nil {
		wipe(m)
		return nil, err
	}
	return m, nil
}

// scan reads the records of period p in batches. It asks for the period
// alone and skips the records of other kinds, which are few: a store's
// index on (tenant, period, kind, id) then serves each page of the scan
// with one seek past the previous page, where a query that also names the
// kind makes SQLite filter the period from its start on every page. The
// period "" holds the records without a date, which a query cannot single
// out (an empty Query.Period matches every period): it scans the kind and
// keeps them; the ingest pipeline never writes such records.
func (h *History) scan(ctx context.Context, p string, out chan<- *batch) error {
	b := &batch{recs: make([]vault.Record, 0, decodeBatch)}
	send := func() error {
		select {
		case out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		b = &batch{seq: b.seq + 1, recs: make([]vault.Record, 0, decodeBatch)}
		return nil
	}
	q := vault.Query{Period: p}
	if p == "" {
		q.Kind = h.kind()
	}
	for rec, err := range h.Vault.Records(ctx, q) {
		if err != nil {
			return err
		}
		if rec.Period != p || rec.Kind != h.kind() {
			continue
		}
		if b.recs = append(b.recs, rec); len(b.recs) == decodeBatch {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if len(b.recs) > 0 {
		return send()
	}
	return nil
}

// decode opens each record of b and reads its sort keys, keeping the
// opened content as the row (a build decodes it in full in its turn: the
// content takes a third of the memory of the decoded transaction, and
// reading the keys alone allocates next to nothing); the records that do
// not open or decode go to b.bad.
func (h *History) decode(b *batch) {
	b.rows = make([]row, 0, len(b.recs))
	for _, rec := range b.recs {
		content, err := h.Vault.Open(rec)
		var k ingest.StoredKeys
		if err == nil {
			if k, err = ingest.DecodeStoredKeys(content); err != nil {
				clear(content)
			}
		}
		if err != nil {
			b.bad = append(b.bad, Unreadable{ID: rec.ID, Upload: rec.Upload, Period: rec.Period})
			continue
		}
		b.rows = append(b.rows, row{stored: content, at: k.TaxPoint, kind: k.Kind, line: k.Line,
			source: k.Source, id: k.SourceID, supply: k.Supply, shipFrom: k.ShipFrom})
	}
}

// assemble makes a month of the decoded batches, in the store's order,
// sorted by tax point, then source and line: the store gives records in
// the order of their ids, and the €10,000 threshold must see same-day
// sales in one order every time. The month points into the batches' rows,
// which stay where the decoders put them; the pointers go into rows when
// it has room (the previous month's), else into a slice of their exact
// size.
func assemble(batches []*batch, rows []*row) *month {
	slices.SortFunc(batches, func(a, b *batch) int { return a.seq - b.seq })
	n := 0
	for _, b := range batches {
		n += len(b.rows)
	}
	if cap(rows) < n {
		rows = make([]*row, 0, n)
	}
	m := &month{rows: rows[:0]}
	for _, b := range batches {
		for i := range b.rows {
			m.rows = append(m.rows, &b.rows[i])
		}
		m.unreadable = append(m.unreadable, b.bad...)
	}
	slices.SortStableFunc(m.rows, func(a, b *row) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.source, b.source), cmp.Compare(a.line, b.line), cmp.Compare(a.id, b.id))
	})
	return m
}

// wipe clears the opened contents of the month once it has been folded:
// the buyers' details in them leave memory with it.
func wipe(m *month) {
	for _, r := range m.rows {
		clear(r.stored)
		*r = row{}
	}
	clear(m.rows)
}

// String names the record for logs and errors: its id and period only.
func (u Unreadable) String() string { return fmt.Sprintf("record %s (period %q)", u.ID, u.Period) }
