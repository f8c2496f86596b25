package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/internal/gen"
)

func runText(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cfg, err := parseFlags(args, &bytes.Buffer{})
	must(t, err)
	var out, errb bytes.Buffer
	err = run(context.Background(), cfg, &out, &errb)
	return out.String(), errb.String(), err
}

// The other output formats carry the same return.
func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"csv", []string{"return,DE,,,,,,2025-Q3,2025-10-31,,491.00", "line,AT,goods,standard,20,CZ,,2025-Q3,,400.00,80.00"}},
		{"bzst", []string{"#v2.0\n1,AT\n5,AT,1,CZ,,STANDARD,20.00,400.00,80.00\n", "2,IE,STANDARD,23.00,99.99,23.00\n"}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			out, _, err := runText(t, "-home", "DE", "-period", "2025-Q3", "-format", tc.format, filepath.FromSlash(e4File))
			must(t, err)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// A quarter without OSS supplies is a nil return, said on stderr.
func TestNilReturn(t *testing.T) {
	m, stderr := runJSON(t, "-home", "DE", "-period", "2025-Q1", filepath.FromSlash(e4File))
	equal(t, "lines", m["lines"], any([]any{}))
	equal(t, "total", m["total_vat"], "0.00")
	if !strings.Contains(stderr, "nil return") {
		t.Errorf("stderr does not say nil return:\n%s", stderr)
	}
}

// Amounts in USD without -fx: the shipped rates cover the end of 2024-Q1
// only, so a return for 2024-Q1 is built with them (the OSS rate for 31
// March 2024 is the ECB's of 2 April, USD 1.0749, after Good Friday and
// Easter Monday), and one for 2026-Q3 stops with a message naming the file
// to pass.
func TestShippedRates(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "usd.csv")
	body := e4Header + "\n" +
		"sale,U-1,1,2024-02-10,,goods,DE,FR,1074.90,214.98,1289.88,20,USD,no,,,,,,\n" +
		"sale,U-2,1,2026-08-10,,goods,DE,FR,100.00,20.00,120.00,20,USD,no,,,,,,\n" +
		"sale,U-3,1,2026-01-10,,goods,CZ,CZ,10.00,2.10,12.10,21,EUR,no,,,,,,\n"
	must(t, os.WriteFile(file, []byte(body), 0o644))
	m, _ := runJSON(t, "-home", "DE", "-period", "2024-Q1", file)
	// 1074.90 / 1.0749 = 1000.00; 214.98 / 1.0749 = 200.00 (ECB, 2 April 2024).
	equal(t, "lines", m["lines"], any([]any{line("FR", "goods", "standard", "20", "DE", "1000.00", "200.00")}))
	// The same rates given with -fx (the vat package's ECB fixture).
	m, _ = runJSON(t, "-home", "DE", "-period", "2024-Q1", "-fx", filepath.FromSlash("../../vat/testdata/fx/eurofxref-hist-easter-2024.xml"), file)
	equal(t, "lines with -fx", m["lines"], any([]any{line("FR", "goods", "standard", "20", "DE", "1000.00", "200.00")}))
	if _, _, err := runText(t, "-home", "DE", "-period", "2024-Q1", "-fx", filepath.Join(t.TempDir(), "absent.xml"), file); err == nil {
		t.Error("a missing -fx file was accepted")
	}
	_, _, err := runText(t, "-home", "DE", "-period", "2026-Q3", file)
	if err == nil || !strings.Contains(err.Error(), "-fx eurofxref-hist.xml") || !strings.Contains(err.Error(), "2026-09-30") {
		t.Errorf("err = %v, want a message naming the file to pass", err)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.txt")
	must(t, os.WriteFile(bad, []byte("just some text\nwithout a header\n"), 0o644))
	for _, tc := range []struct{ name, file string }{
		{"missing file", filepath.Join(dir, "absent.csv")},
		{"unknown format", bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := runText(t, "-home", "DE", "-period", "2025-Q3", tc.file); err == nil {
				t.Error("accepted")
			}
		})
	}
}

// A PayPal download names the buyer's country only: the command takes the
// goods as shipped from -home and says so on stderr. (300 rows take the
// sales past the €10,000 threshold, so some are taxed through the OSS.)
func TestPayPalShipFrom(t *testing.T) {
	file := filepath.Join(t.TempDir(), "paypal.csv")
	f, err := os.Create(file)
	must(t, err)
	_, err = gen.PayPal(f, gen.PayPalConfig{Rows: 300, Seed: 4})
	must(t, err)
	must(t, f.Close())
	m, stderr := runJSON(t, "-home", "DE", "-period", "2026-Q3", file)
	if !strings.Contains(stderr, "taken as DE, the -home state") {
		t.Errorf("no warning on stderr:\n%s", stderr)
	}
	lines, _ := m["lines"].([]any)
	if len(lines) == 0 {
		t.Fatalf("no lines: %v", m)
	}
	for _, l := range lines {
		if from := l.(map[string]any)["dispatched_from"]; from != "DE" {
			t.Errorf("dispatched from %v", from)
		}
	}
}
