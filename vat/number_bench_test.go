package vat_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/vat"
)

// benchNumbers mixes countries, separators and case the way exports do.
var benchNumbers = []string{
	"DE 136 308 783", "FR 61 954 506 077", "IT 02408660211", "ESB58378431", "NL 001241 643 B01",
	"ATU 142 43 102", "BE 0462423150", "PL 764-23-05-578", "SE 556728341001", "IE 6433435F",
	"el 094012834", "CZ 25123891", "PT 500 019 720", "DK 10 50 32 80", "XI432525179", "HU 23157653",
}

func benchBytes() int64 {
	n := 0
	for _, s := range benchNumbers {
		n += len(s)
	}
	return int64(n / len(benchNumbers))
}

// BenchmarkParseNumber parses a mixed-country slice; one op is one number.
// The floor does the least any parser must: strip separators, upper-case and
// match the country's shape with a precompiled regular expression, without
// check digits.
func BenchmarkParseNumber(b *testing.B) {
	b.Run("vatkit", func(b *testing.B) {
		b.SetBytes(benchBytes())
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := vat.ParseNumber(benchNumbers[i%len(benchNumbers)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("floor/stdlib-regexp", func(b *testing.B) {
		shape := regexp.MustCompile(`^(DE\d{9}|FR[0-9A-Z]{2}\d{9}|IT\d{11}|ES[0-9A-Z]\d{7}[0-9A-Z]|NL\d{9}B\d{2}|ATU\d{8}|BE[01]\d{9}|PL\d{10}|SE\d{12}|IE\d{7}[A-W][A-I]?|EL\d{9}|CZ\d{8,10}|PT\d{9}|DK\d{8}|XI\d{9}|HU\d{8})$`)
		clean := strings.NewReplacer(" ", "", "-", "", ".", "")
		b.SetBytes(benchBytes())
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			s := strings.ToUpper(clean.Replace(benchNumbers[i%len(benchNumbers)]))
			if !shape.MatchString(s) {
				b.Fatal(s)
			}
			i++
		}
	})
}
