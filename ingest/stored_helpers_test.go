package ingest

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vat"
)

// typicalStored is a sale as the Amazon VAT Transactions Report gives it:
// shipped from a German warehouse to a French consumer under the union
// OSS, every amount reported.
func typicalStored() Stored {
	return Stored{Tx: vat.Transaction{
		Source:      "amazon-vtr",
		SourceID:    "302-1234567-7654321/B07XJ8C8F5",
		Line:        1842,
		Kind:        vat.KindSale,
		TaxPoint:    time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC),
		Supply:      vat.SupplyGoods,
		ShipFrom:    vat.DE,
		ShipTo:      vat.FR,
		Net:         decimal.RequireFromString("41.58"),
		VAT:         decimal.RequireFromString("8.32"),
		Gross:       decimal.RequireFromString("49.90"),
		Rate:        decimal.RequireFromString("20"),
		Given:       vat.FieldNet | vat.FieldVAT | vat.FieldGross | vat.FieldRate,
		Currency:    "EUR",
		SchemeLabel: "UNION-OSS",
		// The seller's German number, as SELLER_DEPART_COUNTRY_VAT_NUMBER
		// gives it (the Federal Central Tax Office's example number).
		SellerNumber: mustNumber(nil, "DE136695976"),
	}}
}

// vtrStored reads a generated VAT Transactions Report of about n rows as
// the Pipeline would store its rows: sales, refunds, returns, transfers.
func vtrStored(tb testing.TB, n int) []Stored {
	tb.Helper()
	var b bytes.Buffer
	if _, err := gen.VTR(&b, gen.VTRConfig{Rows: n, Seed: 7}); err != nil {
		tb.Fatal(err)
	}
	rd, err := Open(&b, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer rd.Close()
	var out []Stored
	for row, err := range rd.All() {
		if err == nil {
			out = append(out, Stored{Tx: row.Tx, Review: row.Review})
		}
	}
	if len(out) == 0 {
		tb.Fatal("the generated report gave no rows")
	}
	return out
}

// diffStored names the first field in which got differs from want, or
// returns "" when they are the same: decimals by coefficient and exponent
// (so also by String), times by instant and UTC offset, the rest by value.
func diffStored(want, got Stored) string {
	return diffValue("Stored", reflect.ValueOf(want), reflect.ValueOf(got), true)
}

// diffStoredValues is diffStored with decimals compared by value only
// ("49.90" equals "49.9"), as the JSON form keeps them.
func diffStoredValues(want, got Stored) string {
	return diffValue("Stored", reflect.ValueOf(want), reflect.ValueOf(got), false)
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
	numberType  = reflect.TypeFor[vat.Number]()
)

func diffValue(path string, a, b reflect.Value, exact bool) string {
	switch {
	case a.Type() == decimalType:
		x, y := a.Interface().(decimal.Decimal), b.Interface().(decimal.Decimal)
		if exact && (x.Exponent() != y.Exponent() || x.Coefficient().Cmp(y.Coefficient()) != 0) || !exact && !x.Equal(y) {
			return fmt.Sprintf("%s: %s (coefficient %s, exponent %d) became %s (coefficient %s, exponent %d)",
				path, short(x), x.Coefficient(), x.Exponent(), short(y), y.Coefficient(), y.Exponent())
		}
	case a.Type() == timeType:
		x, y := a.Interface().(time.Time), b.Interface().(time.Time)
		_, xo := x.Zone()
		_, yo := y.Zone()
		if !x.Equal(y) || xo != yo || x.Location() == time.UTC && y.Location() != time.UTC {
			return fmt.Sprintf("%s: %v became %v", path, x, y)
		}
	case a.Type() == numberType:
		if a.Interface() != b.Interface() {
			return fmt.Sprintf("%s: %v became %v", path, a.Interface(), b.Interface())
		}
	case a.Kind() == reflect.Struct:
		for i := range a.NumField() {
			if d := diffValue(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), exact); d != "" {
				return d
			}
		}
	case a.Kind() == reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q became %q", path, a.String(), b.String())
		}
	case a.CanInt():
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d became %d", path, a.Int(), b.Int())
		}
	case a.CanUint():
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d became %d", path, a.Uint(), b.Uint())
		}
	case a.Kind() == reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %t became %t", path, a.Bool(), b.Bool())
		}
	default:
		return fmt.Sprintf("%s: cannot compare a %s; teach diffValue", path, a.Type())
	}
	return ""
}

// short prints a decimal unless its exponent would make the text huge.
func short(d decimal.Decimal) string {
	if e := d.Exponent(); e > 1000 || e < -1000 {
		return "a decimal with a huge exponent"
	}
	return d.String()
}
