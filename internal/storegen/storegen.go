// Package storegen fills a SQLite store with a generated seller history,
// sealed exactly as ingest.Pipeline seals an upload (the binary stored
// form, the period from the tax point, a blind index over the line's id,
// one upload a month with its sealed description), for benchmarks of
// builds at sizes no test file reaches. It skips the readers, which the
// ingest benchmarks measure, and inserts the sealed records straight into
// the store's table in large transactions: a generator need not check
// for duplicates, which it never makes.
package storegen

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// The tenant, login and password of the generated seller.
const (
	Tenant   = "bench"
	Login    = "seller@example.com"
	Password = "a long enough benchmark passphrase 7"
)

// Open opens the store at path with a vault at the lowest accepted cost,
// enrolling the generated seller when the store is new, and returns a
// session of that seller. The caller closes both.
func Open(ctx context.Context, path string) (*sqlstore.Store, *vault.Session, error) {
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	v, err := vault.New(vault.Config{Store: store, Params: vault.Floor})
	if err == nil {
		_, err = store.Tenant(ctx, Tenant)
		if err != nil {
			err = v.Enroll(ctx, Tenant, Login, []byte(Password))
		}
	}
	var s *vault.Session
	if err == nil {
		s, err = v.Open(ctx, Tenant, Login, []byte(Password))
	}
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, s, nil
}

// batchRows is how many records one insert writes.
const batchRows = 2000

// Write seals a history of rows transactions (gen.History with seed) in
// the seller's session s and inserts them into store: a month's records
// under one upload id, sealing on every core. progress, when not nil, is
// called with the rows written so far.
func Write(ctx context.Context, store *sqlstore.Store, s *vault.Session, rows int, seed uint64, progress func(int)) error {
	g, gctx := errgroup.WithContext(ctx)
	todo := make(chan []pending, runtime.GOMAXPROCS(0))
	sealed := make(chan []vault.Record, runtime.GOMAXPROCS(0))
	g.Go(func() error {
		defer close(todo)
		return produce(gctx, rows, seed, todo)
	})
	var sealers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		sealers.Add(1)
		g.Go(func() error {
			defer sealers.Done()
			return seal(gctx, s, todo, sealed)
		})
	}
	go func() { sealers.Wait(); close(sealed) }()
	g.Go(func() error { return insert(gctx, store, sealed, progress) })
	return g.Wait()
}

// txRows is how many records one insert transaction writes.
const txRows = 50_000

// insert writes the sealed batches into vatkit_records, txRows a
// transaction, on one connection whose writes are not synced (a crash
// loses the generated file, nothing else).
func insert(ctx context.Context, store *sqlstore.Store, in <-chan []vault.Record, progress func(int)) error {
	conn, err := store.DB().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = OFF"); err != nil {
		return err
	}
	var tx *sql.Tx
	var stmt *sql.Stmt
	written, stamp := 0, time.Now().UTC().Format(time.RFC3339Nano)
	for recs := range in {
		if tx == nil {
			if tx, err = conn.BeginTx(ctx, nil); err != nil {
				return err
			}
			if stmt, err = tx.PrepareContext(ctx, `INSERT INTO vatkit_records
				(tenant, kind, id, period, blind_index, sealed, size, updated_at, upload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
				tx.Rollback()
				return err
			}
		}
		for _, r := range recs {
			if _, err := stmt.ExecContext(ctx, r.Tenant, r.Kind, r.ID, r.Period, r.Index, r.Sealed, len(r.Sealed), stamp, r.Upload); err != nil {
				tx.Rollback()
				return err
			}
		}
		if written += len(recs); written%txRows < len(recs) {
			if err := tx.Commit(); err != nil {
				return err
			}
			tx = nil
		}
		if progress != nil {
			progress(written)
		}
	}
	if tx != nil {
		return tx.Commit()
	}
	return nil
}

// pending is a generated transaction with its record's id, period and
// upload.
type pending struct {
	tx             vat.Transaction
	id, period, up string
	desc           *ingest.Upload // set on the first row of a month: its upload's description
}

func produce(ctx context.Context, rows int, seed uint64, out chan<- []pending) error {
	var batch []pending
	var up, cur string
	n := 0
	var err error
	gen.History(gen.HistoryConfig{Rows: rows, Seed: seed}, func(tx *vat.Transaction, month string) bool {
		p := pending{tx: *tx, period: month}
		if month != cur {
			cur, up = month, uploadID(month)
			created, _ := vault.UploadTime(up)
			p.desc = &ingest.Upload{ID: up, Created: created, Format: ingest.AmazonVTR, Name: "amazon-vtr-" + month + ".txt"}
			n = 0
		}
		p.id, p.up = vault.UploadRecordID(up, n), up
		n++
		if batch = append(batch, p); len(batch) == batchRows {
			select {
			case out <- batch:
			case <-ctx.Done():
				err = ctx.Err()
				return false
			}
			batch = nil
		}
		return true
	})
	if err == nil && len(batch) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	return err
}

// uploadID makes an upload id (vault.NewUploadID's layout) dated in the
// middle of the month after month, when its file would have been uploaded.
func uploadID(month string) string {
	t, _ := time.Parse("2006-01", month)
	id := vault.NewUploadID()
	return fmt.Sprintf("%012x%s", t.AddDate(0, 1, 14).UnixMilli(), id[12:])
}

func seal(ctx context.Context, s *vault.Session, in <-chan []pending, out chan<- []vault.Record) error {
	var buf []byte
	for batch := range in {
		recs := make([]vault.Record, 0, len(batch)+1)
		for i := range batch {
			p := &batch[i]
			if p.desc != nil {
				content, _ := json.Marshal(p.desc)
				r, err := s.Seal(ingest.UploadKind, p.up, "", content)
				if err != nil {
					return err
				}
				r.Upload = p.up
				recs = append(recs, r)
			}
			buf = ingest.AppendStored(buf[:0], &ingest.Stored{Tx: p.tx})
			r, err := s.SealIndexed(ingest.TxnKind, p.id, p.period, buf, []byte(p.tx.SourceID))
			if err != nil {
				return err
			}
			r.Upload = p.up
			recs = append(recs, r)
		}
		select {
		case out <- recs:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
