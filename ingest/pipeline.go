package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/vatkit/vatkit/vault"
)

// Vault is what a [Pipeline] needs of a seller's open vault session;
// *vault.Session is one. Its contract is vault's: records are sealed and
// opened with the session's keys only, Put holds the session open while
// it writes (so a password change misses no record), Find returns
// vault.ErrNotFound when no record has the indexed value, and every
// method is safe for concurrent use.
type Vault interface {
	SealIndexed(kind, id, period string, content, value []byte) (vault.Record, error)
	BlindIndex(kind string, value []byte) ([]byte, error)
	Find(ctx context.Context, kind string, value []byte) (vault.Record, []byte, error)
	Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error]
	Put(ctx context.Context, r vault.Record) error
}

var _ Vault = (*vault.Session)(nil)

// Pipeline reads a file and stores its transactions sealed in a seller's
// vault, in batches, each under a blind index of its line identity
// ([Row.Key]), so that a line uploaded again (the same file twice, or two
// overlapping reports) is recognised and not stored twice. Transactions
// exist in clear only in memory between reading and sealing.
type Pipeline struct {
	Vault Vault
	// Kind is the record kind of transactions; "" means "txn".
	Kind string
	// BatchSize is how many rows are sealed and written together; 0
	// means 256. Memory holds one batch.
	BatchSize int
	// MaxErrors caps the row errors kept in a Result (0 means 1000); all
	// are counted in the summary.
	MaxErrors int
}

// Result is what one Ingest did.
type Result struct {
	Summary
	Format Format
	// Stored counts the transactions written; Known those already in the
	// vault from an earlier upload (they count in Summary.Duplicates).
	Stored, Known int
	Errors        []*RowError // the first MaxErrors row errors
}

// Ingest reads r as Open does and stores every accepted, new row. It
// stops at the first file error or store error, having stored the
// batches before it; the Result counts what was done.
func (p *Pipeline) Ingest(ctx context.Context, r io.Reader, opts Options) (Result, error) {
	rd, err := Open(r, opts)
	if err != nil {
		return Result{}, err
	}
	defer rd.Close()
	res := Result{Format: rd.Format()}
	known, err := p.tokens(ctx)
	if err != nil {
		return res, err
	}
	batch := make([]Row, 0, p.batchSize())
	for {
		row, err := rd.Next()
		var re *RowError
		switch {
		case errors.As(err, &re):
			if len(res.Errors) < p.maxErrors() {
				res.Errors = append(res.Errors, re)
			}
			continue
		case err == io.EOF || errors.Is(err, ErrNoData):
			err = p.flush(ctx, batch, known, &res)
			res.Summary = rd.Summary()
			res.Summary.Accepted -= res.Known
			res.Summary.Duplicates += res.Known
			return res, err
		case err != nil:
			res.Summary = rd.Summary()
			return res, err
		}
		batch = append(batch, row)
		if len(batch) == cap(batch) {
			if err := p.flush(ctx, batch, known, &res); err != nil {
				res.Summary = rd.Summary()
				return res, err
			}
			batch = batch[:0]
		}
	}
}

// Store stores rows that come from elsewhere than a file — an API pull —
// exactly as Ingest stores a file's: in batches, each new line once, lines
// already in the vault counted as duplicates. A *RowError in the sequence
// counts as a rejected row and the rest go on; any other error stops Store
// after it has stored every row the sequence yielded before the error (a
// pull that yields only complete windows thus leaves each of them stored).
func (p *Pipeline) Store(ctx context.Context, rows iter.Seq2[Row, error]) (Result, error) {
	var res Result
	known, err := p.tokens(ctx)
	if err != nil {
		return res, err
	}
	batch := make([]Row, 0, p.batchSize())
	finish := func(err error) (Result, error) {
		if ferr := p.flush(ctx, batch, known, &res); err == nil {
			err = ferr
		}
		res.Accepted -= res.Known
		res.Duplicates += res.Known
		return res, err
	}
	for row, err := range rows {
		var re *RowError
		switch {
		case errors.As(err, &re):
			res.Rows++
			res.Rejected++
			if len(res.Errors) < p.maxErrors() {
				res.Errors = append(res.Errors, re)
			}
			continue
		case err != nil:
			return finish(err)
		}
		res.Rows++
		res.Accepted++
		if row.Review != "" {
			res.NeedsReview++
		}
		if batch = append(batch, row); len(batch) == cap(batch) {
			if err := p.flush(ctx, batch, known, &res); err != nil {
				return finish(err)
			}
			batch = batch[:0]
		}
	}
	return finish(nil)
}

// tokens loads the blind-index tokens of the records already stored, so
// that only a row whose token is known needs a lookup (tokens are
// truncated: a match is confirmed with Find).
func (p *Pipeline) tokens(ctx context.Context) (map[[vault.IndexSize]byte]struct{}, error) {
	m := make(map[[vault.IndexSize]byte]struct{})
	for r, err := range p.Vault.Records(ctx, vault.Query{Kind: p.kind()}) {
		if err != nil {
			return nil, err
		}
		if len(r.Index) == vault.IndexSize {
			m[[vault.IndexSize]byte(r.Index)] = struct{}{}
		}
	}
	return m, nil
}

// flush seals and writes one batch: first it sorts out the rows already
// stored (sequentially: it updates known), then seals and writes the new
// ones on every core, since sealing is most of the cost.
func (p *Pipeline) flush(ctx context.Context, batch []Row, known map[[vault.IndexSize]byte]struct{}, res *Result) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fresh := batch[:0:0]
	inBatch := make(map[string]struct{}, len(batch))
	for i := range batch {
		_, twice := inBatch[string(batch[i].Key)]
		dup, err := p.seen(ctx, batch[i].Key, known)
		if err != nil {
			return err
		}
		if dup || twice {
			res.Known++
			continue
		}
		inBatch[string(batch[i].Key)] = struct{}{}
		fresh = append(fresh, batch[i])
	}
	g, gctx := errgroup.WithContext(ctx)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(fresh)/16))
	for w := range workers {
		g.Go(func() error {
			for i := w; i < len(fresh); i += workers {
				if err := p.store(gctx, &fresh[i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		res.Stored += len(fresh)
	}
	clear(fresh) // the transactions' personal data leaves memory with the batch
	clear(batch)
	return err
}

func (p *Pipeline) seen(ctx context.Context, key []byte, known map[[vault.IndexSize]byte]struct{}) (bool, error) {
	tok, err := p.Vault.BlindIndex(p.kind(), key)
	if err != nil {
		return false, err
	}
	if len(tok) != vault.IndexSize {
		return false, errors.New("ingest: vault returned a blind index of the wrong size")
	}
	t := [vault.IndexSize]byte(tok)
	if _, ok := known[t]; !ok {
		known[t] = struct{}{}
		return false, nil
	}
	_, _, err = p.Vault.Find(ctx, p.kind(), key)
	if errors.Is(err, vault.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (p *Pipeline) store(ctx context.Context, row *Row) error {
	content, err := json.Marshal(Stored{Tx: row.Tx, Review: row.Review})
	if err != nil {
		return err
	}
	var id [16]byte
	rand.Read(id[:])
	period := ""
	if !row.Tx.TaxPoint.IsZero() {
		period = row.Tx.TaxPoint.Format("2006-01")
	}
	rec, err := p.Vault.SealIndexed(p.kind(), hex.EncodeToString(id[:]), period, content, row.Key)
	clear(content)
	if err != nil {
		return err
	}
	return p.Vault.Put(ctx, rec)
}

func (p *Pipeline) kind() string {
	if p.Kind == "" {
		return "txn"
	}
	return p.Kind
}

func (p *Pipeline) batchSize() int {
	if p.BatchSize <= 0 {
		return 256
	}
	return p.BatchSize
}

func (p *Pipeline) maxErrors() int {
	if p.MaxErrors <= 0 {
		return 1000
	}
	return p.MaxErrors
}
