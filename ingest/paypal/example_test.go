package paypal_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/vatkit/vatkit/ingest/paypal"
	"github.com/vatkit/vatkit/ingest/paypal/paypaltest"
	"github.com/vatkit/vatkit/vat"
)

// Pull a quarter's transactions window by window. Against PayPal, leave
// BaseURL (LiveURL by default, or SandboxURL) and HTTPClient empty and
// give the REST app's credentials; here a fake stands in.
func Example() {
	q3 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	txs, _ := paypaltest.Generate(1000, q3, q3.AddDate(0, 3, 0), 1)
	fake := paypaltest.New(paypaltest.Config{Transactions: txs})
	defer fake.Close()

	client, err := paypal.New(paypal.Config{
		BaseURL:      fake.URL, // paypal.LiveURL by default
		HTTPClient:   fake.Client(),
		ClientID:     paypaltest.ClientID,
		ClientSecret: paypal.Secret(paypaltest.ClientSecret),
	})
	if err != nil {
		log.Fatal(err)
	}
	kinds := map[vat.Kind]int{}
	for w, err := range client.Windows(context.Background(), q3, q3.AddDate(0, 3, 0)) {
		if err != nil {
			// Every window before w.Start is complete: pull again from there.
			log.Fatalf("pull again from %v: %v", w.Start, err)
		}
		for _, row := range w.Rows {
			kinds[row.Tx.Kind]++ // row.Key is the line's identity for de-duplication
		}
	}
	fmt.Println("sales:", kinds[vat.KindSale], "refunds:", kinds[vat.KindRefund], "not sales:", kinds[vat.KindOther])
	// Output: sales: 906 refunds: 50 not sales: 44
}
