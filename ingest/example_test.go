package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vault"
)

// A seller's file is read row by row; bad rows are reported with their
// line and column, duplicates counted, and nothing is dropped silently.
func Example() {
	file := strings.NewReader(`type,id,date,currency,ship_from,ship_to,net,vat,rate
sale,A-1,2026-07-01,EUR,DE,FR,100.00,20.00,20
refund,A-1R,2026-07-09,EUR,DE,FR,-100.00,-20.00,20
sale,A-2,2026-02-30,EUR,DE,IT,50.00,11.00,22
sale,A-1,2026-07-01,EUR,DE,FR,100.00,20.00,20
`)
	rd, err := ingest.Open(file, ingest.Options{Source: "upload-1"})
	if err != nil {
		log.Fatal(err)
	}
	for row, err := range rd.All() {
		var bad *ingest.RowError
		if errors.As(err, &bad) {
			fmt.Println("rejected:", bad)
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		tx := row.Tx
		fmt.Println(tx.Kind, tx.ShipFrom, "→", tx.ShipTo, tx.Net, tx.VAT, tx.Currency)
	}
	fmt.Printf("%s: %+v\n", rd.Format(), rd.Summary())
	// Output:
	// sale DE → FR 100 20 EUR
	// refund DE → FR -100 -20 EUR
	// rejected: ingest: upload-1: line 4: column date: not a valid date
	// template: {Rows:4 Accepted:2 Duplicates:1 Rejected:1 NeedsReview:0}
}

// A Pipeline stores what a file holds sealed in the seller's vault; the
// same lines uploaded again are recognised by their blind index.
func ExamplePipeline() {
	ctx := context.Background()
	v, err := vault.New(vault.Config{Params: vault.Floor}) // use the defaults in production
	if err != nil {
		log.Fatal(err)
	}
	if err := v.Enroll(ctx, "tenant-1", "seller@example.com", []byte("correct horse battery staple 9")); err != nil {
		log.Fatal(err)
	}
	session, err := v.Open(ctx, "tenant-1", "seller@example.com", []byte("correct horse battery staple 9"))
	if err != nil {
		log.Fatal(err)
	}
	defer session.Close()

	var sample bytes.Buffer
	if err := ingest.WriteTemplateCSV(&sample); err != nil {
		log.Fatal(err)
	}
	p := &ingest.Pipeline{Vault: session}
	for range 2 {
		res, err := p.Ingest(ctx, bytes.NewReader(sample.Bytes()), ingest.Options{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("stored %d, already known %d, rejected %d\n", res.Stored, res.Known, res.Rejected)
	}
	// Output:
	// stored 4, already known 0, rejected 0
	// stored 0, already known 4, rejected 0
}
