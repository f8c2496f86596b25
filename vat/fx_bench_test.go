package vat

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"testing"
	"time"
)

// historyLike writes a document shaped like eurofxref-hist.xml: days newest
// first, weekdays only, 30 currencies a day with the ECB's usual decimals.
func historyLike(days int) []byte {
	curs := []string{"USD", "JPY", "BGN", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK", "NOK", "TRY", "AUD",
		"BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
	<Cube>
`)
	d := day(2024, 12, 31)
	for n := 0; n < days; d = d.AddDate(0, 0, -1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		fmt.Fprintf(&b, "\t\t<Cube time=\"%s\">\n", d.Format(time.DateOnly))
		for i, c := range curs {
			fmt.Fprintf(&b, "\t\t\t<Cube currency=\"%s\" rate=\"%d.%04d\"/>\n", c, 1+i*7, (n*31+i*17)%10000)
		}
		b.WriteString("\t\t</Cube>\n")
		n++
	}
	b.WriteString("\t</Cube>\n</gesmes:Envelope>\n")
	return b.Bytes()
}

// BenchmarkParseECB reads a history-like document of 2 000 days (about
// 3 MB; the real history is 10 times larger) into an FXTable. Its floor is
// the bare encoding/xml token loop over the same bytes, which every
// namespace-aware streaming parser must pay.
func BenchmarkParseECB(b *testing.B) {
	doc := historyLike(2000)
	b.Run("vat", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParseECB(bytes.NewReader(doc)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor/xml.Token", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			d := xml.NewDecoder(bytes.NewReader(doc))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func BenchmarkFXTableRate(b *testing.B) {
	tb, err := ParseECB(bytes.NewReader(historyLike(2000)))
	if err != nil {
		b.Fatal(err)
	}
	on := day(2024, 6, 30)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := tb.Rate(b.Context(), "USD", on); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHistoryLikeParses(t *testing.T) {
	tb, err := ParseECB(bytes.NewReader(historyLike(300)))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Len() != 300*30 || len(tb.Currencies()) != 30 {
		t.Errorf("%d rates in %d currencies, want 9000 in 30", tb.Len(), len(tb.Currencies()))
	}
}
