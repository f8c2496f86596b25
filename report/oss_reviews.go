package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vatkit/vatkit/vat"
)

// reviews collects a return's review entries: one per row, whatever
// number of reasons the reader and the rules give for it, and one per
// return for what concerns the return as a whole.
type reviews struct {
	rows []Review
	ids  []string // parallel to rows: the source's id of a row without a line
	at   map[rowKey]int
	// assumed counts the period's supplies taxed at origin on an assumed
	// previous year (vat.FlagAssumedUnderThreshold); conflict records
	// that the data contradicted the seller's figure for it.
	assumed  int
	conflict bool
}

// rowKey identifies a row: by its source and line, or for rows not from a
// file (line 0) by the source's own id.
type rowKey struct {
	source, id string
	line       int
}

// row adds a reason for the row of tx; a reason the row already has is not
// repeated.
func (rs *reviews) row(tx *vat.Transaction, reason string) {
	if reason == "" {
		return
	}
	k := rowKey{source: tx.Source, line: tx.Line}
	if tx.Line == 0 {
		k.id = tx.SourceID
	}
	i, ok := rs.at[k]
	if !ok {
		if rs.at == nil {
			rs.at = make(map[rowKey]int)
		}
		rs.at[k] = len(rs.rows)
		rs.rows = append(rs.rows, Review{Source: tx.Source, Line: tx.Line, Reason: reason})
		rs.ids = append(rs.ids, k.id)
		return
	}
	if !strings.Contains(rs.rows[i].Reason, reason) {
		rs.rows[i].Reason += " " + reason
	}
}

// note records what a treatment says about the return as a whole.
func (rs *reviews) note(t *vat.Treatment) {
	if t.Has(vat.FlagAssumedUnderThreshold) {
		rs.assumed++
	}
	if t.Has(vat.FlagPreviousYearConflict) {
		rs.conflict = true
	}
}

// list returns the review entries: those of the return as a whole first,
// then the rows by source and line (rows without a line by the source's
// id), whatever order they were seen in.
func (rs *reviews) list(s *vat.Seller, general []Review) []Review {
	if rs.assumed > 0 {
		general = append(general, Review{Reason: assumedReason(rs.assumed, s.Established)})
	}
	if rs.conflict {
		general = append(general, Review{Reason: reasonPreviousYearConflict})
	}
	order := make([]int, len(rs.rows))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		x, y := &rs.rows[i], &rs.rows[j]
		return cmp.Or(cmp.Compare(x.Source, y.Source), cmp.Compare(x.Line, y.Line), cmp.Compare(rs.ids[i], rs.ids[j]))
	})
	for _, i := range order {
		general = append(general, rs.rows[i])
	}
	return general
}

// The reasons of the return's own review entries, in a seller's words.
const (
	reasonVATDiffers = "The VAT in the file differs from the rate times the net amount by more than a cent: " +
		"the return uses the higher of the two, as the VAT shown on an invoice is due (Art 203). Check the invoice."
	reasonPreviousYearConflict = "Your seller facts put last year's cross-border sales to consumers at €10,000 " +
		"or less, but your files show more: the return follows the files and taxes those sales where the goods " +
		"arrived (Art 59c). Correct previous_year_eur in your seller facts."
)

// assumedReason says that n sales of the period were taxed in the state
// of establishment on an assumed previous year.
func assumedReason(n int, home vat.Country) string {
	sales := "1 sale"
	if n != 1 {
		sales = fmt.Sprintf("%d sales", n)
	}
	return "Last year's cross-border sales to consumers were not given and your files do not cover last year: " +
		"they were taken as €10,000 or less, so " + sales + " of this quarter to other member states were taxed in " +
		name(home) + ", where you are established (Art 59c). If last year's sales passed €10,000, give the figure " +
		"(previous_year_eur in your seller facts) and build the return again: those sales then belong on it."
}

// lateCorrectionReason explains a refund too late to correct its return.
func lateCorrectionReason(p vat.Period, c vat.Country) string {
	return "A refund of a sale of " + p.String() + ", more than three years after that return was due: " +
		"it can no longer be corrected through the One-Stop-Shop; settle it directly with " + name(c) +
		" (Reg 282/2011 Art 61)."
}

// name is a country's English name, or its code.
func name(c vat.Country) string {
	if n := c.Name(); n != "" {
		return n
	}
	return string(c)
}
