package vat

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ErrRateFormat is the sentinel for a rate table that [LoadRates] cannot read;
// every [*RateFormatError] unwraps to it.
var ErrRateFormat = errors.New("vat: malformed rate table")

// RateFormatError reports where and why a rate table is malformed, like
// encoding/csv's ParseError. Line and Column count from 1; Column is the byte
// position of the offending field (0 when the whole line is at fault).
type RateFormatError struct {
	Line, Column int
	Reason       string
	Err          error // the underlying read or parse error, if any
}

func (e *RateFormatError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("vat: rate table line %d, column %d: %s", e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("vat: rate table line %d: %s", e.Line, e.Reason)
}

// Unwrap returns ErrRateFormat and the underlying error, if any.
func (e *RateFormatError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrRateFormat, e.Err}
	}
	return []error{ErrRateFormat}
}

// Limits that keep a hostile or broken file from costing more than a real one.
const (
	rateMaxRows    = 10000
	rateMaxLine    = 4096
	rateMaxPerList = 8
)

// rateHeader is the first field of the first line of a rate table file.
const rateHeader = "vatkit-rates"

// LoadRates reads a rate table in the format of the embedded one (rates.tsv),
// so that a host can ship newer rates without a vatkit release.
//
// The format is UTF-8 text, one record a line, fields separated by one tab.
// Blank lines and lines starting with '#' are comments. The first other line
// is the header: "vatkit-rates", the format version "1", and the date the
// table was last checked (YYYY-MM-DD). Every later line has 7 fields:
//
//	country  from        standard  reduced   super_reduced  parking  sources
//	EE       2025-07-01  24        13,9                              TEDB;KDL;IBR
//
// country is an ISO code (or EL for Greece); from is the first day the row
// applies (it applies until the next row of the same country, which must be
// later); rates are percent with a '.' decimal point, lists are separated by
// commas and may be empty; sources names where the row was checked.
// Every rate must be above 0 and below the row's standard rate.
//
// Any error is a [*RateFormatError] naming the line, column and reason.
func LoadRates(r io.Reader) (*RateTable, error) {
	p := rateParser{t: &RateTable{byCode: make(map[Country][]rateRow)}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), rateMaxLine)
	for sc.Scan() {
		p.line++
		if err := p.parseLine(sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		reason := "read error"
		if errors.Is(err, bufio.ErrTooLong) {
			reason = fmt.Sprintf("line longer than %d bytes", rateMaxLine)
		}
		return nil, &RateFormatError{Line: p.line + 1, Reason: reason, Err: err}
	}
	if p.t.checked.IsZero() {
		return nil, &RateFormatError{Line: p.line, Reason: "no header line"}
	}
	p.t.finish()
	return p.t, nil
}

type rateParser struct {
	t    *RateTable
	line int
	rows int
}

func (p *rateParser) parseLine(s string) error {
	if s == "" || s[0] == '#' || strings.TrimSpace(s) == "" {
		return nil
	}
	fields := strings.Split(s, "\t")
	if p.t.checked.IsZero() {
		return p.parseHeader(fields)
	}
	if len(fields) != 7 {
		return p.errf(0, "%d fields, want 7 separated by tabs", len(fields))
	}
	p.rows++
	if p.rows > rateMaxRows {
		return p.errf(0, "more than %d rows", rateMaxRows)
	}
	return p.parseRow(fields)
}

func (p *rateParser) parseHeader(f []string) error {
	if len(f) != 3 || f[0] != rateHeader {
		return p.errf(0, "first line must be the header %q, version, date checked", rateHeader)
	}
	if f[1] != "1" {
		return p.errf(col(f, 1), "unsupported format version %q", f[1])
	}
	d, err := time.Parse(time.DateOnly, f[2])
	if err != nil {
		return p.errf(col(f, 2), "date checked %q is not YYYY-MM-DD", f[2])
	}
	p.t.checked = d
	return nil
}

func (p *rateParser) parseRow(f []string) error {
	c, err := ParseCountry(f[0])
	if err != nil {
		return p.errf(1, "unknown country %q", f[0])
	}
	from, err := time.Parse(time.DateOnly, f[1])
	if err != nil {
		return p.errf(col(f, 1), "date %q is not YYYY-MM-DD", f[1])
	}
	set := RateSet{Country: c, From: from, Sources: f[6]}
	if set.Standard, err = p.rate(f, 2, "standard"); err != nil {
		return err
	}
	lists := [...]*[]decimal.Decimal{&set.Reduced, &set.SuperReduced, &set.Parking}
	for i, dst := range lists {
		if *dst, err = p.rateList(f, 3+i, set.Standard); err != nil {
			return err
		}
	}
	rows := p.t.byCode[c]
	if n := len(rows); n > 0 && !rows[n-1].set.From.Before(from) {
		return p.errf(col(f, 1), "%s %s is not after the previous %s row (%s)",
			c, f[1], c, rows[n-1].set.From.Format(time.DateOnly))
	}
	p.t.byCode[c] = append(rows, rateRow{from: dayNumber(from), set: set})
	return nil
}

// rate parses the single rate in field i.
func (p *rateParser) rate(f []string, i int, what string) (decimal.Decimal, error) {
	s := f[i]
	if s == "" {
		return decimal.Decimal{}, p.errf(col(f, i), "%s rate is missing", what)
	}
	if !isPercent(s) {
		return decimal.Decimal{}, p.errf(col(f, i), "%s rate %q is not a percentage like 19 or 25.5", what, s)
	}
	r, err := decimal.NewFromString(s)
	if err != nil || !r.IsPositive() || r.Cmp(decimal.NewFromInt(100)) >= 0 {
		return decimal.Decimal{}, p.errf(col(f, i), "%s rate %q is not above 0 and below 100", what, s)
	}
	return r, nil
}

// rateList parses the comma-separated rates in field i; each must be below
// the standard rate and appear once.
func (p *rateParser) rateList(f []string, i int, standard decimal.Decimal) ([]decimal.Decimal, error) {
	if f[i] == "" {
		return nil, nil
	}
	parts := strings.Split(f[i], ",")
	if len(parts) > rateMaxPerList {
		return nil, p.errf(col(f, i), "more than %d rates in one list", rateMaxPerList)
	}
	out := make([]decimal.Decimal, len(parts))
	for j, s := range parts {
		r, err := p.rate(parts, j, "a")
		if err != nil {
			err.(*RateFormatError).Column += col(f, i) - 1
			return nil, err
		}
		if r.Cmp(standard) >= 0 {
			return nil, p.errf(col(f, i)+col(parts, j)-1, "rate %s is not below the standard rate %s", s, standard)
		}
		for _, prev := range out[:j] {
			if prev.Equal(r) {
				return nil, p.errf(col(f, i)+col(parts, j)-1, "rate %s appears twice", s)
			}
		}
		out[j] = r
	}
	return out[:len(parts):len(parts)], nil
}

func (p *rateParser) errf(column int, format string, args ...any) error {
	return &RateFormatError{Line: p.line, Column: column, Reason: fmt.Sprintf(format, args...)}
}

// finish fills each row's end with the start of the next row of its country.
func (t *RateTable) finish() {
	for _, rows := range t.byCode {
		for i := range rows {
			if i+1 < len(rows) {
				rows[i].set.Until = rows[i+1].set.From
			}
		}
	}
}

// col returns the 1-based byte column of field i when fields were split on a
// one-byte separator.
func col(fields []string, i int) int {
	c := 1
	for _, f := range fields[:i] {
		c += len(f) + 1
	}
	return c
}

// isPercent accepts digits with at most one '.' followed by at most three
// digits: no sign, exponent or spaces, which decimal.NewFromString would take.
func isPercent(s string) bool {
	dot := -1
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '.' && dot < 0 && i > 0:
			dot = i
		case s[i] < '0' || s[i] > '9':
			return false
		}
	}
	if dot >= 0 && (dot == len(s)-1 || len(s)-dot-1 > 3) {
		return false
	}
	return len(s) <= 8
}
