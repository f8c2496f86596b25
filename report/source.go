package report

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"

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

// Load opens every transaction record of kind (the pipeline's "txn" when
// kind is "") in the session's vault. Only a session, which holds the
// seller's key, can do so. A record that does not open or decode stops the
// load with an error naming its id, never its contents.
func Load(ctx context.Context, v Vault, kind string) (Transactions, error) {
	if kind == "" {
		kind = "txn"
	}
	var out Transactions
	for rec, err := range v.Records(ctx, vault.Query{Kind: kind}) {
		if err != nil {
			return out, err
		}
		content, err := v.Open(rec)
		if err != nil {
			return out, fmt.Errorf("report: record %s: %w", rec.ID, err)
		}
		var s ingest.Stored
		err = json.Unmarshal(content, &s)
		clear(content)
		if err != nil {
			return out, fmt.Errorf("report: record %s: not a stored transaction", rec.ID)
		}
		out.Txs = append(out.Txs, s.Tx)
		out.Reviews = append(out.Reviews, s.Review)
	}
	sortByTaxPoint(&out)
	return out, nil
}

// sortByTaxPoint orders the records by tax point, then source and line:
// records come back in the order of their random ids, and the €10,000
// threshold must see same-day sales in one order every time.
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
	txs, reviews := make([]vat.Transaction, len(idx)), make([]string, len(idx))
	for i, j := range idx {
		txs[i], reviews[i] = t.Txs[j], t.Reviews[j]
	}
	t.Txs, t.Reviews = txs, reviews
}
