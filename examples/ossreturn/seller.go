package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// facts are the seller's facts given on the command line: a vat.Seller
// JSON file and the flags that override it.
type facts struct {
	file         string
	seller       *vat.Seller // read from file
	previousYear decimal.NullDecimal
	numbers      []vat.Number
	established  vat.Country
	ossFrom      time.Time
}

// define declares the flags of the seller's facts on fs.
func (f *facts) define(fs *flag.FlagSet) {
	fs.StringVar(&f.file, "seller", "", "the seller's facts, a JSON file: "+
		`{"established":"DE","oss_from":"2021-07-01","previous_year_eur":"12500.00","vat_numbers":{"PL":"PL…"},"warehouses":["PL"]}`)
	fs.Func("previous-year", "last year's cross-border sales to consumers, EUR without VAT (Art 59c)", func(s string) error {
		d, err := decimal.NewFromString(s)
		if err != nil || d.IsNegative() {
			return errors.New("want an amount in euros such as 12500.00")
		}
		f.previousYear = decimal.NewNullDecimal(d)
		return nil
	})
	fs.Func("vat-number", "your VAT number in a member state, CC=NUMBER (repeatable)", func(s string) error {
		cc, num, ok := strings.Cut(s, "=")
		c, err := vat.ParseCountry(strings.TrimSpace(cc))
		if !ok || err != nil {
			return errors.New("want CC=NUMBER, such as PL=PL5211355116")
		}
		n, _ := vat.ParseNumberIn(c, num) // a check-digit failure alone keeps n: VIES decides
		if n.IsZero() || n.Country() != c {
			return fmt.Errorf("not a VAT number of %s", c.Name())
		}
		f.numbers = append(f.numbers, n)
		return nil
	})
	fs.Func("established", "member state where you are established (default: -home)", func(s string) error {
		c, err := vat.ParseCountry(s)
		if err != nil || c == vat.GB {
			return errors.New("want a member state code such as DE")
		}
		f.established = c
		return nil
	})
	fs.Func("oss-from", "first day of your Union-scheme registration, YYYY-MM-DD", func(s string) error {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return errors.New("want a date such as 2021-07-01")
		}
		f.ossFrom = t
		return nil
	})
}

// load reads the -seller file.
func (f *facts) load() error {
	if f.file == "" {
		return nil
	}
	b, err := os.ReadFile(f.file)
	if err != nil {
		return fmt.Errorf("-seller: %w", err)
	}
	var s vat.Seller
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("-seller %s: %w", f.file, err)
	}
	f.seller = &s
	return nil
}

// sellerFor returns the seller the return is built for: the -seller file,
// the flags over it, identified in -home. When the facts name no
// warehouses, every country the files show goods leaving from is taken as
// one (which makes the €10,000 threshold unavailable, Art 59c(1)(b)), and
// said on w; when they name some, a country the files add is a review
// entry of the return.
func sellerFor(cfg config, txs []vat.Transaction, w io.Writer) (vat.Seller, error) {
	s := vat.Seller{Established: cfg.home}
	if cfg.scheme == "non-union" {
		s.Established = "" // the scheme's sellers are established outside the EU
	}
	if cfg.facts.seller != nil {
		s = *cfg.facts.seller
		if id := s.OSS.MemberState; id != "" && id != s.Established && id != cfg.home {
			return vat.Seller{}, fmt.Errorf("-seller identifies you in %s for the One-Stop-Shop, -home says %s", id, cfg.home)
		}
	}
	if cfg.scheme == "non-union" {
		if s.Established != "" {
			return vat.Seller{}, fmt.Errorf("-seller establishes you in %s: the non-Union scheme is for sellers established outside the EU", s.Established)
		}
	} else if s.Established == "" || cfg.facts.established != "" {
		s.Established = cfg.facts.established
		if s.Established == "" {
			s.Established = cfg.home
		}
	}
	s.OSS.MemberState = cfg.home
	if !cfg.facts.ossFrom.IsZero() {
		s.OSS.From = cfg.facts.ossFrom
	}
	if cfg.facts.previousYear.Valid {
		s.PreviousYear = cfg.facts.previousYear
	}
	for _, n := range cfg.facts.numbers {
		s.Registrations = slices.DeleteFunc(s.Registrations, func(m vat.Number) bool { return m.Country() == n.Country() })
		s.Registrations = append(s.Registrations, n)
	}
	if len(s.Warehouses) > 0 || s.Established == "" {
		return s, nil // given: a country the files add is a review entry of the return
	}
	for _, c := range vat.DispatchCountries(txs, s.Established) {
		s.Warehouses = append(s.Warehouses, c)
		fmt.Fprintf(w, "ossreturn: goods left from %s in the files: counted as a warehouse of yours (no €10,000 threshold, Art 59c(1)(b))\n", c)
	}
	return s, nil
}

// listFound says which of the seller's VAT numbers the files reported,
// and whether the return used them.
func listFound(w io.Writer, s vat.Seller, r *report.OSSReturn) {
	for _, n := range r.FoundNumbers {
		use := "used where you gave none"
		if slices.ContainsFunc(s.Registrations, func(m vat.Number) bool { return m.Country() == n.Country() }) {
			use = "you gave one for " + string(n.Country()) + ": yours is used"
		}
		fmt.Fprintf(w, "ossreturn: your VAT number in %s from the files: %s (%s)\n", n.Country(), n, use)
	}
	if !s.PreviousYear.Valid {
		fmt.Fprintln(w, "ossreturn: last year's cross-border sales not given (-previous-year): counted from the files where they cover last year, else taken as €10,000 or less")
	}
}
