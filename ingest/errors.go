package ingest

import (
	"errors"
	"strconv"
)

// Errors for whole files; test for them with errors.Is.
var (
	// ErrUnknownFormat means the header matches none of the formats the
	// readers know.
	ErrUnknownFormat = errors.New("ingest: unknown file format")
	// ErrUnsupported means the format was recognised but cannot be read:
	// a PayPal file in a language without a header table, the Amazon VAT
	// Calculation report, a legacy .xls workbook.
	ErrUnsupported = errors.New("ingest: unsupported file")
	// ErrNoHeader means the file has no header line: it is empty or blank.
	ErrNoHeader = errors.New("ingest: no header line")
	// ErrTooLarge means a cap of [Options] was reached: the file is
	// refused, as with an XLSX that would unpack beyond its limit.
	ErrTooLarge = errors.New("ingest: file exceeds a size limit")
)

// FormatError says why a file as a whole cannot be read. It wraps one of
// the sentinel errors above.
type FormatError struct {
	Format Format // the format recognised, or "" when none was
	Err    error  // ErrUnknownFormat, ErrUnsupported, ErrNoHeader or ErrTooLarge
	Reason string // in words; never a cell's contents
}

func (e *FormatError) Error() string {
	s := "ingest: "
	if e.Format != "" {
		s += string(e.Format) + ": "
	}
	s += trimPrefix(e.Err.Error())
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Unwrap returns the sentinel.
func (e *FormatError) Unwrap() error { return e.Err }

func trimPrefix(s string) string {
	const p = "ingest: "
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// LanguageError is the error for a PayPal activity download whose header
// is in a language the reader has no table for. It unwraps to
// [ErrUnsupported].
type LanguageError struct {
	Language string // e.g. "Dutch"
}

func (e *LanguageError) Error() string {
	return "ingest: paypal: unsupported language: " + e.Language + " (download the activity report in English or German)"
}

// Unwrap returns ErrUnsupported.
func (e *LanguageError) Unwrap() error { return ErrUnsupported }

// RowError is the error for one row that cannot be read. The row is
// counted as rejected and reading goes on. It never holds a cell's
// contents, which may be personal data; Reason says what rule failed.
type RowError struct {
	Source string // the file's label (Options.Source) or its format
	Line   int    // line in the file (row in a sheet), from 1
	Column string // header name of the cell at fault; "" for the whole row
	Reason string
}

func (e *RowError) Error() string {
	s := "ingest: " + e.Source + ": line " + strconv.Itoa(e.Line)
	if e.Column != "" {
		s += ": column " + e.Column
	}
	return s + ": " + e.Reason
}
