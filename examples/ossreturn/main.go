// Command ossreturn reads a seller's sales files and prints the Union-scheme
// OSS return of one quarter: vatkit's quick start.
//
//	go run ./examples/ossreturn -home DE -period 2026-Q3 [-fx eurofxref-hist.xml] [-format json|csv|bzst] FILE...
//
// It reads Amazon VAT Transactions Reports, PayPal activity downloads and
// vatkit's template (CSV or XLSX), detecting each file's format, seals the
// transactions in an in-memory vault as a server would, and prints the
// return on standard output; progress, row errors and a summary go to
// standard error. -home is the member state of identification and of
// establishment. Give it more than the quarter: earlier months count
// towards the €10,000 threshold and link refunds to their sales. Goods
// whose file names no ship-from country (a PayPal download names only the
// buyer's) are taken as shipped from -home, with a warning.
//
// -fx is needed only when an amount is not in EUR; without it, the rates
// shipped in testdata are used when they cover the period.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/vatkit/vatkit/vat"
)

// config is the command line.
type config struct {
	home   vat.Country
	period vat.Period
	fx     string
	format string
	files  []string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err == nil {
		err = run(ctx, cfg, os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ossreturn:", strings.TrimPrefix(err.Error(), "ossreturn: "))
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("ossreturn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	home := fs.String("home", "", "member state of identification and establishment, e.g. DE (required)")
	period := fs.String("period", "", "quarter of the return, e.g. 2026-Q3 (required)")
	fx := fs.String("fx", "", "ECB reference rates (eurofxref-hist.xml); needed when an amount is not in EUR")
	format := fs.String("format", "json", "output: json, csv or bzst (Germany's BZSt OSS upload)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ossreturn -home DE -period 2026-Q3 [-fx eurofxref-hist.xml] [-format json|csv|bzst] FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	cfg := config{fx: *fx, format: *format, files: fs.Args()}
	var err error
	if cfg.home, err = vat.ParseCountry(*home); err != nil {
		return config{}, fmt.Errorf("-home: want a member state code such as DE, got %q", *home)
	}
	if cfg.period, err = vat.ParsePeriod(*period); err != nil || cfg.period.Quarter == 0 {
		return config{}, fmt.Errorf("-period: want a quarter such as 2026-Q3, got %q", *period)
	}
	if !cfg.home.IsMember(cfg.period.Start()) {
		return config{}, fmt.Errorf("-home: %s is not an EU member state in %s", cfg.home, cfg.period)
	}
	switch cfg.format {
	case "json", "csv", "bzst":
	default:
		return config{}, fmt.Errorf("-format: want json, csv or bzst, got %q", cfg.format)
	}
	if len(cfg.files) == 0 {
		fs.Usage()
		return config{}, errors.New("no input files")
	}
	return cfg, nil
}
