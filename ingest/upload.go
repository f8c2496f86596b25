package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/vatkit/vatkit/vault"
)

// UploadKind is the record kind of an upload's sealed description.
const UploadKind = "upload"

// discardTimeout bounds the clean-up of a failed upload, which runs even
// when the upload's context was cancelled.
const discardTimeout = 30 * time.Second

// upload is one run of a Pipeline: rows in, staged sealed batches out, then
// a commit or a discard.
type upload struct {
	p    *Pipeline
	id   string
	info Upload

	nread  atomic.Int64 // rows handed to sealing
	staged int          // records staged; the writing goroutine's, then finish's
	free   chan []Row   // emptied batches, for the reader to fill again
}

// batch is a run of rows on their way to the store; first is the sequence
// number of rows[0] within the upload, which makes the records' ids.
type batch struct {
	first int
	rows  []Row
}

func (p *Pipeline) newUpload(f Format, name string) *upload {
	id := vault.NewUploadID()
	created, _ := vault.UploadTime(id)
	return &upload{p: p, id: id, info: Upload{ID: id, Created: created, Format: f, Name: name}}
}

// run reads rows from produce, seals them on every core and stages them,
// with at most a few batches per stage in memory. It returns when every
// goroutine it started has stopped.
func (u *upload) run(ctx context.Context, produce func(context.Context, func(Row) error) error) error {
	workers := runtime.GOMAXPROCS(0)
	u.free = make(chan []Row, workers+1)
	g, gctx := errgroup.WithContext(ctx)
	toSeal := make(chan batch, workers)
	toWrite := make(chan []vault.Record, 2)
	g.Go(func() error {
		defer close(toSeal)
		return u.readRows(gctx, produce, toSeal)
	})
	var sealers sync.WaitGroup
	for range workers {
		sealers.Add(1)
		g.Go(func() error {
			defer sealers.Done()
			return u.seal(gctx, toSeal, toWrite)
		})
	}
	go func() { sealers.Wait(); close(toWrite) }()
	g.Go(func() error { return u.write(gctx, toWrite) })
	err := g.Wait()
	for b := range toSeal { // after a failure: drop what is left, wiping it
		clear(b.rows)
	}
	for range toWrite {
	}
	return err
}

// read batches the produced rows and hands the batches on.
func (u *upload) readRows(ctx context.Context, produce func(context.Context, func(Row) error) error, out chan<- batch) error {
	size := u.p.batchSize()
	cur := batch{rows: u.rows(size)}
	send := func() error {
		select {
		case out <- cur:
		case <-ctx.Done():
			clear(cur.rows)
			return ctx.Err()
		}
		n := int(u.nread.Add(int64(len(cur.rows))))
		cur = batch{first: n, rows: u.rows(size)}
		return nil
	}
	err := produce(ctx, func(r Row) error {
		cur.rows = append(cur.rows, r)
		if len(cur.rows) == size {
			return send()
		}
		return ctx.Err()
	})
	if err == nil && len(cur.rows) > 0 {
		err = send()
	}
	return err
}

// rows returns an empty batch, reusing an emptied one when there is one.
func (u *upload) rows(size int) []Row {
	select {
	case r := <-u.free:
		return r
	default:
		return make([]Row, 0, size)
	}
}

// seal encodes and seals each row of each batch, wiping the clear content
// as soon as it is sealed.
func (u *upload) seal(ctx context.Context, in <-chan batch, out chan<- []vault.Record) error {
	kind := u.p.kind()
	var buf []byte
	defer func() { clear(buf) }()
	var month time.Time // the month of period, which rows mostly share
	period := ""
	for b := range in {
		recs := make([]vault.Record, len(b.rows))
		for i := range b.rows {
			row := &b.rows[i]
			buf = AppendStored(buf[:0], &Stored{Tx: row.Tx, Review: row.Review})
			switch tp := row.Tx.TaxPoint; {
			case tp.IsZero():
				period, month = "", time.Time{}
			case tp.Year() != month.Year() || tp.Month() != month.Month() || month.IsZero():
				period, month = tp.Format("2006-01"), tp
			}
			r, err := u.p.Vault.SealIndexed(kind, vault.UploadRecordID(u.id, b.first+i), period, buf, row.Key)
			clear(buf)
			if err != nil {
				clear(b.rows)
				return err
			}
			r.Upload = u.id
			recs[i] = r
		}
		clear(b.rows) // the transactions' personal data leaves memory with the batch
		select {
		case u.free <- b.rows[:0]:
		default:
		}
		select {
		case out <- recs:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// write stages each sealed batch.
func (u *upload) write(ctx context.Context, in <-chan []vault.Record) error {
	for recs := range in {
		if err := u.p.Vault.StageRecords(ctx, recs); err != nil {
			return err
		}
		u.staged += len(recs)
		if u.p.Progress != nil {
			u.p.Progress(int(u.nread.Load()), u.staged)
		}
	}
	return nil
}

// finish commits the upload when run succeeded, or discards what it
// staged, and completes the Result.
func (u *upload) finish(ctx context.Context, res Result, err error) (Result, error) {
	if err == nil {
		u.info.Rows, u.info.Rejected, u.info.NeedsReview = res.Rows, res.Rejected, res.NeedsReview
		u.info.Lines = res.Accepted
		err = u.commit(ctx, &res)
	}
	if err != nil {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), discardTimeout)
		defer cancel()
		if derr := u.p.Vault.DiscardUpload(dctx, u.id); derr != nil {
			err = errors.Join(err, fmt.Errorf("ingest: removing what the failed upload staged: %w", derr))
		}
		return res, err
	}
	return res, nil
}

func (u *upload) commit(ctx context.Context, res *Result) error {
	content, err := json.Marshal(u.info)
	if err != nil {
		return err
	}
	desc, err := u.p.Vault.Seal(UploadKind, u.id, "", content)
	clear(content)
	if err != nil {
		return err
	}
	desc.Upload = u.id
	stored, err := u.p.Vault.CommitUpload(ctx, u.id, u.staged, desc)
	if err != nil {
		return err
	}
	res.Upload = u.id
	res.Stored = stored
	res.Known = u.staged - stored
	res.Accepted -= res.Known
	res.Duplicates += res.Known
	return nil
}
