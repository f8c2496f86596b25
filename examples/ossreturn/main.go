// Command ossreturn reads a seller's sales files and prints the Union-scheme
// OSS return of one quarter: vatkit's quick start.
//
//	go run ./examples/ossreturn -home DE -period 2026-Q3 [-fx eurofxref-hist.xml] [-format json|csv|bzst] FILE...
//	    [-seller seller.json] [-previous-year EUR] [-vat-number CC=NUMBER ...] [-established CC] [-oss-from DATE]
//	    [-scheme union|import|non-union] [-report return|reconciliation]
//
// -scheme import prints the import-scheme (IOSS) return of a month
// (-period 2026-07), filed under the IOSS number of the -seller facts
// (ioss_number); -scheme non-union the non-Union return of a quarter for a
// seller established outside the EU (no "established" in its facts, no
// -established), identified in -home and filed under the facts'
// non_union_number. -report reconciliation prints,
// instead of a return, the comparison of the VAT the files state with the
// VAT vatkit finds due, for the period (a quarter or a month), per
// country and rate and per differing row, with the reason (json or csv).
//
// It reads Amazon VAT Transactions Reports, PayPal activity downloads and
// vatkit's template (CSV or XLSX), detecting each file's format, seals the
// transactions in an in-memory vault as a server would, and prints the
// return on standard output; progress, row errors and a summary go to
// standard error. -home is the member state of identification and, unless
// -established says otherwise, of establishment. Give it more than the
// quarter: earlier months count towards the €10,000 threshold and link
// refunds to their sales. Goods whose file names no ship-from country (a
// PayPal download names only the buyer's) are taken as shipped from -home,
// with a warning.
//
// The seller's facts (vat.Seller's JSON) come from -seller and the simple
// flags, which override it: -previous-year (last year's cross-border sales
// to consumers in EUR without VAT), -vat-number CC=NUMBER (repeatable),
// -established and -oss-from. Facts the files show are used and listed:
// the countries goods left from (as warehouses, when the facts name none)
// and the seller's VAT numbers Amazon reports; a file that contradicts a
// given fact is a review entry.
// A fact the return rests on and nobody gave is a review entry too.
//
// -fx is needed only when the return must convert an amount that is not in
// EUR; without it, the rates shipped in testdata are used, and the command
// names the file to pass when they do not cover what the return needs.
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
	scheme string // "union", "import" or "non-union"
	report string // "return" or "reconciliation"
	files  []string
	facts  facts
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
	format := fs.String("format", "json", "output: json, csv or bzst (Germany's BZSt OSS upload, Union scheme return only)")
	scheme := fs.String("scheme", "union", "the return's scheme: union, import (a month: -period 2026-07) or non-union")
	rep := fs.String("report", "return", "what to print: return, or reconciliation (the files' VAT against vatkit's)")
	var f facts
	f.define(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ossreturn -home DE -period 2026-Q3 [-fx eurofxref-hist.xml] [-format json|csv|bzst] FILE...\n"+
			"    [-seller seller.json] [-previous-year EUR] [-vat-number CC=NUMBER ...] [-established CC] [-oss-from DATE]\n"+
			"    [-scheme union|import|non-union] [-report return|reconciliation]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	cfg := config{fx: *fx, format: *format, scheme: *scheme, report: *rep, files: fs.Args(), facts: f}
	var err error
	if cfg.home, err = vat.ParseCountry(*home); err != nil {
		return config{}, fmt.Errorf("-home: want a member state code such as DE, got %q", *home)
	}
	if err := cfg.checkKind(*period); err != nil {
		return config{}, err
	}
	if start := vat.UnionSchemeStart(); cfg.period.End().Before(start) {
		return config{}, fmt.Errorf("-period: the One-Stop-Shop began on %s: there is no OSS return for %s", start.Format("2 January 2006"), cfg.period)
	}
	if !cfg.home.IsMember(cfg.period.Start()) {
		return config{}, fmt.Errorf("-home: %s is not an EU member state in %s", cfg.home, cfg.period)
	}
	switch {
	case cfg.format == "bzst" && (cfg.scheme != "union" || cfg.report != "return"):
		return config{}, errors.New("-format: bzst is for the Union scheme return only; want json or csv")
	case cfg.format != "json" && cfg.format != "csv" && cfg.format != "bzst":
		return config{}, fmt.Errorf("-format: want json, csv or bzst, got %q", cfg.format)
	case cfg.scheme == "non-union" && cfg.facts.established != "":
		return config{}, errors.New("-established: the non-Union scheme is for sellers established outside the EU")
	}
	if len(cfg.files) == 0 {
		fs.Usage()
		return config{}, errors.New("no input files")
	}
	if err := cfg.facts.load(); err != nil {
		return config{}, err
	}
	return cfg, nil
}

// checkKind checks -scheme and -report and parses -period for them: a
// month for the import scheme, a quarter for the others; a reconciliation
// takes either.
func (cfg *config) checkKind(period string) error {
	switch cfg.scheme {
	case "union", "import", "non-union":
	default:
		return fmt.Errorf("-scheme: want union, import or non-union, got %q", cfg.scheme)
	}
	if cfg.report != "return" && cfg.report != "reconciliation" {
		return fmt.Errorf("-report: want return or reconciliation, got %q", cfg.report)
	}
	p, err := vat.ParsePeriod(period)
	switch {
	case err != nil && cfg.report == "reconciliation":
		return fmt.Errorf("-period: want a quarter such as 2026-Q3 or a month such as 2026-07, got %q", period)
	case cfg.report == "reconciliation":
	case cfg.scheme == "import" && (err != nil || p.Quarter != 0):
		return fmt.Errorf("-period: the import scheme return is monthly: want a month such as 2026-07, got %q", period)
	case cfg.scheme != "import" && (err != nil || p.Quarter == 0):
		return fmt.Errorf("-period: want a quarter such as 2026-Q3, got %q", period)
	}
	cfg.period = p
	return nil
}
