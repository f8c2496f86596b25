package report_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// A seller established in Germany, identified there for the Union scheme
// and taxed at destination (opted in): a sale to France in 2026-Q2,
// refunded in part in Q3, and an e-book sold to Ireland in Q3.
func ExampleOSS_Build() {
	on := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	eur := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	txs := []vat.Transaction{
		{Source: "shop", SourceID: "A-1", Kind: vat.KindSale, TaxPoint: on("2026-06-12"), Supply: vat.SupplyGoods,
			ShipFrom: vat.DE, ShipTo: vat.FR, Net: eur("250.00"), Given: vat.FieldNet, Currency: "EUR"},
		{Source: "shop", SourceID: "R-1", OriginalID: "A-1", Kind: vat.KindRefund, TaxPoint: on("2026-07-03"),
			Supply: vat.SupplyGoods, ShipFrom: vat.DE, ShipTo: vat.FR, Net: eur("-50.00"), Given: vat.FieldNet, Currency: "EUR"},
		{Source: "shop", SourceID: "B-1", Kind: vat.KindSale, TaxPoint: on("2026-08-20"), Supply: vat.SupplyElectronic,
			ShipTo: vat.IE, Net: eur("9.99"), Given: vat.FieldNet, Currency: "EUR"},
	}
	b := report.OSS{Seller: vat.Seller{Established: vat.DE, OptedIn: true, OSS: vat.OSSRegistration{MemberState: vat.DE}}}
	ret, err := b.Build(context.Background(), vat.Period{Year: 2026, Quarter: 3}, txs, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("due", ret.Due.Format(time.DateOnly))
	report.WriteJSON(os.Stdout, ret)
	// Output:
	// due 2026-10-31
	// {
	//   "scheme": "union",
	//   "member_state_of_identification": "DE",
	//   "period": "2026-Q3",
	//   "due": "2026-10-31",
	//   "lines": [
	//     {
	//       "country": "IE",
	//       "supply": "services",
	//       "rate_type": "standard",
	//       "rate": "23",
	//       "dispatched_from": "DE",
	//       "taxable_amount": "9.99",
	//       "vat_amount": "2.30"
	//     }
	//   ],
	//   "corrections": [
	//     {
	//       "country": "FR",
	//       "period": "2026-Q2",
	//       "vat_amount": "-10.00"
	//     }
	//   ],
	//   "total_vat": "-7.70",
	//   "exchange_rates": [],
	//   "needs_review": []
	// }
}
