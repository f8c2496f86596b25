package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func bigDecimal(s string, exp int32) decimal.Decimal {
	c, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad test coefficient " + s)
	}
	return decimal.NewFromBigInt(c, exp)
}

// TestStoredDecimals: every amount comes back with its coefficient and
// exponent, hence equal and with the same String, whether it takes the
// fast path (up to 18 digits, exponent within ±127) or the exact form.
func TestStoredDecimals(t *testing.T) {
	tests := []struct {
		name string
		d    decimal.Decimal
		fast bool
	}{
		{"zero value", decimal.Decimal{}, true},
		{"zero with cents", decimal.RequireFromString("0.00"), true},
		{"zero with a positive exponent", decimal.New(0, 3), true},
		{"cents", decimal.RequireFromString("49.90"), true},
		{"negative cents", decimal.RequireFromString("-0.01"), true},
		{"rate", decimal.RequireFromString("5.5"), true},
		{"18 digits", decimal.New(999_999_999_999_999_999, -2), true},
		{"18 digits negative", decimal.New(-999_999_999_999_999_999, -2), true},
		{"exponent 127", decimal.New(7, 127), true},
		{"exponent -127", decimal.New(-7, -127), true},
		{"19 digits", decimal.New(1_000_000_000_000_000_000, -2), false},
		{"largest int64", decimal.New(math.MaxInt64, 0), false},
		{"smallest int64", decimal.New(math.MinInt64, -4), false},
		{"exponent 128", decimal.New(7, 128), false},
		{"exponent -128", decimal.New(7, -128), false},
		{"tiny", decimal.New(1, -300), false},
		{"many digits", decimal.RequireFromString("123456789012345678901234567890.123456789012345678901234567890"), false},
		{"huge negative", bigDecimal("-"+string(bytes.Repeat([]byte("9"), 400)), 12), false},
		{"largest exponent", decimal.New(1, math.MaxInt32), false},
		{"smallest exponent", decimal.New(-1, math.MinInt32), false},
		{"zero with a huge exponent", decimal.New(0, math.MinInt32), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := appendDecimal(nil, tt.d)
			if fast := enc[0] != decimalExact; fast != tt.fast {
				t.Errorf("fast path %t, want %t", fast, tt.fast)
			}
			want := typicalStored()
			want.Tx.Net, want.Tx.VAT, want.Tx.Gross, want.Tx.Rate, want.Tx.ConsignmentValue = tt.d, tt.d.Neg(), tt.d, tt.d, tt.d
			got, err := DecodeStored(AppendStored(nil, &want))
			if err != nil {
				t.Fatal(err)
			}
			if d := diffStored(want, got); d != "" {
				t.Fatal(d)
			}
			if e := tt.d.Exponent(); e > 1000 || e < -1000 {
				return // String would spell out every zero of the exponent
			}
			if !got.Tx.Net.Equal(tt.d) || got.Tx.Net.String() != tt.d.String() || got.Tx.VAT.String() != tt.d.Neg().String() {
				t.Errorf("got %s and %s, want %s and its negation", got.Tx.Net, got.Tx.VAT, tt.d)
			}
		})
	}
}

// TestStoredTimes: a time comes back as the same instant with the same
// UTC offset, in UTC when the offset is 0.
func TestStoredTimes(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
	}{
		{"zero", time.Time{}},
		{"a date in UTC", time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)},
		{"a time of day", time.Date(2026, 7, 15, 23, 59, 59, 0, time.UTC)},
		{"nanoseconds", time.Date(2026, 7, 15, 8, 0, 0, 1, time.UTC)},
		{"the Unix epoch", time.Unix(0, 0).UTC()},
		{"before the epoch with a time of day", time.Date(1969, 12, 31, 23, 0, 0, 999_999_999, time.UTC)},
		{"year 1", time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)},
		{"year 9999", time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)},
		{"east of UTC", time.Date(2026, 7, 15, 0, 0, 0, 0, time.FixedZone("", 2*3600))},
		{"west of UTC, half hours", time.Date(2026, 7, 15, 0, 0, 0, 0, time.FixedZone("", -(3*3600+1800)))},
		{"Nepal", time.Date(2026, 7, 15, 12, 0, 0, 0, time.FixedZone("", 5*3600+45*60))},
		{"named zone", time.Date(2026, 1, 15, 9, 30, 0, 0, time.FixedZone("CET", 3600))},
		{"zero instant east of UTC", time.Time{}.In(time.FixedZone("", 3600))},
		{"now, with a monotonic reading", time.Now()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := typicalStored()
			want.Tx.TaxPoint, want.Tx.Buyer.VIES.Checked = tt.t, tt.t
			got, err := DecodeStored(AppendStored(nil, &want))
			if err != nil {
				t.Fatal(err)
			}
			if d := diffStored(want, got); d != "" {
				t.Fatal(d)
			}
			if tt.t.IsZero() && !got.Tx.TaxPoint.IsZero() {
				t.Errorf("the zero time came back as %v", got.Tx.TaxPoint)
			}
		})
	}
}

// TestStoredGolden: records already stored read back as the same
// transaction: typical.json in the JSON form the Pipeline wrote before the
// binary form existed (which kept amounts by value: "49.90" read back as
// 49.9), typical.v1 in version 1 (which keeps them exactly and has no
// Excise), typical.v2 in version 2. While version 2 is what AppendStored
// writes, its bytes must not change: a new layout needs a new version
// byte. Run with -update to rewrite typical.v2 (the older files stand for
// records in stores: they are never rewritten).
func TestStoredGolden(t *testing.T) {
	want := typicalStored()
	want.Review = "no VAT number of the buyer"
	want.Tx.Buyer = vat.Buyer{Name: "Marie Martin", Email: "marie@example.com",
		VATNumber: mustNumber(t, "FR40303265045"),
		VIES:      vat.VIESEvidence{Checked: time.Date(2026, 7, 15, 10, 4, 5, 0, time.FixedZone("", 7200)), Valid: true}}
	excise := want
	excise.Tx.Excise = true
	v2 := AppendStored(nil, &excise)
	if *update {
		writeGolden(t, "typical.v2", v2)
	}
	if golden := readGolden(t, "typical.v2"); !bytes.Equal(golden, v2) {
		t.Errorf("version 2 changed: a new layout needs a new version byte\ngolden %x\nnow    %x", golden, v2)
	}
	for name, c := range map[string]struct {
		want Stored
		diff func(want, got Stored) string
	}{"typical.json": {want, diffStoredValues}, "typical.v1": {want, diffStored}, "typical.v2": {excise, diffStored}} {
		got, err := DecodeStored(readGolden(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := c.diff(c.want, got); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
	// Version 1 knew VIES.Valid alone in its flags byte: Excise's bit is
	// not version 1.
	v1 := readGolden(t, "typical.v1")
	flags := bytes.Clone(v2)
	flags[0] = v1[0]
	if _, err := DecodeStored(flags); err != ErrStored {
		t.Errorf("version 1 with the Excise bit: %v, want ErrStored", err)
	}
}

func writeGolden(t *testing.T, name string, content []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join("testdata", "stored", name), content, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "stored", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mustNumber parses a test VAT number; it panics when there is no t.
func mustNumber(t testing.TB, s string) vat.Number {
	n, err := vat.ParseNumber(s)
	if err != nil && t == nil {
		panic(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAppendStoredAppends: AppendStored leaves what dst held and adds one
// record, which is compact: the typical sale takes under 120 bytes, less
// than a quarter of its JSON form.
func TestAppendStoredAppends(t *testing.T) {
	s := typicalStored()
	prefix := []byte("kept")
	out := AppendStored(prefix, &s)
	if !bytes.HasPrefix(out, []byte("kept")) {
		t.Fatalf("the prefix was overwritten: %q", out[:4])
	}
	got, err := DecodeStored(out[len(prefix):])
	if err != nil {
		t.Fatal(err)
	}
	if d := diffStored(s, got); d != "" {
		t.Fatal(d)
	}
	old, _ := json.Marshal(s)
	if n := len(out) - len(prefix); n >= 120 || 4*n >= len(old) {
		t.Errorf("%d bytes (JSON: %d), want under 120 and under a quarter", n, len(old))
	}
}

// TestStoredRealRows: every row that ingest reads from a generated VAT
// Transactions Report and from the public Amazon and PayPal samples comes
// back exactly from the binary form, and as the same values as from the
// JSON form the Pipeline wrote before.
func TestStoredRealRows(t *testing.T) {
	t.Run("generated VTR", func(t *testing.T) { checkRows(t, vtrStored(t, 500)) })
	for _, rel := range []string{
		"amazon/TM312-vat_automation__SampleAG__Sales_Tax_Transaction_Report_M-2019-03.txt",
		"amazon/TM312-vat_automation__backup__Sales_Tax_Transaction_Report_M-2020-02.txt",
		"paypal/manuelsena5-Sales_Tax_Zuniga__Download.CSV__PII-redacted.csv",
	} {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			f, err := os.Open(sharedData(t, rel))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			read, _, _ := readAllRows(t, f, Options{})
			rows := make([]Stored, len(read))
			for i, r := range read {
				rows[i] = Stored{Tx: r.Tx, Review: r.Review}
			}
			checkRows(t, rows)
		})
	}
}

func checkRows(t *testing.T, rows []Stored) {
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for i := range rows {
		got, err := DecodeStored(AppendStored(nil, &rows[i]))
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		if d := diffStored(rows[i], got); d != "" {
			t.Fatalf("row %d: %s", i, d)
		}
		js, err := json.Marshal(rows[i])
		if err != nil {
			t.Fatal(err)
		}
		fromJSON, err := DecodeStored(js)
		if err != nil {
			t.Fatalf("row %d as JSON: %v", i, err)
		}
		if d := diffStoredValues(fromJSON, got); d != "" {
			t.Fatalf("row %d: the JSON and binary forms differ: %s", i, d)
		}
	}
}
