// Package gen writes synthetic but realistic input files for vatkit's
// tests and benchmarks: Amazon VAT Transactions Reports in both layouts,
// PayPal activity downloads and template files, of any size, with the
// totals they contain. The same seed always gives the same bytes.
package gen

import (
	"math/rand/v2"

	"github.com/shopspring/decimal"
)

// Totals is what a generated file contains, for tests to compare with
// what a reader makes of it.
type Totals struct {
	Rows       int // data rows written, duplicates included
	Sales      int
	Refunds    int
	Returns    int // Amazon RETURN rows (no money)
	Transfers  int // cross-border movements of own goods
	Other      int // rows that are not supplies (memos, conversions…)
	Duplicates int // rows written a second time, verbatim
	// Marketplace counts sales whose VAT the marketplace collected.
	Marketplace int
	// Net, VAT and Gross sum the sales and refunds (refunds negative) of
	// the rows written once, in EUR, the only currency generated.
	Net, VAT, Gross decimal.Decimal
}

// country is one destination with its standard rate, as a fraction (the
// 2026 standard rates of the EU's TEDB, ec.europa.eu/taxation_customs/tedb).
type country struct {
	code, name, rate, city, post string
}

var destinations = []country{
	{"DE", "GERMANY", "0.19", "Berlin", "10115"},
	{"FR", "FRANCE", "0.2", "Lyon", "69001"},
	{"IT", "ITALY", "0.22", "Milano", "20121"},
	{"ES", "SPAIN", "0.21", "Madrid", "28001"},
	{"NL", "NETHERLANDS", "0.21", "Utrecht", "3511"},
	{"AT", "AUSTRIA", "0.2", "Wien", "1010"},
	{"PL", "POLAND", "0.23", "Warszawa", "00-001"},
	{"BE", "BELGIUM", "0.21", "Gent", "9000"},
}

// money is a random amount between 5.00 and 300.00 with cents.
func money(r *rand.Rand) decimal.Decimal {
	return decimal.New(int64(500+r.IntN(29500)), -2)
}

// split returns net, VAT and gross of a net amount at rate, VAT rounded
// half up to the cent.
func split(net decimal.Decimal, rate string) (decimal.Decimal, decimal.Decimal, decimal.Decimal) {
	v := net.Mul(decimal.RequireFromString(rate)).Round(2)
	return net, v, net.Add(v)
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15)) }
