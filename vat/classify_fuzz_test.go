package vat_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/vatkit/vatkit/vat"
)

// FuzzClassify: whatever a source delivers, the classifier never panics,
// every NeedsReview carries a reason, and every other treatment that charges
// VAT names a country and a rate.
func FuzzClassify(f *testing.F) {
	f.Add(uint8(1), uint8(1), "DE", "FR", "100.00", "", "", "", int32(20000), "EUR", false, uint8(0))
	f.Add(uint8(2), uint8(2), "", "IE", "-9.99", "1", "", "23", int32(19000), "USD", true, uint8(1))
	f.Add(uint8(4), uint8(1), "CZ", "PL", "", "", "120", "", int32(21000), "", false, uint8(2))
	f.Fuzz(func(t *testing.T, kind, supply uint8, from, to, net, vatAmt, gross, rate string, days int32, cur string, b2b bool, rk uint8) {
		tx := vat.Transaction{SourceID: "f", Kind: vat.Kind(kind % 7), Supply: vat.Supply(supply % 5),
			ShipFrom: vat.Country(from), ShipTo: vat.Country(to), Currency: cur, RateKind: vat.RateKind(rk % 7),
			TaxPoint: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days%40000))}
		set := func(s string, d *decimal.Decimal, fl vat.Field) {
			if v, err := decimal.NewFromString(s); err == nil && len(s) < 40 {
				*d, tx.Given = v, tx.Given|fl
			}
		}
		set(net, &tx.Net, vat.FieldNet)
		set(vatAmt, &tx.VAT, vat.FieldVAT)
		set(gross, &tx.Gross, vat.FieldGross)
		set(rate, &tx.Rate, vat.FieldRate)
		if b2b {
			tx.Buyer.VATNumber, _ = vat.ParseNumber("FR61954506077")
		}
		if kind%7 == uint8(vat.KindRefund) {
			tx.OriginalID = "f"
		}
		s := deSeller()
		c := vat.Classifier{Seller: s}
		sale := tx
		sale.Kind = vat.KindSale
		for _, x := range []*vat.Transaction{&sale, &tx} {
			got := c.Classify(x)
			switch got.Scheme {
			case vat.NeedsReview:
				if got.Reason == "" {
					t.Fatalf("NeedsReview without a reason for %+v", x)
				}
			case vat.Domestic, vat.OSSUnion, vat.ImportIOSS:
				if got.Country == "" || (got.RateKind == vat.RateUnknown && got.Rate.IsZero()) {
					t.Fatalf("%s without country or rate: %+v", got.Scheme, got)
				}
			}
		}
	})
}
