package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// sampleRates are real ECB reference rates of a few days (see the file's
// comment), enough to try a non-EUR file of 2024-Q1 without downloading.
//
//go:embed testdata/eurofxref-sample.xml
var sampleRates []byte

// ecbHist is where the ECB publishes the full history of its euro
// reference rates.
const ecbHist = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"

// rates returns the exchange rates to use: the -fx file, or else the
// shipped sample, which notes every rate the return asks for and it does
// not have (see shipped.missing). Rates are asked for only when the return
// needs them: a file with domestic sales in PLN needs none.
func rates(cfg config) (vat.FX, *shipped, error) {
	if cfg.fx != "" {
		f, err := os.Open(cfg.fx)
		if err != nil {
			return nil, nil, fmt.Errorf("-fx: %w", err)
		}
		defer f.Close()
		t, err := vat.ParseECB(f)
		if err != nil {
			return nil, nil, fmt.Errorf("-fx %s: %w", cfg.fx, err)
		}
		return t, nil, nil
	}
	t, err := vat.ParseECB(bytes.NewReader(sampleRates))
	if err != nil {
		return nil, nil, err
	}
	s := &shipped{table: t}
	return s, s, nil
}

// shipped answers from the shipped sample and remembers what it could not
// answer. It is used by one build at a time.
type shipped struct {
	table  *vat.FXTable
	missed []string // "USD on 2026-09-30"
}

// Rate implements vat.FX.
func (s *shipped) Rate(ctx context.Context, currency string, on time.Time) (decimal.Decimal, time.Time, error) {
	r, p, err := s.table.Rate(ctx, currency, on)
	if err != nil {
		if m := currency + " on " + on.Format(time.DateOnly); !slices.Contains(s.missed, m) {
			s.missed = append(s.missed, m)
		}
	}
	return r, p, err
}

// missing returns the error that names the file to pass when the return
// asked for rates the sample does not have; nil when it had them all.
func (s *shipped) missing() error {
	if s == nil || len(s.missed) == 0 {
		return nil
	}
	first, last := s.table.Range()
	return fmt.Errorf("the return needs ECB rates (%s, or the next publication day) that the rates shipped with this command do not have (they cover %s to %s): download %s, unzip it and pass -fx eurofxref-hist.xml",
		strings.Join(s.missed, ", "), first.Format(time.DateOnly), last.Format(time.DateOnly), ecbHist)
}
