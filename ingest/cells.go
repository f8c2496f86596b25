package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"strconv"

	"github.com/vatkit/vatkit/vat"
)

// cells gives a mapper the current record by column position, padding
// ragged rows (Amazon drops trailing empty fields) with empty cells.
type cells struct {
	f       []string
	line    int
	source  string
	names   []string // header names, for row errors
	maxCell int
}

// get returns the cell at position p, "" when p is -1 or past the row.
func (c *cells) get(p int) string {
	if p < 0 || p >= len(c.f) {
		return ""
	}
	return c.f[p]
}

// fail makes the row error for the cell at position p (-1: whole row).
func (c *cells) fail(p int, reason string) *RowError {
	e := &RowError{Source: c.source, Line: c.line, Reason: reason}
	if p >= 0 && p < len(c.names) {
		e.Column = c.names[p]
		if e.Column == "" {
			e.Column = "#" + strconv.Itoa(p+1)
		}
	}
	return e
}

func (c *cells) checkSizes() error {
	for i, f := range c.f {
		if len(f) > c.maxCell {
			return c.fail(i, "cell larger than "+strconv.Itoa(c.maxCell)+" bytes")
		}
	}
	return nil
}

// sniffDelimiter picks tab, semicolon or comma: whichever occurs most,
// outside quotes, in the first line that has any of them (a preamble line
// of prose usually has none). With none at all it is comma.
func sniffDelimiter(peek []byte) byte {
	for len(peek) > 0 {
		line := peek
		if i := bytes.IndexByte(peek, '\n'); i >= 0 {
			line, peek = peek[:i], peek[i+1:]
		} else {
			peek = nil
		}
		var tab, semi, comma int
		quoted := false
		for _, b := range line {
			switch {
			case b == '"':
				quoted = !quoted
			case quoted:
			case b == '\t':
				tab++
			case b == ';':
				semi++
			case b == ',':
				comma++
			}
		}
		switch {
		case tab == 0 && semi == 0 && comma == 0:
			continue
		case tab >= semi && tab >= comma:
			return '\t'
		case semi >= comma:
			return ';'
		}
		return ','
	}
	return ','
}

// DedupKey returns the line identity of a transaction: SHA-256 over its
// Source, SourceID, Kind and identity, the source's own further parts of
// a line's natural key (for Amazon: account, event id, activity id, SKU,
// which tell apart the rows of one order; Amazon Seller Central help
// 202098210, "Amazon VAT Transactions Report Field Definitions"). Readers set [Row.Key] to it; a
// pipeline blind-indexes it, so the same line uploaded twice is stored
// once. The key reveals nothing without the inputs, but is not secret.
func DedupKey(tx *vat.Transaction, identity ...string) []byte {
	var stack [512]byte
	b := stack[:0]
	put := func(s string) {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	put(tx.Source)
	put(tx.SourceID)
	put(tx.Kind.String())
	for _, s := range identity {
		put(s)
	}
	sum := sha256.Sum256(b)
	return sum[:]
}
