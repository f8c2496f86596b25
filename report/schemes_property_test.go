package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// randomImports is a random history of 2026 for a seller with an IOSS
// number: imported goods below and above €150, e-services, goods within
// the EU, and refunds of earlier sales, in EUR.
func randomImports(r *rand.Rand, n int) []vat.Transaction {
	dests := []vat.Country{vat.DE, vat.FR, vat.IT, vat.ES, vat.NL, vat.HU, vat.IE}
	var txs []vat.Transaction
	for i := range n {
		net := decimal.New(int64(100+r.IntN(25000)), -2)
		tx := vat.Transaction{Source: "rand", SourceID: fmt.Sprint("s", i), Line: i + 2, Kind: vat.KindSale,
			TaxPoint: day("2026-01-01").AddDate(0, 0, r.IntN(365)), Supply: vat.SupplyGoods, ShipFrom: "CN",
			ShipTo: dests[r.IntN(len(dests))], Net: net, ConsignmentValue: net, Given: vat.FieldNet, Currency: "EUR"}
		switch k := r.IntN(10); {
		case k < 1:
			tx.Supply, tx.ShipFrom = vat.SupplyElectronic, ""
		case k < 2:
			tx.ShipFrom = vat.DE
		case k < 4 && len(txs) > 0:
			orig := txs[r.IntN(len(txs))]
			if orig.Kind != vat.KindSale {
				break
			}
			tx = orig
			tx.SourceID, tx.Line, tx.Kind, tx.OriginalID = fmt.Sprint("r", i), i+2, vat.KindRefund, orig.SourceID
			tx.TaxPoint = orig.TaxPoint.AddDate(0, 0, r.IntN(90))
			tx.Net = orig.Net.Mul(decimal.New(int64(1+r.IntN(10)), -1)).Round(2).Neg()
		}
		txs = append(txs, tx)
	}
	return txs
}

// For any history, each month's import-scheme return declares exactly the
// import-scheme supplies of the month: its lines add up, per member state,
// to their taxable amounts and VAT, its corrections to the refunds of
// earlier months' supplies, and every consignment over €150 of the month
// is a review entry; the stored history gives the same return.
func TestPropertyIOSSLinesSumTransactions(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 19))
		txs := randomImports(r, 200+int(seed)*50)
		kind := fmt.Sprint("ioss-prop-", seed)
		store(t, s, kind, r, txs, make([]string, len(txs)))
		b := report.IOSS{Seller: iossSeller()}
		c := vat.Classifier{Seller: iossSeller()}
		ts := c.ClassifyAll(txs)
		for m := range 12 {
			p := vat.Period{Year: 2026, Month: time.Month(1 + m)}
			t.Run(fmt.Sprint("seed", seed, "/", p), func(t *testing.T) {
				got, err := b.Build(ctx, p, txs, nil)
				require.NoError(t, err)
				want := map[string]decimal.Decimal{}
				over := 0
				for i, tr := range ts {
					if !p.Contains(txs[i].TaxPoint) {
						continue
					}
					switch {
					case tr.Scheme == vat.Import:
						over++
					case tr.Scheme != vat.ImportIOSS:
					case tr.Has(vat.FlagCorrection):
						k := "corr " + string(tr.Country) + " " + tr.Period.String()
						want[k] = want[k].Add(tr.VAT)
					default:
						k := "line " + string(tr.Country) + " " + tr.Rate.String()
						want[k+" taxable"] = want[k+" taxable"].Add(tr.Taxable)
						want[k+" vat"] = want[k+" vat"].Add(tr.VAT)
					}
				}
				have := map[string]decimal.Decimal{}
				for _, l := range got.Lines {
					k := "line " + string(l.Country) + " " + l.Rate.String()
					have[k+" taxable"], have[k+" vat"] = l.Taxable, l.VAT
				}
				for _, cr := range got.Corrections {
					have["corr "+string(cr.Country)+" "+cr.Period.String()] = cr.VAT
				}
				for k, v := range want {
					line, isLine := strings.CutSuffix(k, " taxable")
					switch {
					case isLine && v.IsZero() && want[line+" vat"].IsZero():
						delete(want, k) // a sale refunded within the month
						delete(want, line+" vat")
					case strings.HasPrefix(k, "corr ") && v.IsZero():
						delete(want, k)
					}
				}
				require.Equal(t, fmt.Sprint(want), fmt.Sprint(have))
				require.Len(t, got.NeedsReview, over)

				stored, err := b.BuildFrom(ctx, p, &report.History{Vault: s, Kind: kind})
				require.NoError(t, err)
				require.Equal(t, fmt.Sprintf("%+v", *got), fmt.Sprintf("%+v", *stored))
			})
		}
	}
}
