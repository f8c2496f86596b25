package vat

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

const loadHeader = "vatkit-rates\t1\t2026-01-01\n"

func TestLoadRates(t *testing.T) {
	in := "# comment\n\n" + loadHeader +
		"DE\t2021-01-01\t19\t7\t\t\tTEDB\n" +
		"EL\t2021-01-01\t24\t13,6\t\t\tTEDB\n" + // EL is Greece's VAT prefix
		"DE\t2030-01-01\t21\t7\t\t\tinvented\n"
	tb, err := LoadRates(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		c     Country
		on    time.Time
		std   string
		until string
	}{
		{"first row", DE, day(2029, 12, 31), "19", "2030-01-01"},
		{"second row", DE, day(2030, 1, 1), "21", ""},
		{"EL is GR", GR, day(2024, 1, 1), "24", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tb.Lookup(tt.c, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			until := ""
			if !s.Until.IsZero() {
				until = s.Until.Format(time.DateOnly)
			}
			if !s.Standard.Equal(mustDec(tt.std)) || until != tt.until {
				t.Errorf("Lookup = %s until %q, want %s until %q", s.Standard, until, tt.std, tt.until)
			}
		})
	}
}

func TestLoadRatesErrors(t *testing.T) {
	row := func(f ...string) string { return strings.Join(f, "\t") + "\n" }
	tests := []struct {
		name         string
		in           string
		line, column int
		reason       string
	}{
		{"empty", "", 0, 0, "no header"},
		{"only comments", "# x\n", 1, 0, "no header"},
		{"no header", row("DE", "2021-01-01", "19", "7", "", "", "x"), 1, 0, "header"},
		{"bad version", "vatkit-rates\t2\t2026-01-01\n", 1, 14, "version"},
		{"bad checked date", "vatkit-rates\t1\t2026-13-01\n", 1, 16, "date checked"},
		{"few fields", loadHeader + "DE\t2021-01-01\t19\n", 2, 0, "3 fields"},
		{"spaces not tabs", loadHeader + "DE 2021-01-01 19 7   x\n", 2, 0, "1 fields"},
		{"unknown country", loadHeader + row("US", "2021-01-01", "19", "", "", "", "x"), 2, 1, `unknown country "US"`},
		{"bad date", loadHeader + row("DE", "2021-02-30", "19", "", "", "", "x"), 2, 4, "not YYYY-MM-DD"},
		{"missing standard", loadHeader + row("DE", "2021-01-01", "", "", "", "", "x"), 2, 15, "standard rate is missing"},
		{"comma decimal", loadHeader + row("DE", "2021-01-01", "25,5", "", "", "", "x"), 2, 15, "not a percentage"},
		{"exponent", loadHeader + row("DE", "2021-01-01", "1e1", "", "", "", "x"), 2, 15, "not a percentage"},
		{"negative", loadHeader + row("DE", "2021-01-01", "-19", "", "", "", "x"), 2, 15, "not a percentage"},
		{"zero standard", loadHeader + row("DE", "2021-01-01", "0", "", "", "", "x"), 2, 15, "above 0"},
		{"hundred", loadHeader + row("DE", "2021-01-01", "100", "", "", "", "x"), 2, 15, "below 100"},
		{"too many decimals", loadHeader + row("DE", "2021-01-01", "19.0001", "", "", "", "x"), 2, 15, "not a percentage"},
		{"reduced above standard", loadHeader + row("DE", "2021-01-01", "19", "7,20", "", "", "x"), 2, 20, "not below the standard"},
		{"empty list item", loadHeader + row("DE", "2021-01-01", "19", "7,", "", "", "x"), 2, 20, "missing"},
		{"twice", loadHeader + row("DE", "2021-01-01", "19", "7,7", "", "", "x"), 2, 20, "twice"},
		{"bad parking", loadHeader + row("DE", "2021-01-01", "19", "", "", "x", "x"), 2, 20, "not a percentage"},
		{"out of order", loadHeader + row("DE", "2022-01-01", "19", "", "", "", "x") + row("DE", "2021-01-01", "19", "", "", "", "x"), 3, 4, "not after"},
		{"duplicate date", loadHeader + row("DE", "2022-01-01", "19", "", "", "", "x") + row("DE", "2022-01-01", "19", "", "", "", "x"), 3, 4, "not after"},
		{"long line", loadHeader + strings.Repeat("x", rateMaxLine+1) + "\n", 2, 0, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := LoadRates(strings.NewReader(tt.in))
			if tb != nil || !errors.Is(err, ErrRateFormat) {
				t.Fatalf("LoadRates = %v, %v; want nil, ErrRateFormat", tb, err)
			}
			var fe *RateFormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not a *RateFormatError", err)
			}
			if fe.Line != tt.line || fe.Column != tt.column || !strings.Contains(fe.Reason, tt.reason) {
				t.Errorf("error %q at %d:%d, want %q at %d:%d", fe.Reason, fe.Line, fe.Column, tt.reason, tt.line, tt.column)
			}
			if !strings.HasPrefix(err.Error(), "vat: rate table line ") {
				t.Errorf("message %q lacks the package prefix and position", err)
			}
		})
	}
}

func TestLoadRatesRowLimit(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(loadHeader)
	start := day(2000, 1, 1)
	for i := range rateMaxRows + 1 {
		b.WriteString("DE\t" + start.AddDate(0, 0, i).Format(time.DateOnly) + "\t19\t\t\t\tx\n")
	}
	_, err := LoadRates(&b)
	var fe *RateFormatError
	if !errors.As(err, &fe) || fe.Line != rateMaxRows+2 || !strings.Contains(fe.Reason, "more than") {
		t.Fatalf("LoadRates with %d rows: %v, want a row-limit error on line %d", rateMaxRows+1, err, rateMaxRows+2)
	}
}

// FuzzLoadRates: any input yields a table or a *RateFormatError, never a panic,
// and a table answers lookups consistently with its own history.
func FuzzLoadRates(f *testing.F) {
	f.Add(embeddedRates)
	f.Add(loadHeader + "DE\t2021-01-01\t19\t7\t\t\tx\n")
	f.Add(loadHeader + "EE\t2024-01-01\t22\t9,5\t\t\tx\nEE\t2025-07-01\t24\t13,9\t\t\tx\n")
	f.Add(loadHeader + "IE\t2021-03-01\t23\t13.5,9\t4.8\t13.5\tx\n")
	f.Fuzz(func(t *testing.T, in string) {
		tb, err := LoadRates(strings.NewReader(in))
		if err != nil {
			var fe *RateFormatError
			if !errors.As(err, &fe) || fe.Line < 0 || fe.Column < 0 {
				t.Fatalf("error %v (%T) is not a positioned *RateFormatError", err, err)
			}
			return
		}
		for _, c := range tb.Countries() {
			for _, s := range tb.History(c) {
				got, err := tb.Lookup(c, s.From)
				if err != nil || !got.From.Equal(s.From) || !got.Standard.Equal(s.Standard) {
					t.Fatalf("Lookup(%s, %v) = %v, %v; want the row starting then", c, s.From, got.From, err)
				}
				if k, ok := got.Kind(s.Standard); !ok || k != RateStandard {
					t.Fatalf("Kind(standard) = %v, %v", k, ok)
				}
			}
		}
	})
}
