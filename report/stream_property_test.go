package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// history is a random seller history over 2025 and 2026 for the
// streamed-build property: B2C goods from Germany to member states (its
// own included) with amounts that take the year over the €10,000
// threshold somewhere in the middle, electronic services, B2B sales,
// marketplace sales, exports, sales from a Polish warehouse that starts
// late, partial refunds and returns of earlier sales (across quarters and
// years, some on the sale's own day), rows without a date, rows from an
// API without a line, the seller's own VAT numbers, the reader's review
// reasons, in EUR, USD and GBP, at any time of day.
func history(r *rand.Rand, n int) ([]vat.Transaction, []string) {
	dests := []vat.Country{vat.DE, vat.FR, vat.IT, vat.ES, vat.NL, vat.AT, vat.PL, vat.IE}
	b2b := []vat.Number{number("FR61954506077"), number("ATU14243102")}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	warehouseFrom := start.AddDate(0, 0, 200+r.IntN(400))
	busy := make([]int, 40) // days with many sales, so that order within a day matters
	for i := range busy {
		busy[i] = r.IntN(730)
	}
	var txs []vat.Transaction
	var reviews []string
	for i := range n {
		on := start.Add(time.Duration(r.IntN(730*24*60)) * time.Minute)
		if r.IntN(2) == 0 {
			on = start.AddDate(0, 0, busy[r.IntN(len(busy))]).Add(time.Duration(r.IntN(24*60)) * time.Minute)
		}
		tx := vat.Transaction{Source: "rand", SourceID: fmt.Sprint("s", i), Line: i + 2, Kind: vat.KindSale,
			TaxPoint: on, Supply: vat.SupplyGoods, ShipFrom: vat.DE, ShipTo: dests[r.IntN(len(dests))],
			Net: decimal.New(int64(100+r.IntN(12000)), -2), Given: vat.FieldNet, Currency: "EUR"}
		switch c := r.IntN(10); {
		case c < 2:
			tx.Currency = "USD"
		case c < 3:
			tx.Currency = "GBP"
		}
		switch k := r.IntN(24); {
		case k < 3:
			tx.Supply, tx.ShipFrom = vat.SupplyElectronic, ""
		case k < 5:
			tx.Buyer.VATNumber = b2b[r.IntN(len(b2b))]
			tx.ShipTo = tx.Buyer.VATNumber.Country()
		case k < 6:
			tx.Collector = vat.CollectedByMarketplace
		case k < 7:
			tx.ShipTo = "US"
		case k < 9 && on.After(warehouseFrom):
			tx.ShipFrom, tx.SellerNumber = vat.PL, number("PL5211355116")
		case k < 10:
			tx.Source, tx.Line = "api", 0
		case k < 11:
			tx.TaxPoint = time.Time{}
		case k < 16 && len(txs) > 0:
			orig := txs[r.IntN(len(txs))]
			if orig.Kind != vat.KindSale || orig.TaxPoint.IsZero() {
				break
			}
			tx = orig
			tx.SourceID, tx.Line, tx.Kind, tx.OriginalID = fmt.Sprint("r", i), i+2, vat.KindRefund, orig.SourceID
			if r.IntN(5) == 0 {
				tx.Kind = vat.KindReturn
			}
			tx.TaxPoint = orig.TaxPoint.Add(time.Duration(r.IntN(200*24)) * time.Hour)
			if r.IntN(4) == 0 { // the same day, maybe at an earlier hour
				y, m, d := orig.TaxPoint.Date()
				tx.TaxPoint = time.Date(y, m, d, 0, r.IntN(24*60), 0, 0, time.UTC)
			}
			tx.Net = orig.Net.Mul(decimal.New(int64(1+r.IntN(10)), -1)).Round(2).Neg()
		}
		review := ""
		if r.IntN(15) == 0 {
			review = "the reader doubts this row"
		}
		txs = append(txs, tx)
		reviews = append(reviews, review)
	}
	return txs, reviews
}

// historyFX has illustrative weekly USD and GBP rates (not the ECB's) over
// the history.
func historyFX(t *testing.T, r *rand.Rand) vat.FX {
	var qs []vat.FXQuote
	for d := day("2024-12-02"); d.Before(day("2027-01-31")); d = d.AddDate(0, 0, 7) {
		qs = append(qs, vat.FXQuote{Currency: "USD", Published: d, Rate: decimal.New(int64(10500+r.IntN(1000)), -4)},
			vat.FXQuote{Currency: "GBP", Published: d, Rate: decimal.New(int64(8200+r.IntN(600)), -4)})
	}
	fx, err := vat.NewFXTable(qs)
	require.NoError(t, err)
	return fx
}

// until keeps the transactions a build of p reads: those without a date
// and those up to p's last day. A build reads no month after its period,
// so the oracle is given the same history.
func until(txs []vat.Transaction, reviews []string, p vat.Period) ([]vat.Transaction, []string) {
	var ts []vat.Transaction
	var rs []string
	for i, tx := range txs {
		if tx.TaxPoint.IsZero() || !p.End().Before(time.Date(tx.TaxPoint.Year(), tx.TaxPoint.Month(), tx.TaxPoint.Day(), 0, 0, 0, 0, time.UTC)) {
			ts, rs = append(ts, tx), append(rs, reviews[i])
		}
	}
	return ts, rs
}

// store seals txs into the session as the ingest pipeline does (binary
// form, period from the tax point), under ids in random order, as records
// of kind.
func store(t *testing.T, s *vault.Session, kind string, r *rand.Rand, txs []vat.Transaction, reviews []string) {
	ctx := context.Background()
	for i, j := range r.Perm(len(txs)) {
		content := ingest.AppendStored(nil, &ingest.Stored{Tx: txs[j], Review: reviews[j]})
		period := ""
		if !txs[j].TaxPoint.IsZero() {
			period = txs[j].TaxPoint.Format("2006-01")
		}
		rec, err := s.Seal(kind, fmt.Sprintf("%06d", i), period, content)
		require.NoError(t, err)
		require.NoError(t, s.Put(ctx, rec))
	}
}

// The streamed build gives the answers of the in-memory build it replaced
// (report.OracleOSS, report.OracleNational), for every quarter of random
// histories, from memory (Build) and from the vault (BuildFrom, against
// the oracle over the records in the order Load gave them).
func TestPropertyStreamedEqualsInMemory(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	var corrections, lines int
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 14))
		txs, reviews := history(r, 150+int(seed)*40)
		kind := fmt.Sprint("prop-", seed)
		store(t, s, kind, r, txs, reviews)
		seller := vat.Seller{Established: vat.DE, OSS: vat.OSSRegistration{MemberState: vat.DE, From: day("2021-07-01")},
			Registrations: []vat.Number{number("DE136308783")}}
		if seed%3 == 0 {
			seller.PreviousYear = decimal.NewNullDecimal(dec("4000"))
		}
		o := report.OSS{Seller: seller, FX: historyFX(t, r), InferWarehouses: seed%2 == 0}
		for q := range 8 {
			p := vat.Period{Year: 2025 + q/4, Quarter: 1 + q%4}
			t.Run(fmt.Sprint("seed", seed, "/", p), func(t *testing.T) {
				ts, rs := until(txs, reviews, p)
				want, err := report.OracleOSS(&o, ctx, p, ts, rs)
				require.NoError(t, err)
				got, err := o.Build(ctx, p, txs, reviews)
				require.NoError(t, err)
				require.Equal(t, fmt.Sprintf("%+v", *want), fmt.Sprintf("%+v", *got), "Build")

				report.OracleLoadOrder(ts, rs)
				want, err = report.OracleOSS(&o, ctx, p, ts, rs)
				require.NoError(t, err)
				got, err = o.BuildFrom(ctx, p, &report.History{Vault: s, Kind: kind})
				require.NoError(t, err)
				require.Equal(t, fmt.Sprintf("%+v", *want), fmt.Sprintf("%+v", *got), "BuildFrom")

				n := report.National{Seller: seller}
				wantN := report.OracleNational(&n, p, ts)
				gotN, bad, err := n.BuildFrom(ctx, p, &report.History{Vault: s, Kind: kind})
				require.NoError(t, err)
				require.Empty(t, bad)
				require.Equal(t, fmt.Sprintf("%+v", wantN), fmt.Sprintf("%+v", gotN), "National")

				corrections += len(got.Corrections)
				lines += len(got.Lines)
			})
		}
	}
	// The seller has not opted in: OSS lines appear only once the year
	// went over €10,000.
	t.Logf("%d corrections, %d lines", corrections, lines)
	if corrections < 20 || lines < 100 {
		t.Errorf("the histories exercise too little: %d corrections, %d lines", corrections, lines)
	}
}
