package vat_test

import (
	"errors"
	"testing"

	"github.com/vatkit/vatkit/vat"
)

// FuzzParseNumber: ParseNumber never panics, refuses anything longer than
// MaxNumberLen, and every number it returns parses back to itself.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"DE 136 308 783", "el094012834", "GR 94051189", "BE (0)468.561.072", "NL4495445B01",
		"ATU13585627", "IE8D79739I", "IE6433435OA", "FRK7399859412", "CZ 736028/5163",
		"ESX5253868R", "RO 1630615123457", "XI 432525179", "GBGD103", "LV 161175-19997",
		"SK 2021 6858 20", "BG7111042925", "CY-10008489 A", "BE (0", "NL B01", "", "\u00a0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := vat.ParseNumber(s)
		if len(s) > vat.MaxNumberLen && (err == nil || !n.IsZero()) {
			t.Fatalf("accepted a %d-byte input", len(s))
		}
		if err != nil && !errors.Is(err, vat.ErrChecksum) {
			if !n.IsZero() {
				t.Fatalf("ParseNumber(%q) returned %q with %v", s, n, err)
			}
			return
		}
		if n.IsZero() {
			t.Fatalf("ParseNumber(%q) returned the zero Number with %v", s, err)
		}
		again, err2 := vat.ParseNumber(n.String())
		if again != n || (err == nil) != (err2 == nil) {
			t.Fatalf("round trip %q -> %q (%v) -> %q (%v)", s, n, err, again, err2)
		}
		if n.Prefix()+n.National() != n.String() || n.Country().VATPrefix() != n.Prefix() {
			t.Fatalf("accessors disagree for %q", n)
		}
	})
}
