package report

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// Vault is what report needs of a seller's open vault session to read the
// transactions that [ingest.Pipeline] stored; *vault.Session is one. Records
// streams sealed records (see vault.Store for its contract) and Open
// decrypts one of them, failing with vault.ErrCannotOpen for any record it
// cannot authenticate. Both must be safe for concurrent use.
type Vault interface {
	Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error]
	Open(r vault.Record) ([]byte, error)
}

var _ Vault = (*vault.Session)(nil)

// Transactions are a seller's transactions read back from the vault, with
// the reader's review reasons, parallel to Txs.
type Transactions struct {
	Txs     []vat.Transaction
	Reviews []string
}

// LoadOption changes what [Load] reads.
type LoadOption func(*loadConfig)

type loadConfig struct{ kind string }

// FromKind makes Load read the transaction records of kind instead of
// [ingest.TxnKind], for a host whose [ingest.Pipeline] sets its own Kind.
func FromKind(kind string) LoadOption { return func(c *loadConfig) { c.kind = kind } }

// Load opens every transaction record that [ingest.Pipeline] stored in the
// session's vault (kind [ingest.TxnKind], unless [FromKind] says
// otherwise), decrypting and decoding batches on every core. Only a
// session, which holds the seller's key, can do so. A record that does not
// open or decode stops the load with an error naming its id, never its
// contents.
func Load(ctx context.Context, v Vault, opts ...LoadOption) (Transactions, error) {
	cfg := loadConfig{kind: ingest.TxnKind}
	for _, o := range opts {
		o(&cfg)
	}
	var out Transactions
	batch := make([]vault.Record, 0, loadBatch)
	for rec, err := range v.Records(ctx, vault.Query{Kind: cfg.kind}) {
		if err != nil {
			return out, err
		}
		if batch = append(batch, rec); len(batch) == loadBatch {
			if err := decodeBatch(v, batch, &out); err != nil {
				return out, err
			}
			batch = batch[:0]
		}
	}
	if err := decodeBatch(v, batch, &out); err != nil {
		return out, err
	}
	sortByTaxPoint(&out)
	return out, nil
}

// loadBatch is how many records Load decodes together.
const loadBatch = 1024

// decodeBatch opens and decodes recs on every core and appends them to out.
func decodeBatch(v Vault, recs []vault.Record, out *Transactions) error {
	n := len(out.Txs)
	out.Txs = slices.Grow(out.Txs, len(recs))[:n+len(recs)]
	out.Reviews = slices.Grow(out.Reviews, len(recs))[:n+len(recs)]
	var g errgroup.Group
	workers := min(runtime.GOMAXPROCS(0), max(1, len(recs)/64))
	for w := range workers {
		g.Go(func() error {
			for i := w; i < len(recs); i += workers {
				if err := decodeRecord(v, recs[i], &out.Txs[n+i], &out.Reviews[n+i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		out.Txs, out.Reviews = out.Txs[:n], out.Reviews[:n]
		return err
	}
	return nil
}

func decodeRecord(v Vault, rec vault.Record, tx *vat.Transaction, review *string) error {
	content, err := v.Open(rec)
	if err != nil {
		return fmt.Errorf("report: record %s: %w", rec.ID, err)
	}
	s, err := ingest.DecodeStored(content)
	clear(content)
	if err != nil {
		return fmt.Errorf("report: record %s: not a stored transaction", rec.ID)
	}
	*tx, *review = s.Tx, s.Review
	return nil
}

// sortByTaxPoint orders the records by tax point, then source and line:
// records come back in the order of their random ids, and the €10,000
// threshold must see same-day sales in one order every time. It sorts an
// index and then moves the transactions along its cycles, in place, so
// that no second copy of them is ever held.
func sortByTaxPoint(t *Transactions) {
	idx := make([]int, len(t.Txs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		x, y := &t.Txs[a], &t.Txs[b]
		return cmp.Or(x.TaxPoint.Compare(y.TaxPoint), cmp.Compare(x.Source, y.Source),
			cmp.Compare(x.Line, y.Line), cmp.Compare(x.SourceID, y.SourceID))
	})
	// Position i must receive the element now at idx[i].
	for i := range idx {
		if idx[i] == i || idx[i] < 0 {
			continue
		}
		tx, review := t.Txs[i], t.Reviews[i]
		j := i
		for {
			k := idx[j]
			idx[j] = -1
			if k == i {
				t.Txs[j], t.Reviews[j] = tx, review
				break
			}
			t.Txs[j], t.Reviews[j] = t.Txs[k], t.Reviews[k]
			j = k
		}
	}
}
