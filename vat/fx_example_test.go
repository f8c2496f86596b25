package vat_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/vatkit/vatkit/vat"
)

// The ECB's rates for USD around Easter 2024, in the layout of
// eurofxref-hist.xml (a host would use vat.ECBClient or its own cached copy).
const ecbEaster2024 = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <Cube>
    <Cube time="2024-04-02"><Cube currency="USD" rate="1.0749"/></Cube>
    <Cube time="2024-03-28"><Cube currency="USD" rate="1.0811"/></Cube>
  </Cube>
</gesmes:Envelope>`

func ExampleOSSRate() {
	rates, err := vat.ParseECB(strings.NewReader(ecbEaster2024))
	if err != nil {
		fmt.Println(err)
		return
	}
	// 2024-Q1 ends on Sunday 31 March; 1 April is Easter Monday, so the
	// return converts at the rate published on Tuesday 2 April.
	q1End := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	rate, published, err := vat.OSSRate(context.Background(), rates, "USD", q1End)
	if err != nil {
		fmt.Println(err)
		return
	}
	sales := decimal.RequireFromString("1084.50") // USD, summed for the quarter
	eur, _ := vat.ToEUR(sales, rate, vat.RoundingRule{})
	fmt.Printf("USD %s at %s (ECB, %s) = EUR %s\n", sales.StringFixed(2), rate, published.Format(time.DateOnly), eur.StringFixed(2))

	_, _, err = vat.OSSRate(context.Background(), rates, "USD", time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
	fmt.Println(err)
	// Output:
	// USD 1084.50 at 1.0749 (ECB, 2024-04-02) = EUR 1008.93
	// vat: no exchange rate for "USD" on 2024-06-30: not published yet (the table ends 2024-04-02)
}
