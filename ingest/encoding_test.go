package ingest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/vatkit/vatkit/vat"
)

// TestEncodings: the same VTR, with a buyer name outside ASCII, in every
// encoding, line end and delimiter Excel and Amazon produce, reads the same.
func TestEncodings(t *testing.T) {
	base := vtrText(with(vtrSale("1"), "BUYER_NAME", "Müller Größe"), vtrSale("2"))
	utf16 := func(e unicode.Endianness, bom unicode.BOMPolicy) func(string) []byte {
		return func(s string) []byte {
			b, err := unicode.UTF16(e, bom).NewEncoder().Bytes([]byte(s))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	tests := []struct {
		name string
		conv func(string) []byte
		want Encoding
	}{
		{"utf-8", func(s string) []byte { return []byte(s) }, UTF8},
		{"utf-8 with BOM", func(s string) []byte { return append([]byte("\uFEFF"), s...) }, UTF8BOM},
		{"utf-16le with BOM", utf16(unicode.LittleEndian, unicode.UseBOM), UTF16LE},
		{"utf-16be with BOM", utf16(unicode.BigEndian, unicode.UseBOM), UTF16BE},
		{"utf-16le without BOM", utf16(unicode.LittleEndian, unicode.IgnoreBOM), UTF16LE},
		{"windows-1252", func(s string) []byte {
			b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}, Windows1252},
		{"LF line ends", func(s string) []byte { return []byte(strings.ReplaceAll(s, "\r\n", "\n")) }, UTF8},
		{"CR line ends", func(s string) []byte { return []byte(strings.ReplaceAll(s, "\r\n", "\r")) }, UTF8},
		{"semicolons", func(s string) []byte { return []byte(strings.ReplaceAll(s, "\t", ";")) }, UTF8},
		{"commas, all quoted", func(s string) []byte {
			var b strings.Builder
			for _, line := range strings.SplitAfter(s, "\r\n") {
				if line == "" {
					continue
				}
				fields := strings.Split(strings.TrimSuffix(line, "\r\n"), "\t")
				b.WriteString(`"` + strings.Join(fields, `","`) + "\"\r\n")
			}
			return []byte(b.String())
		}, UTF8},
		{"re-saved by a German Excel", func(s string) []byte {
			s = strings.ReplaceAll(s, "\t", ";")
			s = strings.NewReplacer("100.00", "100,00", "20.00", "20,00", "120.00", "120", "0.2;", "0,2;", "-07-2026", ".07.2026").Replace(s)
			return []byte(s)
		}, UTF8},
		{"no final line end", func(s string) []byte { return []byte(strings.TrimSuffix(s, "\r\n")) }, UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := Open(bytes.NewReader(tt.conv(base)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if rd.Encoding() != tt.want {
				t.Errorf("encoding %s, want %s", rd.Encoding(), tt.want)
			}
			var rows []Row
			for row, err := range rd.All() {
				if err != nil {
					t.Fatalf("row error %v", err)
				}
				rows = append(rows, row)
			}
			if len(rows) != 2 || rows[0].Tx.Buyer.Name != "Müller Größe" || rows[1].Tx.ShipTo != vat.FR || rows[1].Tx.Line != 3 ||
				!rows[0].Tx.Gross.Equal(decimal.NewFromInt(120)) || !rows[0].Tx.Rate.Equal(decimal.NewFromInt(20)) ||
				!rows[0].Tx.TaxPoint.Equal(time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)) {
				t.Fatalf("rows %+v", rows)
			}
		})
	}
}

// TestPreambleAndMultiline: description lines above the header are
// skipped; a quoted cell spanning lines keeps its line break and the next
// record's line number follows the physical lines.
func TestPreambleAndMultiline(t *testing.T) {
	text := "Amazon VAT Transactions Report\r\nGenerated for testing\r\n" + vtrText(vtrSale("1"), vtrSale("2"))
	text = strings.Replace(text, "\tSKU1\t", "\t\"SKU\r\n1\"\t", 1)
	rows, bad, _ := readAllRows(t, strings.NewReader(text), Options{})
	if len(rows) != 2 || len(bad) != 0 || rows[0].Tx.SourceID != "302-0000001/SKU\n1" || rows[1].Tx.Line != 6 {
		t.Fatalf("rows %+v, errors %v", rows, bad)
	}
}
