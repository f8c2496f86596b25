package amazon_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/ingest/amazon"
	"github.com/vatkit/vatkit/ingest/amazon/amazontest"
	"github.com/vatkit/vatkit/internal/gen"
)

// Pull last month's VAT transactions report and read it with the ingest
// reader. Against Amazon, leave Endpoint, TokenURL and HTTPClient empty
// and give the application's LWA credentials and the seller's refresh
// token; here a fake stands in.
func Example() {
	fake, err := amazontest.New(amazontest.Config{Report: func(w io.Writer) error {
		_, err := gen.VTR(w, gen.VTRConfig{Rows: 100, Seed: 1})
		return err
	}})
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()

	client, err := amazon.New(amazon.Config{
		Endpoint:     fake.URL,      // amazon.EndpointEurope by default
		TokenURL:     fake.TokenURL, // amazon.TokenURL by default
		HTTPClient:   fake.Client(),
		ClientID:     amazontest.ClientID,
		ClientSecret: amazon.Secret(amazontest.ClientSecret),
		RefreshToken: amazon.Secret(amazontest.RefreshToken),
		PollInterval: time.Millisecond, // Amazon takes minutes: keep the default 30 s
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	doc, err := client.Report(ctx, amazon.Month(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), "A1PA6795UKMFR9"))
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	rd, err := ingest.Open(doc, ingest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, err := range rd.All() {
		if err != nil {
			log.Print(err) // a row error names line and column, never a cell
		}
	}
	sum := rd.Summary()
	fmt.Println(rd.Format(), sum.Rows == sum.Accepted+sum.Duplicates+sum.Rejected, sum.Rows)
	// Output: amazon-vtr true 100
}
