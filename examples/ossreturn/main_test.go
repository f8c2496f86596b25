package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/vat"
)

var update = flag.Bool("update", false, "rewrite the testdata input files")

const (
	sampleFile = "testdata/sample-2026.csv"
	e4File     = "testdata/e4-2025-q3.csv"
)

// sampleSeed seeds the shipped sample.
const sampleSeed = 2026

// TestInputsAreCurrent checks the shipped input files against their
// generators; -update rewrites them.
func TestInputsAreCurrent(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		write      func(*bytes.Buffer) error
	}{
		{"sample", sampleFile, func(b *bytes.Buffer) error { return writeSample(b, sampleSeed) }},
		{"e4", e4File, func(b *bytes.Buffer) error { return writeE4(b) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			must(t, tc.write(&b))
			if *update {
				must(t, os.WriteFile(tc.path, b.Bytes(), 0o644))
			}
			got, err := os.ReadFile(tc.path)
			must(t, err)
			if !bytes.Equal(got, b.Bytes()) {
				t.Fatalf("%s is stale: go test ./examples/ossreturn -run TestInputsAreCurrent -update", tc.path)
			}
		})
	}
}

// runJSON runs the command and decodes its JSON output.
func runJSON(t *testing.T, args ...string) (map[string]any, string) {
	t.Helper()
	cfg, err := parseFlags(args, &bytes.Buffer{})
	must(t, err)
	var out, errb bytes.Buffer
	if err := run(context.Background(), cfg, &out, &errb); err != nil {
		t.Fatalf("run: %v\n%s", err, errb.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	return m, errb.String()
}

func TestE4EndToEnd(t *testing.T) {
	m, stderr := runJSON(t, "-home", "DE", "-period", "2025-Q3", filepath.FromSlash(e4File))
	if !strings.Contains(stderr, "14 rows, 14 accepted") {
		t.Errorf("stderr does not count the rows:\n%s", stderr)
	}
	equal(t, "scheme", m["scheme"], "union")
	equal(t, "member state", m["member_state_of_identification"], "DE")
	equal(t, "period", m["period"], "2025-Q3")
	equal(t, "total", m["total_vat"], "491.00")
	want := []any{
		line("AT", "goods", "standard", "20", "CZ", "400.00", "80.00"),
		line("EE", "goods", "standard", "24", "DE", "300.00", "72.00"),
		line("FR", "goods", "standard", "20", "DE", "1000.00", "200.00"),
		line("FR", "goods", "reduced", "5.5", "DE", "200.00", "11.00"),
		line("IE", "services", "standard", "23", "DE", "99.99", "23.00"),
		line("NL", "goods", "standard", "21", "DE", "500.00", "105.00"),
	}
	equal(t, "lines", m["lines"], any(want))
	equal(t, "corrections", m["corrections"], any([]any{}))
	// The seller declared no Czech VAT number: the CZ block needs one.
	equal(t, "needs_review", m["needs_review"], any([]any{map[string]any{"source": "", "line": 0.0,
		"reason": "Goods were sent from Czechia: the return must give your VAT number there for them. Add it to your seller facts (vat_numbers)."}}))
}

func line(country, supply, rateType, rate, from, taxable, v string) map[string]any {
	return map[string]any{"country": country, "supply": supply, "rate_type": rateType, "rate": rate,
		"dispatched_from": from, "taxable_amount": taxable, "vat_amount": v}
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no home", []string{"-period", "2026-Q3", "f.csv"}},
		{"bad home", []string{"-home", "XX", "-period", "2026-Q3", "f.csv"}},
		{"home not a member", []string{"-home", "GB", "-period", "2026-Q3", "f.csv"}},
		{"month", []string{"-home", "DE", "-period", "2026-07", "f.csv"}},
		{"bad format", []string{"-home", "DE", "-period", "2026-Q3", "-format", "xml", "f.csv"}},
		{"no files", []string{"-home", "DE", "-period", "2026-Q3"}},
		{"bad scheme", []string{"-home", "DE", "-period", "2026-Q3", "-scheme", "moss", "f.csv"}},
		{"bad report", []string{"-home", "DE", "-period", "2026-Q3", "-report", "audit", "f.csv"}},
		{"import for a quarter", []string{"-home", "DE", "-period", "2026-Q3", "-scheme", "import", "f.csv"}},
		{"non-union for a month", []string{"-home", "IE", "-period", "2026-07", "-scheme", "non-union", "f.csv"}},
		{"bzst of the import scheme", []string{"-home", "DE", "-period", "2026-07", "-scheme", "import", "-format", "bzst", "f.csv"}},
		{"bzst of a reconciliation", []string{"-home", "DE", "-period", "2026-Q3", "-report", "reconciliation", "-format", "bzst", "f.csv"}},
		{"non-union established", []string{"-home", "IE", "-period", "2026-Q3", "-scheme", "non-union", "-established", "IE", "f.csv"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseFlags(tc.args, &bytes.Buffer{}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	cfg, err := parseFlags([]string{"-home", "de", "-period", "2026-q3", "-format", "bzst", "a", "b"}, &bytes.Buffer{})
	must(t, err)
	equal(t, "config", cfg, config{home: "DE", period: vat.Period{Year: 2026, Quarter: 3}, format: "bzst",
		scheme: "union", report: "return", files: []string{"a", "b"}})
	cfg, err = parseFlags([]string{"-home", "DE", "-period", "2026-07", "-scheme", "import", "a"}, &bytes.Buffer{})
	must(t, err)
	equal(t, "import period", cfg.period, vat.Period{Year: 2026, Month: 7})
	cfg, err = parseFlags([]string{"-home", "DE", "-period", "2026-07", "-report", "reconciliation", "a"}, &bytes.Buffer{})
	must(t, err)
	equal(t, "reconciliation period", cfg.period, vat.Period{Year: 2026, Month: 7})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func equal[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}
