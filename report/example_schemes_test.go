package report_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// A seller established in Germany with an IOSS number sells goods shipped
// from China: a consignment of €40 to Austria goes on July's import-scheme
// return, one of €180 is outside the scheme and listed for review.
func ExampleIOSS_Build() {
	on := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	eur := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	imported := func(id, day, value string) vat.Transaction {
		return vat.Transaction{Source: "shop", SourceID: id, Kind: vat.KindSale, TaxPoint: on(day),
			Supply: vat.SupplyGoods, ShipFrom: "CN", ShipTo: vat.AT, Net: eur(value), ConsignmentValue: eur(value),
			Given: vat.FieldNet, Currency: "EUR"}
	}
	b := report.IOSS{Seller: vat.Seller{Established: vat.DE, IOSS: "IM2760000001"}}
	ret, err := b.Build(context.Background(), vat.Period{Year: 2026, Month: time.July},
		[]vat.Transaction{imported("C-1", "2026-07-08", "40.00"), imported("C-2", "2026-07-09", "180.00")}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range ret.Lines {
		fmt.Println(l.Country, l.RateTypeName(), l.Rate, l.Taxable.StringFixed(2), l.VAT.StringFixed(2))
	}
	fmt.Println("due", ret.Due.Format(time.DateOnly), "under", ret.IOSSNumber, "-", len(ret.NeedsReview), "to review")
	// Output:
	// AT standard 20 40.00 8.00
	// due 2026-08-31 under IM2760000001 - 1 to review
}
