package vat_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/vatkit/vatkit/vat"
)

// benchTransactions is a realistic mix: OSS distance sales with and without a
// stated rate, a domestic sale, a gross-priced sale, a B2B supply, a TBE
// service, a marketplace sale and a refund.
func benchTransactions() []vat.Transaction {
	b2b := sale("b2b", "2026-02-01", vat.DE, vat.FR, "500.00")
	b2b.Buyer.VATNumber = mustNumber("FR61954506077")
	gross := sale("g", "2026-02-01", vat.DE, vat.IT, "0")
	gross.Given, gross.Gross, gross.Rate = vat.FieldGross|vat.FieldRate, dec("24.40"), dec("22")
	tbe := sale("e", "2026-02-01", "", vat.IE, "9.99")
	tbe.Supply = vat.SupplyElectronic
	mp := sale("mp", "2026-02-01", vat.DE, vat.AT, "30.00")
	mp.Collector = vat.CollectedByMarketplace
	ref := sale("r", "2026-02-02", vat.DE, vat.FR, "-100.00")
	ref.Kind, ref.OriginalID = vat.KindRefund, "s1"
	stated := withRate(sale("s2", "2026-02-01", vat.DE, vat.NL, "80.00"), "21")
	stated.VAT, stated.Given = dec("16.80"), stated.Given|vat.FieldVAT
	return []vat.Transaction{
		sale("s1", "2026-02-01", vat.DE, vat.FR, "100.00"), stated, sale("d", "2026-02-01", vat.DE, vat.DE, "50.00"),
		gross, b2b, tbe, mp, ref,
	}
}

// BenchmarkClassify classifies the mix with a Classifier in steady state; one
// op is one transaction. The floor computes, with bare decimal arithmetic and
// a map lookup of the rate, the VAT of the same lines — the least work any
// classifier must do.
func BenchmarkClassify(b *testing.B) {
	txs := benchTransactions()
	s := deSeller()
	s.OptedIn = true
	b.Run("vatkit", func(b *testing.B) {
		c := vat.Classifier{Seller: s}
		for i := range txs {
			c.Classify(&txs[i])
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			t := c.Classify(&txs[i%len(txs)])
			if t.Scheme == vat.NeedsReview {
				b.Fatal(t.Reason)
			}
			i++
		}
	})
	b.Run("floor/decimal-and-map", func(b *testing.B) {
		rates := map[vat.Country]decimal.Decimal{vat.FR: dec("20"), vat.NL: dec("21"), vat.DE: dec("19"), vat.IT: dec("22"), vat.IE: dec("23"), vat.AT: dec("20")}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			tx := &txs[i%len(txs)]
			_ = tx.Net.Mul(rates[tx.ShipTo]).Shift(-2).Round(2)
			i++
		}
	})
}
