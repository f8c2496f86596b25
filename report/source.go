package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
)

// Transactions are a seller's transactions held in memory, with the
// reader's review reasons parallel to Txs (nil, or one per transaction).
// [OSS.Build] and [National.Build] read them as they read a [History]:
// month by month, in period order.
type Transactions struct {
	Txs     []vat.Transaction
	Reviews []string
}

// months implements source: the transactions grouped by the month of
// their tax point (those without one first), each month in the order of
// Txs. The rows point into Txs, which stay as they are.
func (t Transactions) months(ctx context.Context, through vat.Period, visit func(*month) error) error {
	order := make([]int, 0, len(t.Txs))
	for i := range t.Txs {
		if through.IsZero() || !t.Txs[i].TaxPoint.After(through.End()) || through.Contains(t.Txs[i].TaxPoint) {
			order = append(order, i)
		}
	}
	key := func(i int) int {
		if tp := t.Txs[i].TaxPoint; !tp.IsZero() {
			return tp.Year()*12 + int(tp.Month())
		}
		return 0
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
	m := &month{}
	var rows []row
	for i, at := range order {
		review := ""
		if at < len(t.Reviews) {
			review = t.Reviews[at]
		}
		rows = append(rows, keyed(row{tx: &t.Txs[at], review: review}, &t.Txs[at]))
		if i+1 < len(order) && key(order[i+1]) == key(at) {
			continue
		}
		for j := range rows {
			m.rows = append(m.rows, &rows[j])
		}
		if err := visit(m); err != nil {
			return err
		}
		m.rows, rows = m.rows[:0], rows[:0]
	}
	return nil
}

// LoadOption changes what [Load] reads.
type LoadOption func(*loadConfig)

type loadConfig struct{ kind string }

// FromKind makes Load read the transaction records of kind instead of
// [ingest.TxnKind], for a host whose [ingest.Pipeline] sets its own Kind.
func FromKind(kind string) LoadOption { return func(c *loadConfig) { c.kind = kind } }

// Load reads every transaction record that [ingest.Pipeline] stored in the
// session's vault (kind [ingest.TxnKind], unless [FromKind] says
// otherwise) into memory, in tax-point order, then by source and line,
// with the reader's review reasons beside them. Only a session, which
// holds the seller's key, can do so. A record that does not open or
// decode stops the load with an error wrapping [ErrUnreadable] and naming
// its id, never its contents.
//
// Load holds the whole history: a build reads a [History] instead, one
// month at a time.
func Load(ctx context.Context, v Vault, opts ...LoadOption) (Transactions, error) {
	cfg := loadConfig{kind: ingest.TxnKind}
	for _, o := range opts {
		o(&cfg)
	}
	h := History{Vault: v, Kind: cfg.kind}
	var out Transactions
	err := h.months(ctx, vat.Period{}, func(m *month) error {
		if len(m.unreadable) > 0 {
			return fmt.Errorf("report: %s: %w", m.unreadable[0], ErrUnreadable)
		}
		for _, r := range m.rows {
			tx, review, err := r.open()
			if err != nil {
				return err
			}
			out.Txs = append(out.Txs, *tx)
			out.Reviews = append(out.Reviews, review)
		}
		return nil
	})
	if err != nil {
		return Transactions{}, err
	}
	return out, nil
}
