package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/shopspring/decimal"
)

// The shipped sample is written by writeSample rather than by
// internal/gen, whose files cover July 2026 only: a quarter's return needs
// the months before it (the €10,000 threshold, refunds of earlier sales).

// sampleRates are the 2026 standard rates (EU TEDB, as in vat/rates.tsv).
var sampleDest = []struct{ code, rate string }{
	{"DE", "19"}, {"FR", "20"}, {"IT", "22"}, {"ES", "21"}, {"NL", "21"}, {"AT", "20"}, {"PL", "23"}, {"BE", "21"},
}

// writeSample writes a template CSV of a seller established in Germany
// shipping from Germany, January to September 2026: 60 sales a month, one
// in seven an electronic service, and a refund of one of the last 40
// sales after every eleventh. It charges German VAT on cross-border sales
// until they pass €10,000 in the year and destination VAT from the sale
// that passes it (Art 59c), as a careful seller does; so refunds in July of
// sales of June are corrections of 2026-Q2.
func writeSample(w io.Writer, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, e4Header)
	type sale struct{ id, date, supply, from, to, net, vat, rate string }
	var sales []sale
	crossBorder, threshold := decimal.Zero, decimal.NewFromInt(10000)
	for n := 1; n <= 9*60; n++ {
		month, day := 1+(n-1)/60, 1+(n-1)%60*28/60
		d := sampleDest[r.IntN(len(sampleDest))]
		net := decimal.New(int64(500+r.IntN(29500)), -2)
		s := sale{id: fmt.Sprintf("S-%05d", n), date: fmt.Sprintf("2026-%02d-%02d", month, day),
			supply: "goods", from: "DE", to: d.code, rate: d.rate}
		if n%7 == 0 {
			s.supply, s.from = "electronic", ""
		}
		if d.code != "DE" && crossBorder.LessThanOrEqual(threshold) {
			crossBorder = crossBorder.Add(net)
			if crossBorder.LessThanOrEqual(threshold) {
				s.rate = "19" // still taxed where the seller is
			}
		}
		s.net = net.StringFixed(2)
		s.vat = net.Mul(decimal.RequireFromString(s.rate)).Div(decimal.NewFromInt(100)).Round(2).StringFixed(2)
		sales = append(sales, s)
		fmt.Fprintf(bw, "sale,%s,1,%s,,%s,%s,%s,%s,%s,,%s,EUR,no,,,,,,\n", s.id, s.date, s.supply, s.from, s.to, s.net, s.vat, s.rate)
		if n%11 == 0 {
			o := sales[max(0, len(sales)-1-r.IntN(40))]
			fmt.Fprintf(bw, "refund,R-%05d,1,%s,%s,%s,%s,%s,-%s,-%s,,%s,EUR,no,,,,,,\n",
				n, s.date, o.id, o.supply, o.from, o.to, o.net, o.vat, o.rate)
		}
	}
	return bw.Flush()
}
