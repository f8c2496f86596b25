package vat

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// ErrNoRate is the sentinel for a country or a date a [RateTable] does not cover:
// a date before the table's first row for that country, or a country the table
// has no row for. errors.Is(err, ErrNoRate) holds for every [RateError].
var ErrNoRate = errors.New("vat: no rate")

// RateError says why [RateTable.Lookup] found no rates. It unwraps to
// [ErrNoRate] and, for a code vatkit does not know, also to [ErrUnknownCountry].
type RateError struct {
	Country Country
	On      time.Time // the date asked for
	Reason  string
}

func (e *RateError) Error() string {
	return fmt.Sprintf("vat: no rate for %q on %s: %s", string(e.Country), e.On.Format(time.DateOnly), e.Reason)
}

// Unwrap returns the sentinels the error stands for.
func (e *RateError) Unwrap() []error {
	if !e.Country.Known() {
		return []error{ErrNoRate, ErrUnknownCountry}
	}
	return []error{ErrNoRate}
}

// RateSet is the set of VAT rates in force in one country over one period, in
// percent (19 means 19 %, 25.5 means 25.5 %).
//
// The slices are shared with the [RateTable] they come from, so that a lookup
// does not allocate: read them, never write to them. Appending to one copies it.
type RateSet struct {
	Country Country

	// From is the first day the set applies (its effective date); Until is the
	// first day it no longer applies, or the zero Time while it is the latest
	// set the table knows.
	From, Until time.Time

	Standard     decimal.Decimal
	Reduced      []decimal.Decimal // highest first
	SuperReduced []decimal.Decimal // below 5 %, kept by some states since before 1991
	Parking      []decimal.Decimal // intermediate rates of at least 12 %

	// Sources names where the row was checked, as keys explained in the table
	// file (for the embedded table: the comment block at the top of rates.tsv).
	Sources string
}

// RateTable is a dated table of VAT rates per country. It is immutable once
// built and safe for concurrent use. Get one from [DefaultRates] or [LoadRates].
type RateTable struct {
	checked time.Time
	byCode  map[Country][]rateRow
}

// rateRow is one RateSet with its first day as a day number, so that a lookup
// compares integers instead of time.Time values.
type rateRow struct {
	from int32 // days since 1970-01-01
	set  RateSet
}

//go:embed rates.tsv
var embeddedRates string

// defaultRates parses the embedded table once. It is not mutable state: the
// table never changes after the first call.
var defaultRates = sync.OnceValue(func() *RateTable {
	t, err := LoadRates(strings.NewReader(embeddedRates))
	if err != nil {
		// The embedded file is checked by the package tests; reaching this
		// means the build itself is broken.
		panic("vat: embedded rate table: " + err.Error())
	}
	return t
})

// DefaultRates returns the rate table compiled into vatkit: every EU member
// state, XI (Northern Ireland, which applies UK rates) and GB for reference,
// from 2021-01-01 (Ireland from 2020-09-01) to the date in [RateTable.Checked].
// Every call returns the same table. A host that needs newer rates without
// waiting for a release loads its own file with [LoadRates].
func DefaultRates() *RateTable { return defaultRates() }

// Checked returns the date the table's author last checked it against its
// sources. Rates after that date are the last known ones: a change announced
// later is not in the table.
func (t *RateTable) Checked() time.Time { return t.checked }

// Lookup returns the rates in force in c on the calendar date of on (in on's
// own location: a tax point at 23:30 in Berlin stays on its day). Rate changes
// take effect at the start of a day, so the date alone decides.
//
// A date before the table's first row for c, or a country the table has no
// row for, is a [*RateError] (errors.Is ErrNoRate). Lookup does not allocate.
func (t *RateTable) Lookup(c Country, on time.Time) (RateSet, error) {
	rows := t.byCode[c]
	d := dayNumber(on)
	// Tables hold a handful of rows per country, newest last: a backward scan
	// beats a binary search at this size.
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].from <= d {
			return rows[i].set, nil
		}
	}
	return RateSet{}, t.lookupError(c, on)
}

func (t *RateTable) lookupError(c Country, on time.Time) error {
	rows := t.byCode[c]
	if len(rows) == 0 {
		if !c.Known() {
			return &RateError{Country: c, On: on, Reason: "unknown country"}
		}
		return &RateError{Country: c, On: on, Reason: "not in the table"}
	}
	first := rows[0].set.From.Format(time.DateOnly)
	return &RateError{Country: c, On: on, Reason: "the table starts on " + first}
}

// Countries returns the countries the table has rows for, sorted by code.
// The caller owns the slice.
func (t *RateTable) Countries() []Country {
	out := make([]Country, 0, len(t.byCode))
	for c := range t.byCode {
		out = append(out, c)
	}
	sortCountries(out)
	return out
}

// History returns every rate set of c, oldest first, or nil. The caller owns
// the slice (the rate slices inside stay shared and read-only).
func (t *RateTable) History(c Country) []RateSet {
	rows := t.byCode[c]
	if len(rows) == 0 {
		return nil
	}
	out := make([]RateSet, len(rows))
	for i, r := range rows {
		out[i] = r.set
	}
	return out
}

// sortCountries orders codes alphabetically (insertion sort: at most ~30).
func sortCountries(cs []Country) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j] < cs[j-1]; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// dayNumber returns the calendar date of t, in t's location, as days since
// 1970-01-01, without allocating: the local wall-clock seconds, floored to days.
func dayNumber(t time.Time) int32 {
	_, offset := t.Zone()
	s := t.Unix() + int64(offset)
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return int32(d)
}
