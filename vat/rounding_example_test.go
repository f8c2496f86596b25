package vat_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/vatkit/vatkit/vat"
)

func ExampleRounding() {
	var r vat.Rounding // half up to the cent everywhere
	vatAmount := decimal.RequireFromString("12.50").Mul(decimal.RequireFromString("0.21"))
	fmt.Println(vatAmount, r.Round(vat.NL, vatAmount))

	// A host whose adviser wants banker's rounding in one country:
	r.PerCountry = map[vat.Country]vat.RoundingRule{vat.NL: {Mode: vat.HalfEven}}
	fmt.Println(r.Round(vat.NL, vatAmount), r.Round(vat.BE, vatAmount))
	// Output:
	// 2.625 2.63
	// 2.62 2.63
}
