package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// randomData is a random seller history over 2026-Q2 and Q3: B2C goods to
// member states (the seller's own included), electronic services, B2B
// sales, marketplace sales, exports, and partial refunds of earlier sales,
// in EUR and USD.
func randomData(r *rand.Rand, n int) []vat.Transaction {
	dests := []vat.Country{vat.DE, vat.FR, vat.IT, vat.ES, vat.NL, vat.AT, vat.PL, vat.EE, vat.IE}
	b2b := []vat.Number{number("FR61954506077"), number("ATU14243102"), number("CZ25123891")}
	start := day("2026-04-01")
	var txs []vat.Transaction
	for i := range n {
		tx := vat.Transaction{Source: "rand", SourceID: fmt.Sprint("s", i), Line: i + 2, Kind: vat.KindSale,
			TaxPoint: start.AddDate(0, 0, r.IntN(183)), Supply: vat.SupplyGoods, ShipFrom: vat.DE,
			ShipTo: dests[r.IntN(len(dests))], Net: decimal.New(int64(100+r.IntN(100000)), -2),
			Given: vat.FieldNet, Currency: "EUR"}
		if r.IntN(10) < 3 {
			tx.Currency = "USD"
		}
		switch k := r.IntN(20); {
		case k < 3:
			tx.Supply, tx.ShipFrom = vat.SupplyElectronic, ""
		case k < 5:
			tx.Buyer.VATNumber = b2b[r.IntN(len(b2b))]
			tx.ShipTo = tx.Buyer.VATNumber.Country()
		case k < 6:
			tx.Collector = vat.CollectedByMarketplace
		case k < 7:
			tx.ShipTo = "US"
		case k < 10 && len(txs) > 0:
			orig := txs[r.IntN(len(txs))]
			if orig.Kind != vat.KindSale {
				break
			}
			tx = orig
			tx.SourceID, tx.Line, tx.Kind, tx.OriginalID = fmt.Sprint("r", i), i+2, vat.KindRefund, orig.SourceID
			tx.TaxPoint = orig.TaxPoint.AddDate(0, 0, r.IntN(60))
			tx.Net = orig.Net.Mul(decimal.New(int64(1+r.IntN(10)), -1)).Round(2).Neg()
		}
		txs = append(txs, tx)
	}
	return txs
}

// propertyFX has illustrative USD rates (not the ECB's) for the ends of
// 2026-Q2 and Q3.
func propertyFX(t *testing.T) vat.FX {
	fx, err := vat.NewFXTable([]vat.FXQuote{
		{Currency: "USD", Published: day("2026-06-30"), Rate: dec("1.1377")},
		{Currency: "USD", Published: day("2026-09-30"), Rate: dec("1.0891")},
		{Currency: "USD", Published: day("2026-10-01"), Rate: dec("1.0902")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// For any dataset, the return's lines add up to the OSS-treated sales and
// refunds of the quarter converted one by one, within the rounding of each
// conversion (half a cent per transaction and per line); corrections add up
// the same way at the corrected quarter's rate; and nothing else is
// counted: scaling every transaction that is not an OSS supply leaves the
// return unchanged.
func TestPropertyLinesSumTransactions(t *testing.T) {
	ctx := context.Background()
	fx := propertyFX(t)
	seller := vat.Seller{Established: vat.DE, OptedIn: true, OSS: vat.OSSRegistration{MemberState: vat.DE}}
	q3 := period("2026-Q3")
	var seenLines, seenCorrections int
	for seed := range uint64(40) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			txs := randomData(rand.New(rand.NewPCG(seed, 7)), 20+int(seed)*10)
			b := report.OSS{Seller: seller, FX: fx}
			r, err := b.Build(ctx, q3, txs, nil)
			if err != nil {
				t.Fatal(err)
			}
			c := vat.Classifier{Seller: seller}
			ts := c.ClassifyAll(txs)
			var wantVAT, wantTaxable, wantCorr decimal.Decimal
			n := 0
			for i, tr := range ts {
				if tr.Scheme != vat.OSSUnion || !q3.Contains(txs[i].TaxPoint) {
					continue
				}
				n++
				rate := usdRate(t, fx, tr.Currency, tr.Period.End())
				if tr.Has(vat.FlagCorrection) {
					wantCorr = wantCorr.Add(toEUR(t, tr.VAT, rate))
					continue
				}
				wantVAT = wantVAT.Add(toEUR(t, tr.VAT, rate))
				wantTaxable = wantTaxable.Add(toEUR(t, tr.Taxable, rate))
			}
			var gotVAT, gotTaxable, gotCorr decimal.Decimal
			for _, l := range r.Lines {
				gotVAT, gotTaxable = gotVAT.Add(l.VAT), gotTaxable.Add(l.Taxable)
			}
			for _, cr := range r.Corrections {
				gotCorr = gotCorr.Add(cr.VAT)
			}
			tol := decimal.New(int64(n+len(r.Lines)+len(r.Corrections)), 0).Mul(dec("0.005"))
			for _, p := range []struct {
				what      string
				got, want decimal.Decimal
			}{{"VAT", gotVAT, wantVAT}, {"taxable", gotTaxable, wantTaxable}, {"corrections", gotCorr, wantCorr}} {
				if p.got.Sub(p.want).Abs().GreaterThan(tol) {
					t.Errorf("%s: return %s, transactions %s (tolerance %s)", p.what, p.got, p.want, tol)
				}
			}
			if !r.Total.Equal(gotVAT.Add(gotCorr)) {
				t.Errorf("total %s != lines %s + corrections %s", r.Total, gotVAT, gotCorr)
			}
			seenLines, seenCorrections = seenLines+len(r.Lines), seenCorrections+len(r.Corrections)
			scaled := scaleOthers(txs, ts)
			r2, err := b.Build(ctx, q3, scaled, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Lines, r2.Lines) || !reflect.DeepEqual(r.Corrections, r2.Corrections) || !r.Total.Equal(r2.Total) {
				t.Errorf("transactions outside the OSS changed the return:\n%+v\n%+v", r.Lines, r2.Lines)
			}
		})
	}
	if seenLines < 100 || seenCorrections < 10 {
		t.Errorf("the datasets exercise too little: %d lines, %d corrections", seenLines, seenCorrections)
	}
}

// scaleOthers multiplies the amounts of every transaction not treated as
// an OSS supply by three.
func scaleOthers(txs []vat.Transaction, ts []vat.Treatment) []vat.Transaction {
	out := append([]vat.Transaction(nil), txs...)
	three := decimal.NewFromInt(3)
	for i := range out {
		if ts[i].Scheme != vat.OSSUnion {
			out[i].Net, out[i].VAT, out[i].Gross = out[i].Net.Mul(three), out[i].VAT.Mul(three), out[i].Gross.Mul(three)
		}
	}
	return out
}

func usdRate(t *testing.T, fx vat.FX, currency string, end time.Time) decimal.Decimal {
	rate, _, err := vat.OSSRate(context.Background(), fx, currency, end)
	if err != nil {
		t.Fatal(err)
	}
	return rate
}

func toEUR(t *testing.T, amount, rate decimal.Decimal) decimal.Decimal {
	v, err := vat.ToEUR(amount, rate, vat.RoundingRule{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
