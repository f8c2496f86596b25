package ingest

import (
	"context"
	"errors"
	"io"
	"iter"
	"runtime"

	"github.com/vatkit/vatkit/vault"
)

// Vault is what a [Pipeline] needs of a seller's open vault session;
// *vault.Session is one. Its contract is vault's: records are sealed and
// opened with the session's keys only, writes hold the session open (so a
// password change misses no record), the store refuses a second record of
// a line (see [vault.Store]), and every method is safe for concurrent use.
type Vault interface {
	Seal(kind, id, period string, content []byte) (vault.Record, error)
	SealIndexed(kind, id, period string, content, value []byte) (vault.Record, error)
	Open(r vault.Record) ([]byte, error)
	Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error]
	StageRecords(ctx context.Context, rs []vault.Record) error
	CommitUpload(ctx context.Context, upload string, staged int, desc vault.Record) (int, error)
	DiscardUpload(ctx context.Context, upload string) error
	DeleteUpload(ctx context.Context, upload string) (int, error)
	UploadCounts(ctx context.Context) (map[string]int, error)
}

var _ Vault = (*vault.Session)(nil)

// Pipeline reads a file, or rows from an API, and stores its transactions
// sealed in a seller's vault as one upload: all of it or, on any failure,
// nothing. Each transaction is sealed under a blind index of its line
// identity ([Row.Key]), and the store refuses a line it holds already, so a
// line uploaded again — the same file twice, two overlapping reports, two
// uploads racing each other in two processes — is stored once and counted
// as a duplicate. Reading, sealing and writing overlap: one goroutine reads,
// one per core seals, one writes, with a bounded number of batches between
// them. Transactions exist in clear only in memory between reading and
// sealing. A Pipeline is safe for concurrent use.
type Pipeline struct {
	Vault Vault
	// Kind is the record kind of transactions; "" means [TxnKind].
	Kind string
	// BatchSize is how many rows are sealed and written together; 0
	// means 512. Memory holds a few batches per core.
	BatchSize int
	// MaxErrors caps the row errors kept in a Result (0 means 1000); all
	// are counted in the summary.
	MaxErrors int
	// Progress, when set, is called from the writing goroutine after each
	// batch is staged, with the rows read and the rows staged so far.
	Progress func(read, staged int)
}

// Result is what one Ingest or Store did.
type Result struct {
	Summary
	Format Format
	// Upload is the id of the upload, for [Pipeline.Undo]; empty when
	// nothing was committed.
	Upload string
	// Stored counts the transactions written; Known those already in the
	// vault (they count in Summary.Duplicates).
	Stored, Known int
	Errors        []*RowError // the first MaxErrors row errors
}

// Add adds the counts and row errors of o to r, for a pull of several
// windows, each its own upload. r keeps its Format; its Upload is cleared,
// since a sum of uploads has no one id.
func (r *Result) Add(o Result) {
	r.Rows += o.Rows
	r.Accepted += o.Accepted
	r.Duplicates += o.Duplicates
	r.Rejected += o.Rejected
	r.NeedsReview += o.NeedsReview
	r.Stored += o.Stored
	r.Known += o.Known
	r.Errors = append(r.Errors, o.Errors...)
	r.Upload = ""
}

// Ingest reads r as Open does and stores every accepted, new row as one
// upload. On any error that ends it — a file error, a read error, a
// cancelled context, a store error — nothing of the upload stays stored,
// and the Result says what was read. A row the reader rejects is not such
// an error: it is counted and listed in Result.Errors.
func (p *Pipeline) Ingest(ctx context.Context, r io.Reader, opts Options) (Result, error) {
	rd, err := Open(r, opts)
	if err != nil {
		return Result{}, err
	}
	defer rd.Close()
	res := Result{Format: rd.Format()}
	produce := func(ctx context.Context, emit func(Row) error) error {
		err := rd.each(ctx, runtime.GOMAXPROCS(0), func(row Row, re *RowError) error {
			if re != nil {
				p.keep(&res, re)
				return nil
			}
			return emit(row)
		})
		if errors.Is(err, ErrNoData) {
			return nil
		}
		return err
	}
	u := p.newUpload(rd.Format(), opts.Name)
	err = u.run(ctx, produce)
	res.Summary = rd.Summary()
	return u.finish(ctx, res, err)
}

// Store stores rows that come from elsewhere than a file — one window of
// an API pull — as one upload, exactly as Ingest stores a file: all or
// nothing, each new line once, lines already in the vault counted as
// duplicates. A *RowError in the sequence counts as a rejected row and the
// rest go on; any other error ends Store with nothing of the rows stored.
func (p *Pipeline) Store(ctx context.Context, format Format, rows iter.Seq2[Row, error]) (Result, error) {
	res := Result{Format: format}
	produce := func(ctx context.Context, emit func(Row) error) error {
		for row, err := range rows {
			var re *RowError
			switch {
			case errors.As(err, &re):
				res.Rows++
				res.Rejected++
				p.keep(&res, re)
				continue
			case err != nil:
				return err
			}
			res.Rows++
			res.Accepted++
			if row.Review != "" {
				res.NeedsReview++
			}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	}
	u := p.newUpload(format, "")
	err := u.run(ctx, produce)
	return u.finish(ctx, res, err)
}

// keep records a rejected row, within MaxErrors.
func (p *Pipeline) keep(res *Result, re *RowError) {
	if len(res.Errors) < p.maxErrors() {
		res.Errors = append(res.Errors, re)
	}
}

func (p *Pipeline) kind() string {
	if p.Kind == "" {
		return TxnKind
	}
	return p.Kind
}

func (p *Pipeline) batchSize() int {
	if p.BatchSize <= 0 {
		return 512
	}
	return p.BatchSize
}

func (p *Pipeline) maxErrors() int {
	if p.MaxErrors <= 0 {
		return 1000
	}
	return p.MaxErrors
}
