package ingest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vatkit/vatkit/vat"
)

// sharedData returns the path of a file in the project's shared data
// folder (public third-party files that are never copied into the
// repository), skipping the test when the folder is absent.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data file %s not available (the ../shared/data folder is not part of the repository): %v", rel, err)
	}
	return p
}

// readAllRows reads a whole file, returning the rows, the row errors and
// the summary, and failing on a file error.
func readAllRows(t *testing.T, r io.Reader, opts Options) ([]Row, []*RowError, Summary) {
	t.Helper()
	rd, err := Open(r, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer rd.Close()
	var rows []Row
	var bad []*RowError
	for {
		row, err := rd.Next()
		if err == io.EOF || errors.Is(err, ErrNoData) {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			bad = append(bad, re)
			continue
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		rows = append(rows, row)
	}
	s := rd.Summary()
	if s.Accepted+s.Duplicates+s.Rejected != s.Rows || s.Accepted != len(rows) || s.Rejected != len(bad) {
		t.Fatalf("summary %+v does not add up with %d rows and %d row errors", s, len(rows), len(bad))
	}
	return rows, bad, s
}

func countKinds(rows []Row) map[vat.Kind]int {
	m := map[vat.Kind]int{}
	for _, r := range rows {
		m[r.Tx.Kind]++
	}
	return m
}

// TestRealAmazonVTR reads the two real 92-column reports. The expected
// counts were derived by hand from the files, independently of this code:
//
//	awk -F'\t' 'NR>1' FILE | wc -l                       → data rows
//	awk -F'\t' 'NR>1{print $5}' FILE | sort | uniq -c    → TRANSACTION_TYPE counts
//	awk -F'\t' 'NR>1{k=$1"|"$5"|"$6"|"$7"|"$12; c[k]++} END{for(k in c) if(c[k]>1) d+=c[k]-1; print d}' FILE
//	                                                     → duplicate line identities (0)
//	awk -F'\t' 'NR>1 && ($5=="FC_TRANSFER"||$5=="INBOUND") && $62!=$65 && $19==""' FILE | wc -l
//	                                                     → cross-border movements without a cost price
//	awk -F'\t' 'NR>1 && $78!=""' FILE | wc -l            → rows with a buyer VAT number
//
// 2019-03: 101 rows = 7 SALE, 3 REFUND, 6 RETURN, 14 FC_TRANSFER, 71 INBOUND;
// all 85 movements cross borders and have no cost price (needs review);
// every row has 70 fields under the 92-column header (ragged).
// 2020-02: 285 rows = 209 SALE, 32 REFUND, 29 RETURN, 15 FC_TRANSFER
// (all 15 cross-border, no cost price); 10 rows with a buyer VAT number.
func TestRealAmazonVTR(t *testing.T) {
	tests := []struct {
		file                               string
		rows, sales, refunds, other, moves int
		buyers                             int
	}{
		{"amazon/TM312-vat_automation__SampleAG__Sales_Tax_Transaction_Report_M-2019-03.txt", 101, 7, 3, 6, 85, 0},
		{"amazon/TM312-vat_automation__backup__Sales_Tax_Transaction_Report_M-2020-02.txt", 285, 209, 32, 29, 15, 10},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			f, err := os.Open(sharedData(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if rd, err := Open(f, Options{}); err != nil || rd.Variant() != "92-column" || rd.Encoding() != UTF8 {
				t.Fatalf("Open: %v", err)
			}
			f.Seek(0, 0)
			rows, bad, s := readAllRows(t, f, Options{})
			if len(bad) != 0 {
				t.Fatalf("row errors: %v", bad)
			}
			k := countKinds(rows)
			if s.Rows != tt.rows || k[vat.KindSale] != tt.sales || k[vat.KindRefund] != tt.refunds ||
				k[vat.KindOther] != tt.other || k[vat.KindTransfer] != tt.moves || s.Duplicates != 0 {
				t.Errorf("summary %+v kinds %v", s, k)
			}
			if s.NeedsReview != tt.moves {
				t.Errorf("needs review = %d, want the %d movements without cost price", s.NeedsReview, tt.moves)
			}
			buyers := 0
			for _, r := range rows {
				if r.Tx.Buyer.IsBusiness() {
					buyers++
				}
				if r.Tx.Kind == vat.KindSale && (r.Tx.Currency == "" || r.Tx.ShipTo == "" || r.Tx.TaxPoint.IsZero()) {
					t.Errorf("line %d: sale without currency, arrival country or date", r.Tx.Line)
				}
				if r.Tx.Kind == vat.KindRefund && (r.Tx.OriginalID == "" || !r.Tx.Gross.IsNegative()) {
					t.Errorf("line %d: refund without its sale or with a positive amount", r.Tx.Line)
				}
			}
			if buyers != tt.buyers {
				t.Errorf("business buyers = %d, want %d", buyers, tt.buyers)
			}
		})
	}
}

// TestRealPayPal reads the real 683-row US activity download. Expected
// counts, derived by hand with Python's csv module over the file
// (collections.Counter of (Type, Status, Balance Impact)):
// the completed credits of a sale type are Website Payment 65, PayPal Here
// Payment 3 and Mobile Payment 1 = 69 sales; "Express Checkout Payment",
// "Mobile Payment" and "PreApproved Payment" Debits are the seller's own
// purchases, not sales; there is no Payment Refund row; 3 of the 69 sales
// have an empty Country Code (the rules review those; the reader adds no
// review of its own, so that each is listed once).
func TestRealPayPal(t *testing.T) {
	f, err := os.Open(sharedData(t, "paypal/manuelsena5-Sales_Tax_Zuniga__Download.CSV__PII-redacted.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, bad, s := readAllRows(t, f, Options{})
	k := countKinds(rows)
	if len(bad) != 0 || s.Rows != 683 || k[vat.KindSale] != 69 || k[vat.KindRefund] != 0 || s.NeedsReview != 0 {
		t.Errorf("summary %+v kinds %v row errors %v", s, k, bad)
	}
	noCountry := 0
	for _, r := range rows {
		if r.Tx.Kind == vat.KindSale && r.Tx.ShipTo == "" {
			noCountry++
		}
		if r.Tx.Kind == vat.KindSale && r.Tx.ShipTo != "" && r.Tx.ShipTo != "US" {
			t.Errorf("line %d: ship-to %s, the file has only US", r.Tx.Line, r.Tx.ShipTo)
		}
	}
	if noCountry != 3 {
		t.Errorf("%d sales without a country, want 3", noCountry)
	}
}

// TestRealPayPalHeaderOnly: the 41-column header with a BOM and no rows.
func TestRealPayPalHeaderOnly(t *testing.T) {
	f, err := os.Open(sharedData(t, "paypal/plutov-paypal__Download.CSV__header_only.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := Open(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rd.Format() != PayPal || rd.Encoding() != UTF8BOM {
		t.Errorf("format %s encoding %s", rd.Format(), rd.Encoding())
	}
	if _, err := rd.Next(); !errors.Is(err, ErrNoData) {
		t.Errorf("Next = %v, want ErrNoData", err)
	}
}
