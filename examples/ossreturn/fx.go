package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"os"
	"slices"

	"github.com/vatkit/vatkit/vat"
)

// sampleRates are real ECB reference rates of a few days (see the file's
// comment), enough to try a non-EUR file of 2024-Q1 without downloading.
//
//go:embed testdata/eurofxref-sample.xml
var sampleRates []byte

// ecbHist is where the full history is published (vat-rules §4.1).
const ecbHist = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"

// rates returns the exchange rates to use: the -fx file, or else the
// shipped sample when it has every currency of txs for the period; nil
// when every amount is in EUR. Without a usable table it says which file
// to pass.
func rates(ctx context.Context, cfg config, txs []vat.Transaction) (vat.FX, error) {
	if cfg.fx != "" {
		f, err := os.Open(cfg.fx)
		if err != nil {
			return nil, fmt.Errorf("-fx: %w", err)
		}
		defer f.Close()
		t, err := vat.ParseECB(f)
		if err != nil {
			return nil, fmt.Errorf("-fx %s: %w", cfg.fx, err)
		}
		return t, nil
	}
	currencies := foreign(txs)
	if len(currencies) == 0 {
		return nil, nil
	}
	t, err := vat.ParseECB(bytes.NewReader(sampleRates))
	if err != nil {
		return nil, err
	}
	for _, c := range currencies {
		if _, _, err := vat.OSSRate(ctx, t, c, cfg.period.End()); err != nil {
			first, last := t.Range()
			return nil, fmt.Errorf("amounts in %s need the ECB rate of %s (or the next publication day), and the rates shipped with this command cover only %s to %s: download %s, unzip it and pass -fx eurofxref-hist.xml",
				c, cfg.period.End().Format("2006-01-02"), first.Format("2006-01-02"), last.Format("2006-01-02"), ecbHist)
		}
	}
	return t, nil
}

// foreign lists the currencies other than EUR in txs.
func foreign(txs []vat.Transaction) []string {
	var out []string
	for i := range txs {
		c := txs[i].Currency
		if c != "EUR" && c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}
