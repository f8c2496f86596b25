package vat_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/vatkit/vatkit/vat"
)

func ExampleRateTable_Lookup() {
	rates := vat.DefaultRates()
	for _, on := range []string{"2025-06-30", "2025-07-01"} {
		d, _ := time.Parse(time.DateOnly, on)
		set, err := rates.Lookup(vat.EE, d)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("EE %s: standard %s%%, reduced %v, since %s\n",
			on, set.Standard, set.Reduced, set.From.Format(time.DateOnly))
	}
	_, err := rates.Lookup(vat.DE, time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC))
	fmt.Println(err)
	// Output:
	// EE 2025-06-30: standard 22%, reduced [13 9], since 2025-01-01
	// EE 2025-07-01: standard 24%, reduced [13 9], since 2025-07-01
	// vat: no rate for "DE" on 2020-12-31: the table starts on 2021-01-01
}

func ExampleRateSet_Kind() {
	set, _ := vat.DefaultRates().Lookup(vat.FR, time.Date(2025, 8, 14, 0, 0, 0, 0, time.UTC))
	for _, r := range []string{"20", "5.5", "2.1", "7"} {
		kind, ok := set.Kind(decimal.RequireFromString(r))
		fmt.Println(r, kind, ok)
	}
	// Output:
	// 20 standard true
	// 5.5 reduced true
	// 2.1 super-reduced true
	// 7 unknown false
}
