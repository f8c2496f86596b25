package report

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
)

// A build reads a seller's history one month at a time, months in order,
// and folds each month into running state: the classifier's (the €10,000
// threshold, a compact index of sales for their refunds) and the report's
// sums. Memory grows with the largest month, never with the history.

// source yields a seller's history month by month, months ascending, the
// rows without a date first: the stored history ([History]) or one held in
// memory ([Transactions]).
type source interface {
	// months calls visit with each month up to and including the last
	// month of through (every month when through is zero). The month and
	// its transactions are the source's again once visit returns.
	months(ctx context.Context, through vat.Period, visit func(*month) error) error
}

// month is one calendar month of transactions, in the order of the
// source, each with the reader's review reason.
type month struct {
	rows []*row // into the source's own slices, which a month never copies
	// unreadable are the month's records that could not be read back.
	unreadable []Unreadable
}

// row is one transaction of a month: held decoded (tx, with review), or
// as the stored content to decode when its turn comes (stored), which
// takes a third of the memory. The other fields are the sort keys.
type row struct {
	tx     *vat.Transaction
	review string
	stored []byte

	at         time.Time // the tax point
	kind       vat.Kind
	line       int
	source, id string
	// supply and shipFrom tell where goods left from (OSS.InferWarehouses).
	supply   vat.Supply
	shipFrom vat.Country
}

// keyed returns the row of tx, its sort keys set.
func keyed(r row, tx *vat.Transaction) row {
	r.at, r.kind, r.line, r.source, r.id = tx.TaxPoint, tx.Kind, tx.Line, tx.Source, tx.SourceID
	r.supply, r.shipFrom = tx.Supply, tx.ShipFrom
	return r
}

// open returns the row's transaction and review reason.
func (r *row) open() (*vat.Transaction, string, error) {
	if r.tx != nil {
		return r.tx, r.review, nil
	}
	s, err := ingest.DecodeStored(r.stored)
	if err != nil {
		return nil, "", err
	}
	return &s.Tx, s.Review, nil
}

// classifyOrder sorts rows the way vat.Classifier.ClassifyAll does: by
// calendar day, sales before refunds on one day, otherwise keeping the
// source's order.
func classifyOrder(rows []*row) {
	slices.SortStableFunc(rows, func(a, b *row) int {
		return cmp.Or(dateOf(a.at).Compare(dateOf(b.at)), cmp.Compare(isRefund(a.kind), isRefund(b.kind)))
	})
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isRefund(k vat.Kind) int {
	if k == vat.KindRefund || k == vat.KindReturn {
		return 1
	}
	return 0
}

// folder classifies a history and hands each transaction, with its
// treatment and review reason, to add; it keeps the records that could
// not be read in unreadable.
type folder struct {
	classifier vat.Classifier
	add        func(tx *vat.Transaction, t *vat.Treatment, review string)
	unreadable []Unreadable
	// infer adds the member states the history's goods left from to the
	// seller's warehouses (vat.DispatchCountries); see OSS.InferWarehouses.
	infer bool
}

// errRestart stops a fold whose seller's warehouses changed after some
// transactions were classified without them.
type errRestart struct{}

func (errRestart) Error() string { return "report: warehouses found; the build starts again" }

// fold reads src up to the end of through and classifies every month in
// order. It reports restart when it found a warehouse that changes months
// it has already classified: the caller folds again from a fresh state,
// with the seller's warehouses as they now are.
func (f *folder) fold(ctx context.Context, src source, through vat.Period) (restart bool, err error) {
	f.classifier.Reset()
	f.unreadable = nil
	seen := 0
	err = src.months(ctx, through, func(m *month) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if f.infer && f.inferWarehouses(m) && seen > 0 {
			return errRestart{}
		}
		f.unreadable = append(f.unreadable, m.unreadable...)
		classifyOrder(m.rows)
		for _, r := range m.rows {
			tx, review, err := r.open()
			if err != nil {
				return err
			}
			t := f.classifier.Classify(tx)
			f.add(tx, &t, review)
		}
		seen += len(m.rows)
		return nil
	})
	if _, ok := err.(errRestart); ok {
		return true, nil
	}
	return false, err
}

// inferWarehouses adds the month's new dispatch countries to the seller's
// warehouses, and reports whether the seller had none outside its state of
// establishment before (which made the €10,000 threshold available) and
// has one now.
func (f *folder) inferWarehouses(m *month) bool {
	s := &f.classifier.Seller
	before := len(foreign(s))
	for _, r := range m.rows {
		probe := vat.Transaction{Kind: r.kind, TaxPoint: r.at, Supply: r.supply, ShipFrom: r.shipFrom}
		if c, ok := vat.DispatchedFrom(&probe, s.Established); ok && !slices.Contains(s.Warehouses, c) {
			s.Warehouses = append(s.Warehouses, c)
		}
	}
	return before == 0 && len(foreign(s)) > 0
}

// foreign lists the seller's warehouses outside its state of establishment.
func foreign(s *vat.Seller) []vat.Country {
	var out []vat.Country
	for _, w := range s.Warehouses {
		if w != s.Established {
			out = append(out, w)
		}
	}
	return out
}
