package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"iter"

	"github.com/vatkit/vatkit/vat"
)

// Options tune a [Reader]. The zero value reads any supported format with
// the default caps.
type Options struct {
	// Source labels row errors, e.g. the upload's opaque id. The default is
	// the format's name. It must not be personal data (not a file name a
	// buyer chose).
	Source string
	// Name is what the seller called the file. A Pipeline keeps it sealed
	// in the upload's description (see [Upload]) and nowhere else.
	Name string
	// Columns maps the header names of a seller's own spreadsheet to the
	// template's columns ("Bestellnummer" → "id"), so that it can be read
	// without editing it. Names match case-insensitively. Used only for
	// the template format.
	Columns map[string]string
	// DayFirst reads PayPal slash dates as DD/MM/YYYY instead of the
	// English export's MM/DD/YYYY. German files always use DD.MM.YYYY.
	DayFirst bool
	// DecimalComma reads template amounts as 1.234,56 instead of 1234.56.
	DecimalComma bool

	// MaxCellBytes caps one cell (default 64 KiB): a larger cell makes its
	// row an error. MaxLineBytes caps one record (default 1 MiB).
	MaxCellBytes, MaxLineBytes int
	// MaxDedupKeys caps how many line identities one reader remembers to
	// count duplicates within the file (default 1<<20: at a million rows
	// the reader's live heap stays under 40 MiB).
	// Duplicates beyond it are left to the pipeline's blind index.
	MaxDedupKeys int
	// MaxXLSXBytes caps a workbook as uploaded (default 64 MiB);
	// MaxXLSXUnzipped caps the sum of its unpacked parts (default 128 MiB),
	// which are all held in memory while the workbook is read — none is
	// unpacked to disk, where a buyer's name would lie in clear — so that
	// reading one costs about 2.3 times its unpacked size in live heap
	// (300 MiB at the default; see BenchmarkReadXLSX/live-heap);
	// MaxXLSXCells caps the cells read (default 20 million). A workbook
	// beyond any of them is refused with ErrTooLarge.
	MaxXLSXBytes, MaxXLSXUnzipped, MaxXLSXCells int64
}

func (o Options) withDefaults() Options {
	if o.MaxCellBytes <= 0 {
		o.MaxCellBytes = 64 << 10
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = 1 << 20
	}
	if o.MaxLineBytes < 4096 {
		o.MaxLineBytes = 4096
	}
	if o.MaxDedupKeys == 0 {
		o.MaxDedupKeys = 1 << 20
	}
	if o.MaxXLSXBytes <= 0 {
		o.MaxXLSXBytes = 64 << 20
	}
	if o.MaxXLSXUnzipped <= 0 {
		o.MaxXLSXUnzipped = 128 << 20
	}
	if o.MaxXLSXCells <= 0 {
		o.MaxXLSXCells = 20_000_000
	}
	return o
}

// Row is one transaction read from a file.
type Row struct {
	Tx vat.Transaction
	// Key is the row's line identity, the input of a blind index: the
	// same source line read twice, from one file or two overlapping ones,
	// has the same Key. See [DedupKey].
	Key []byte
	// Review is why a person should look at the row before it is
	// declared ("unknown scheme label"); empty when nothing is odd. The
	// row is accepted either way. It never holds personal data.
	Review string
}

// Summary counts a reader's data rows: every one is accepted, a duplicate
// or rejected, so Accepted + Duplicates + Rejected == Rows. NeedsReview
// counts the accepted rows with a Review.
type Summary struct {
	Rows, Accepted, Duplicates, Rejected, NeedsReview int
}

// rowSource yields a file's records: a slice valid until the next call,
// the record's line, and errRecordTooLong/errOpenQuote for a refused
// record, io.EOF at the end, or another error that ends reading.
type rowSource interface {
	next() ([]string, int, error)
}

// rowMapper turns one record into a transaction.
type rowMapper interface {
	read(c *cells) (Row, error)
}

// ErrNoData is what Next returns instead of io.EOF when the file had a
// header and not one data row (a header-only or truncated upload).
var ErrNoData = errors.New("ingest: header only, no data rows")

// Reader reads transactions from one file, one at a time. It is not safe
// for concurrent use.
type Reader struct {
	opts    Options
	format  Format
	variant string
	enc     Encoding
	src     rowSource
	head    header
	mapper  rowMapper
	cells   cells
	seen    map[[16]byte]struct{}
	sum     Summary
	err     error
	close   func() error
}

// Open detects the format of r from its header and returns a Reader of its
// rows. It reads the start of r to do so; errors are *FormatError,
// *LanguageError or the read error. Close the Reader when done: it
// releases an XLSX workbook's memory. Nothing is written to disk.
func Open(r io.Reader, opts Options) (*Reader, error) {
	opts = opts.withDefaults()
	raw := bufio.NewReaderSize(r, sniffSize)
	magic, _ := raw.Peek(8)
	switch {
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")):
		return openXLSX(raw, opts)
	case bytes.HasPrefix(magic, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, &FormatError{Err: ErrUnsupported, Reason: "legacy .xls workbook; save it as .xlsx or CSV"}
	}
	text, enc := decodeText(raw)
	tb := bufio.NewReaderSize(text, opts.MaxLineBytes)
	peek, _ := tb.Peek(min(opts.MaxLineBytes, sniffSize))
	rd := &Reader{opts: opts, enc: enc, src: newRecordsFrom(tb, sniffDelimiter(peek), opts.MaxLineBytes)}
	if err := rd.start(); err != nil {
		return nil, err
	}
	return rd, nil
}

// maxPreamble is how many records before the header Open looks through.
const maxPreamble = 20

// start finds the header among the first records and sets up the mapper.
func (rd *Reader) start() error {
	var first error
	for i := 0; i < maxPreamble; i++ {
		fields, _, err := rd.src.next()
		if err == io.EOF {
			break
		}
		if err == errRecordTooLong || err == errOpenQuote {
			continue
		}
		if err != nil {
			return err
		}
		h := newHeader(fields, rd.opts.columnRenames())
		if rec, ok := rd.src.(*records); ok {
			h.comma = rec.comma
		}
		f, err := detect(h)
		if err == nil {
			return rd.use(f, h)
		}
		if f != unknownForm {
			return err
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		return &FormatError{Err: ErrNoHeader}
	}
	return first
}

func (rd *Reader) use(f Format, h header) error {
	m, err := newMapper(f, h, rd.opts)
	if err != nil {
		return err
	}
	rd.format, rd.head, rd.mapper, rd.variant = f, h, m, variant(f, h)
	if rd.opts.Source == "" {
		rd.opts.Source = string(f)
	}
	rd.cells = cells{source: rd.opts.Source, names: h.names, maxCell: rd.opts.MaxCellBytes}
	return nil
}

// Format returns the format detected.
func (rd *Reader) Format() Format { return rd.format }

// Variant tells apart the layouts of one format: "92-column" or
// "95-column" for the Amazon VTR, the language of a PayPal file, "" for
// the template.
func (rd *Reader) Variant() string { return rd.variant }

// Encoding returns the text encoding detected; "" for a workbook.
func (rd *Reader) Encoding() Encoding { return rd.enc }

// Summary returns the counts so far; after Next has returned io.EOF they
// are final.
func (rd *Reader) Summary() Summary { return rd.sum }

// Close releases what the Reader holds (an XLSX workbook's parts).
func (rd *Reader) Close() error {
	if rd.close != nil {
		c := rd.close
		rd.close = nil
		return c()
	}
	return nil
}

// Next returns the next transaction. A row that cannot be read gives a
// *RowError: count it as rejected, show it to the seller, and call Next
// again. Duplicates are skipped (and counted). At the end Next returns
// io.EOF, or ErrNoData when the file had no data row; any other error
// ends the file.
func (rd *Reader) Next() (Row, error) {
	if rd.err != nil {
		return Row{}, rd.err
	}
	for {
		fields, line, err := rd.src.next()
		switch {
		case err == io.EOF:
			rd.err = io.EOF
			if rd.sum.Rows == 0 {
				rd.err = ErrNoData
			}
			return Row{}, rd.err
		case err == errRecordTooLong || err == errOpenQuote:
			rd.sum.Rows++
			rd.sum.Rejected++
			return Row{}, rd.rowError(line, err)
		case err != nil:
			rd.err = err
			return Row{}, err
		}
		rd.sum.Rows++
		row, err := rd.readRow(fields, line)
		if err != nil {
			rd.sum.Rejected++
			return Row{}, err
		}
		if !rd.accept(&row) {
			continue
		}
		return row, nil
	}
}

func (rd *Reader) readRow(fields []string, line int) (Row, error) {
	rd.cells.f, rd.cells.line = fields, line
	return rd.mapRow(&rd.cells)
}

// mapRow maps the record c points at. Mappers keep no state of their own,
// so that several goroutines may map records of one file, each through its
// own cells.
func (rd *Reader) mapRow(c *cells) (Row, error) {
	if err := c.checkSizes(); err != nil {
		return Row{}, err
	}
	row, err := rd.mapper.read(c)
	if err != nil {
		return Row{}, err
	}
	row.Tx.Line = c.line
	return row, nil
}

// rowError is err as the row error of the record on line: err itself when
// it is one, else a RowError with err's text (the reader's own reasons,
// which never quote a cell), nil for nil.
func (rd *Reader) rowError(line int, err error) *RowError {
	if err == nil {
		return nil
	}
	var re *RowError
	if errors.As(err, &re) {
		return re
	}
	return &RowError{Source: rd.opts.Source, Line: line, Reason: err.Error()}
}

// accept counts a row that was read: a duplicate of an earlier line of the
// file (false), or accepted, perhaps needing review (true).
func (rd *Reader) accept(row *Row) bool {
	if rd.duplicate(row.Key) {
		rd.sum.Duplicates++
		return false
	}
	rd.sum.Accepted++
	if row.Review != "" {
		rd.sum.NeedsReview++
	}
	return true
}

// duplicate reports whether key was seen before in this file, and
// remembers it while there is room.
func (rd *Reader) duplicate(key []byte) bool {
	if rd.opts.MaxDedupKeys < 0 || len(key) < 16 {
		return false
	}
	var k [16]byte
	copy(k[:], key)
	if _, ok := rd.seen[k]; ok {
		return true
	}
	if rd.seen == nil {
		rd.seen = make(map[[16]byte]struct{})
	}
	if len(rd.seen) < rd.opts.MaxDedupKeys {
		rd.seen[k] = struct{}{}
	}
	return false
}

// All returns an iterator over the rows and row errors of Next; it stops
// after io.EOF (not yielded) or after yielding any other error.
func (rd *Reader) All() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for {
			row, err := rd.Next()
			if err == io.EOF {
				return
			}
			var re *RowError
			if !yield(row, err) || (err != nil && !errors.As(err, &re)) {
				return
			}
		}
	}
}
