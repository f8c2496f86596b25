package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// expectedOSS is the JSON return of the uploaded files computed without
// the server: read straight from the bytes, never sealed or stored.
func expectedOSS(t testing.TB, home vat.Country, period string, files ...[]byte) []byte {
	t.Helper()
	return expectedOSSOf(t, assumedSeller(home), period, files...)
}

// expectedOSSOf is expectedOSS for a seller with facts and no warehouses
// named (the server infers them, as without facts).
func expectedOSSOf(t testing.TB, seller vat.Seller, period string, files ...[]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := report.WriteJSON(&out, expectedReturnOf(t, seller, period, files...)); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// expectedReturn is the return of the uploaded files computed without the
// server, as expectedOSS writes it.
func expectedReturn(t testing.TB, home vat.Country, period string, files ...[]byte) *report.OSSReturn {
	t.Helper()
	return expectedReturnOf(t, assumedSeller(home), period, files...)
}

// expectedReturnOf is expectedReturn for a seller with facts, as
// expectedOSSOf writes it.
func expectedReturnOf(t testing.TB, seller vat.Seller, period string, files ...[]byte) *report.OSSReturn {
	t.Helper()
	var txs []vat.Transaction
	var reviews []string
	for _, data := range files {
		rd, err := ingest.Open(bytes.NewReader(data), ingest.Options{Source: "upload"})
		if err != nil {
			t.Fatal(err)
		}
		for row, err := range rd.All() {
			if err == nil {
				txs = append(txs, row.Tx)
				reviews = append(reviews, row.Review)
			}
		}
	}
	p, err := vat.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	b := report.OSS{Seller: seller, InferWarehouses: true}
	ret, err := b.Build(context.Background(), p, txs, reviews)
	if err != nil {
		t.Fatal(err)
	}
	return ret
}
