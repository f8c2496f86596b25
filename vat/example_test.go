package vat_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/vatkit/vatkit/vat"
)

// Parse what a buyer typed, keep the canonical form, and treat failing check
// digits as a reason to ask VIES rather than as a verdict.
func ExampleParseNumber() {
	n, err := vat.ParseNumber("el 094 012 834")
	fmt.Println(n, n.Country(), err)

	n, err = vat.ParseNumber("DE 125 014 855")
	switch {
	case errors.Is(err, vat.ErrChecksum):
		fmt.Println(n, "has wrong check digits: confirm with VIES before zero-rating")
	case err != nil:
		fmt.Println("not a VAT number:", err)
	}

	_, err = vat.ParseNumber("DE 12345")
	fmt.Println(err)
	// Output:
	// EL094012834 GR <nil>
	// DE125014855 has wrong check digits: confirm with VIES before zero-rating
	// vat: DE number: malformed number: want 9 characters after the prefix
}

// Classify a seller's sales: the threshold decides between origin and
// destination, refunds follow their sale, and what the rules cannot decide is
// returned for review with its reason.
func ExampleClassifier() {
	de, _ := vat.ParseNumber("DE136308783")
	c := vat.Classifier{Seller: vat.Seller{
		Established:   vat.DE,
		Registrations: []vat.Number{de},
		OSS:           vat.OSSRegistration{MemberState: vat.DE, From: time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)},
		PreviousYear:  decimal.NewNullDecimal(decimal.NewFromInt(12000)), // over €10,000: destination from January
	}}
	on := time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)
	txs := []vat.Transaction{
		{SourceID: "A1", Kind: vat.KindSale, TaxPoint: on, Supply: vat.SupplyGoods, ShipFrom: vat.DE, ShipTo: vat.FR,
			Net: decimal.RequireFromString("100.00"), Given: vat.FieldNet, Currency: "EUR"},
		{SourceID: "A2", Kind: vat.KindRefund, OriginalID: "A1", TaxPoint: on.AddDate(0, 3, 0), Supply: vat.SupplyGoods,
			ShipFrom: vat.DE, ShipTo: vat.FR, Net: decimal.RequireFromString("-100.00"), Given: vat.FieldNet, Currency: "EUR"},
		{SourceID: "A3", Kind: vat.KindSale, TaxPoint: on, Supply: vat.SupplyGoods, ShipFrom: vat.DE, ShipTo: vat.FR,
			Net: decimal.RequireFromString("50.00"), Rate: decimal.RequireFromString("7"), Given: vat.FieldNet | vat.FieldRate, Currency: "EUR"},
	}
	for i, t := range c.ClassifyAll(txs) {
		if t.Scheme == vat.NeedsReview {
			fmt.Printf("%s: review: %s\n", txs[i].SourceID, t.Reason)
			continue
		}
		fmt.Printf("%s: %s %s %s%% taxable %s VAT %s for %s (correction: %t)\n", txs[i].SourceID, t.Scheme, t.Country,
			t.Rate, t.Taxable.StringFixed(2), t.VAT.StringFixed(2), t.Period, t.Has(vat.FlagCorrection))
	}
	// Output:
	// A1: oss-union FR 20% taxable 100.00 VAT 20.00 for 2026-Q1 (correction: false)
	// A2: oss-union FR 20% taxable -100.00 VAT -20.00 for 2026-Q1 (correction: true)
	// A3: review: The file charges 7%, which is not a VAT rate of France on 2026-02-03: check the rate in the file.
}
