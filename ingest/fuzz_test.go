package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/internal/gen"
)

// checkInvariants reads data to the end and fails on a panic (implicitly),
// on a summary that does not add up with what Next returned, or on a row
// error without a line.
func checkInvariants(t *testing.T, data []byte, opts Options) {
	rd, err := Open(bytes.NewReader(data), opts)
	if err != nil {
		var fe *FormatError
		var le *LanguageError
		if !errors.As(err, &fe) && !errors.As(err, &le) {
			t.Fatalf("Open: untyped error %T %v", err, err)
		}
		return
	}
	defer rd.Close()
	ok, rejected := 0, 0
	for {
		row, err := rd.Next()
		if err == io.EOF || errors.Is(err, ErrNoData) {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			if re.Line <= 0 {
				t.Fatalf("row error without a line: %v", re)
			}
			rejected++
			continue
		}
		if err != nil {
			break // a file error ends the file
		}
		if row.Tx.Line <= 0 || len(row.Key) != 32 {
			t.Fatalf("row without line or key: %+v", row)
		}
		ok++
	}
	s := rd.Summary()
	if s.Accepted+s.Duplicates+s.Rejected != s.Rows || s.Accepted != ok || s.Rejected != rejected || s.NeedsReview > s.Accepted {
		t.Fatalf("summary %+v with %d rows and %d row errors", s, ok, rejected)
	}
	// The parallel reader, which a Pipeline uses, counts the same.
	prd, err := Open(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatalf("Open the second time: %v", err)
	}
	defer prd.Close()
	pok, prejected := 0, 0
	_ = prd.each(context.Background(), 2, func(_ Row, re *RowError) error {
		if re != nil {
			prejected++
		} else {
			pok++
		}
		return nil
	})
	if ps := prd.Summary(); ps != s || pok != ok || prejected != rejected {
		t.Fatalf("parallel read: summary %+v, %d rows, %d errors; Next: %+v, %d, %d", ps, pok, prejected, s, ok, rejected)
	}
}

// fuzzOptions are small caps so that the fuzzer reaches them.
var fuzzOptions = Options{MaxLineBytes: 4096, MaxCellBytes: 300, MaxDedupKeys: 64}

func FuzzReadVTR(f *testing.F) {
	header := vtrText()
	f.Add(false, []byte(strings.TrimPrefix(vtrText(vtrSale("1"), with(vtrSale("2"), "TRANSACTION_TYPE", "REFUND")), header)))
	f.Add(false, []byte(strings.TrimPrefix(vtrText(with(vtrSale("1"), "BUYER_NAME", `"x`), vtrSale("2")), header)))
	f.Add(true, []byte("A2TEST;amazon.de;REGULAR;SALE;302-1;S1;14.07.2026;15.07.2026;SKU1;1;;100,00;0,2;20,00;120;EUR\r\n"))
	f.Add(false, []byte(strings.TrimPrefix(vtrText(with(vtrSale("3"), "SALE_DEPART_COUNTRY", "PL", "SELLER_DEPART_VAT_NUMBER_COUNTRY", "PL",
		"SELLER_DEPART_COUNTRY_VAT_NUMBER", "PL5211355116", "SALE_ARRIVAL_COUNTRY", "ES", "ARRIVAL_POST_CODE", "35001",
		"ARRIVAL_CITY", "Las Palmas", "EXPORT_OUTSIDE_EU", "NO")), header)))
	var g bytes.Buffer
	gen.VTR(&g, gen.VTRConfig{Rows: 3, Seed: 1, Legacy: true})
	f.Add(false, g.Bytes()[bytes.IndexByte(g.Bytes(), '\n')+1:])
	f.Fuzz(func(t *testing.T, semicolons bool, body []byte) {
		h := header
		if semicolons { // a report re-saved by a continental Excel
			h = strings.ReplaceAll(header, "\t", ";")
		}
		checkInvariants(t, append([]byte(h), body...), fuzzOptions)
	})
}

func FuzzReadPayPal(f *testing.F) {
	f.Add([]byte(ppHeaderEN + ppRow("07/31/2026", "Website Payment", "Completed", "EUR", "1,011.70", "T1", "1.00", "", "FR", "Credit")))
	f.Add([]byte(ppHeaderDE + ppRow("31.07.2026", "Rückzahlung", "Abgeschlossen", "EUR", "-1.011,70", "T1", "", "T0", "AT", "Soll")))
	var g bytes.Buffer
	gen.PayPal(&g, gen.PayPalConfig{Rows: 3, Seed: 1})
	f.Add(g.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		checkInvariants(t, data, fuzzOptions)
	})
}

func FuzzReadTemplate(f *testing.F) {
	var c bytes.Buffer
	WriteTemplateCSV(&c)
	f.Add(c.Bytes())
	f.Add([]byte("type;id;date;currency;gross\nsale;1;2026-07-01;EUR;1.234,50\n"))
	f.Add([]byte("type,id,date,currency,gross\nsale,1,2026-07-01,EUR,=1+1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkInvariants(t, data, fuzzOptions)
		opts := fuzzOptions
		opts.DecimalComma = true
		opts.Columns = map[string]string{"Betrag": "gross"}
		checkInvariants(t, data, opts)
	})
}

// FuzzReadXLSX feeds workbooks, starting from the template sample, through
// excelize and the template reader.
func FuzzReadXLSX(f *testing.F) {
	var x bytes.Buffer
	if err := WriteTemplateXLSX(&x); err != nil {
		f.Fatal(err)
	}
	f.Add(x.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := fuzzOptions
		opts.MaxXLSXUnzipped, opts.MaxXLSXCells = 1<<20, 10000
		checkInvariants(t, data, opts)
	})
}
