package ingest_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
)

// A transaction record's content: AppendStored writes it into a reusable
// buffer (to be sealed by the vault), DecodeStored reads it back after the
// vault opens it.
func ExampleAppendStored() {
	s := ingest.Stored{Tx: vat.Transaction{
		Source: "amazon-vtr", SourceID: "302-1234567-7654321/B07XJ8C8F5", Kind: vat.KindSale,
		TaxPoint: time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC), ShipFrom: vat.DE, ShipTo: vat.FR,
		Gross: decimal.RequireFromString("49.90"), Currency: "EUR",
	}}
	var buf []byte
	buf = ingest.AppendStored(buf[:0], &s)
	back, err := ingest.DecodeStored(buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(buf), "bytes:", back.Tx.SourceID, back.Tx.ShipTo, back.Tx.Gross.StringFixed(2), back.Tx.TaxPoint.Format(time.DateOnly))
	// Output: 86 bytes: 302-1234567-7654321/B07XJ8C8F5 FR 49.90 2026-07-15
}
