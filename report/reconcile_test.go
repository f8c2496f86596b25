package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// reconSeller is established and identified in DE, past the €10,000
// threshold (its previous year's cross-border sales were €50,000), so that
// its sales to consumers elsewhere are taxed where they arrive.
func reconSeller() vat.Seller {
	s := e4Seller()
	s.Warehouses = nil
	s.PreviousYear = decimal.NewNullDecimal(dec("50000"))
	return s
}

// reconQuarter is 2026-Q3 as a marketplace report may show it: a sale
// whose VAT both agree on and its partial refund, a VAT three cents under
// the rate's (rounding), one two euros under it, VAT charged on a sale to
// a business that is exempt, a sale the file says the marketplace
// accounted for though the seller is established in the EU, a row the
// rules cannot place, and a PayPal-like row with a gross amount only.
func reconQuarter() []vat.Transaction {
	at := func(tx vat.Transaction, line int) vat.Transaction { tx.Line = line; return tx }
	b2b := sale("b2b", "2026-08-01", vat.DE, vat.AT, "100.00", "20.00", "20")
	b2b.Buyer.VATNumber = number("ATU14243102")
	b2b.Buyer.VIES = vat.VIESEvidence{Checked: day("2026-08-01"), Valid: true}
	mp := sale("mp", "2026-08-02", vat.DE, vat.IT, "100.00", "22.00", "22")
	mp.Collector = vat.CollectedByMarketplace
	unplaced := sale("unplaced", "2026-08-03", vat.DE, vat.FR, "25.00", "5.00", "20")
	unplaced.Supply = vat.SupplyUnknown
	gross := vat.Transaction{Source: "test", SourceID: "gross", Line: 9, Kind: vat.KindSale, TaxPoint: day("2026-08-04"),
		Supply: vat.SupplyGoods, ShipFrom: vat.DE, ShipTo: vat.FR, Gross: dec("12.00"), Given: vat.FieldGross, Currency: "EUR"}
	return []vat.Transaction{
		at(sale("fr", "2026-07-01", vat.DE, vat.FR, "100.00", "20.00", "20"), 2),
		at(sale("fr-round", "2026-07-02", vat.DE, vat.FR, "100.10", "19.99", "20"), 3),
		at(sale("fr-low", "2026-07-03", vat.DE, vat.FR, "100.00", "18.00", "20"), 4),
		at(b2b, 5), at(mp, 6), at(unplaced, 7),
		at(refund("fr-r", "fr", "2026-09-01", vat.DE, vat.FR, "-50.00", "-10.00", "20"), 8),
		gross,
		at(sale("q2", "2026-06-30", vat.DE, vat.FR, "100.00", "10.00", "20"), 1), // another quarter
	}
}

func TestReconciliation(t *testing.T) {
	rc := report.Reconciliation{Seller: reconSeller()}
	r, err := rc.Build(context.Background(), period("2026-Q3"), reconQuarter())
	require.NoError(t, err)
	var lines []string
	for _, l := range r.Lines {
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s", l.Country, l.Rate, l.SourceVAT.StringFixed(2),
			l.VATkitVAT.StringFixed(2), l.Difference.StringFixed(2)))
	}
	// FR: 20 + 19.99 + 18 + 5 − 10 stated; 20 + 20.02 + 20 − 10 due
	// (the unplaced row counts none).
	assert.Equal(t, []string{"AT 20 20.00 0.00 20.00", "FR 20 52.99 50.02 2.97", "IT 22 22.00 0.00 22.00"}, lines)
	assert.Equal(t, 1, r.Unstated)
	var diffs []string
	for _, d := range r.Differences {
		diffs = append(diffs, fmt.Sprintf("%d %s %s", d.Line, d.SourceVAT.StringFixed(2), d.VATkitVAT.StringFixed(2)))
	}
	assert.Equal(t, []string{"3 19.99 20.02", "4 18.00 20.00", "5 20.00 0.00", "6 22.00 0.00", "7 5.00 0.00"}, diffs)
	reasons := map[int]string{}
	for _, d := range r.Differences {
		reasons[d.Line] = d.Reason
	}
	assert.True(t, strings.HasPrefix(reasons[3], "Rounding"), reasons[3])
	assert.Contains(t, reasons[4], "Art 193")
	assert.Contains(t, reasons[5], "Art 138")
	assert.True(t, strings.HasPrefix(reasons[6], "Deemed-supplier mismatch"), reasons[6])
	assert.Contains(t, reasons[7], "goods or a service")
}

// A row without a date belongs to no period: the reconciliation of any
// period names it for review, as the return does, instead of leaving it
// out without a word.
func TestReconciliationUndatedRow(t *testing.T) {
	undated := sale("nodate", "2026-07-01", vat.DE, vat.FR, "100.00", "20.00", "20")
	undated.TaxPoint, undated.Line = time.Time{}, 11
	rc := report.Reconciliation{Seller: reconSeller()}
	with, err := rc.Build(context.Background(), period("2026-Q3"), append(reconQuarter(), undated))
	require.NoError(t, err)
	without, err := rc.Build(context.Background(), period("2026-Q3"), reconQuarter())
	require.NoError(t, err)
	assert.Equal(t, without.Lines, with.Lines)
	assert.Equal(t, without.Differences, with.Differences)
	require.Len(t, with.NeedsReview, len(without.NeedsReview)+1)
	got := with.NeedsReview[len(with.NeedsReview)-1]
	assert.Equal(t, 11, got.Line)
	assert.Contains(t, got.Reason, "no date")
}

// The €10,000 threshold (Art 59c): a seller established in Austria only,
// under the threshold, whose file charged 20% on a sale to France owes
// Austrian VAT, also 20%, so the two agree, under Austria. A seller with
// stock in another member state has no threshold (Art 59c(1)(b)): a file
// that charged Austria's 20% on a sale from Austria to Italy taxed it in
// another country than Italy, and the difference names both.
func TestReconciliationPlaceOfTaxation(t *testing.T) {
	ctx := context.Background()
	under := vat.Seller{Established: vat.AT, PreviousYear: decimal.NewNullDecimal(dec("2000")),
		OSS: vat.OSSRegistration{MemberState: vat.AT, From: day("2021-07-01")}}
	r, err := (&report.Reconciliation{Seller: under}).Build(ctx, period("2026-Q3"),
		[]vat.Transaction{sale("fr", "2026-07-01", vat.AT, vat.FR, "100.00", "20.00", "20")})
	require.NoError(t, err)
	require.Len(t, r.Differences, 0, "AT and FR both tax at 20%%: %+v", r.Differences)
	require.Len(t, r.Lines, 1)
	assert.Equal(t, vat.AT, r.Lines[0].Country, "vatkit's VAT and the file's, at the same rate, are Austria's")

	stock := under
	stock.Warehouses = []vat.Country{vat.DE}
	stock.Registrations = []vat.Number{number("DE136308783")}
	r, err = (&report.Reconciliation{Seller: stock}).Build(ctx, period("2026-Q3"),
		[]vat.Transaction{withoutRate(sale("it", "2026-07-01", vat.AT, vat.IT, "100.00", "20.00", "20"))})
	require.NoError(t, err)
	require.Len(t, r.Differences, 1)
	assert.Contains(t, r.Differences[0].Reason, "the file taxed it in Austria at 20%")
	assert.Contains(t, r.Differences[0].Reason, "Italy")
}

// withoutRate drops the stated rate, leaving net and VAT.
func withoutRate(tx vat.Transaction) vat.Transaction {
	tx.Given &^= vat.FieldRate
	tx.Rate = decimal.Decimal{}
	return tx
}

func TestReconciliationWriters(t *testing.T) {
	r, err := (&report.Reconciliation{Seller: reconSeller()}).Build(context.Background(), period("2026-Q3"), reconQuarter())
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"reconciliation.json", func(b *bytes.Buffer) error { return report.WriteReconciliationJSON(b, r) }},
		{"reconciliation.csv", func(b *bytes.Buffer) error { return report.WriteReconciliationCSV(b, r) }},
		{"reconciliation.xlsx.txt", func(b *bytes.Buffer) error { return reconXLSXText(b, r) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, tc.write(&b))
			golden(t, tc.name, b.Bytes())
		})
	}
}

// For any history, the lines add up to the transactions of the period:
// the source's VAT to every stated VAT, vatkit's to the VAT it finds due;
// each difference over a cent is listed once, with a reason; and the
// stored history gives the same comparison.
func TestPropertyReconciliationSums(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 191))
		txs := randomData(r, 300)
		for i := range txs {
			tx := &txs[i]
			tx.Currency = "EUR"
			if r.IntN(8) > 0 { // the others state no VAT
				noise := decimal.New(int64(r.IntN(7)-3), -2)
				tx.VAT, tx.Given = tx.Net.Abs().Mul(dec("0.2")).Round(2).Add(noise), tx.Given|vat.FieldVAT
				if tx.Net.IsNegative() {
					tx.VAT = tx.VAT.Neg()
				}
			}
		}
		kind := fmt.Sprint("recon-prop-", seed)
		store(t, s, kind, r, txs, make([]string, len(txs)))
		seller := reconSeller()
		seller.PreviousYear = decimal.NewNullDecimal(dec(fmt.Sprint(r.IntN(20000))))
		rc := report.Reconciliation{Seller: seller}
		c := vat.Classifier{Seller: seller}
		ts := c.ClassifyAll(txs)
		for _, p := range []vat.Period{period("2026-Q2"), period("2026-Q3"), period("2026-08")} {
			t.Run(fmt.Sprint("seed", seed, "/", p), func(t *testing.T) {
				got, err := rc.Build(ctx, p, txs)
				require.NoError(t, err)
				var source, owed, lineSource, lineOwed decimal.Decimal
				unstated, over := 0, 0
				for i := range txs {
					tx, tr := &txs[i], &ts[i]
					if !p.Contains(tx.TaxPoint) {
						continue
					}
					if !tx.Given.Has(vat.FieldVAT) {
						unstated++
						continue
					}
					stated := tx.VAT
					if tx.Kind == vat.KindRefund {
						stated = stated.Abs().Neg()
					}
					due := decimal.Zero
					switch tr.Scheme {
					case vat.Domestic, vat.OSSUnion, vat.ImportIOSS, vat.OSSNonUnion:
						due = tr.VAT
					}
					source, owed = source.Add(stated), owed.Add(due)
					if stated.Sub(due).Abs().GreaterThan(dec("0.01")) {
						over++
					}
				}
				for _, l := range got.Lines {
					lineSource, lineOwed = lineSource.Add(l.SourceVAT), lineOwed.Add(l.VATkitVAT)
					require.True(t, l.Difference.Equal(l.SourceVAT.Sub(l.VATkitVAT)))
				}
				require.Equal(t, source.StringFixed(2), lineSource.StringFixed(2), "source VAT")
				require.Equal(t, owed.StringFixed(2), lineOwed.StringFixed(2), "vatkit VAT")
				require.Equal(t, unstated, got.Unstated)
				require.Len(t, got.Differences, over)
				for _, d := range got.Differences {
					require.NotEmpty(t, d.Reason)
				}
				stored, err := rc.BuildFrom(ctx, p, &report.History{Vault: s, Kind: kind})
				require.NoError(t, err)
				require.Equal(t, fmt.Sprintf("%+v", *got), fmt.Sprintf("%+v", *stored))
			})
		}
	}
}

// The Go-to-JSON tables of Reconciled, ReconciledLine and Difference name
// real fields and exactly the keys WriteReconciliationJSON writes.
func TestReconciliationJSONNamesDocumented(t *testing.T) {
	docs := typeDocs(t, "reconcile.go")
	r := &report.Reconciled{Period: period("2026-Q3"),
		Lines:       []report.ReconciledLine{{Country: vat.FR, Rate: dec("20")}},
		Differences: []report.Difference{{Source: "x", Line: 2, Currency: "EUR", Reason: "y"}}}
	var buf bytes.Buffer
	require.NoError(t, report.WriteReconciliationJSON(&buf, r))
	var out map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	for _, tc := range []struct {
		typ    any
		object map[string]any
	}{
		{report.Reconciled{}, out},
		{report.ReconciledLine{}, out["lines"].([]any)[0].(map[string]any)},
		{report.Difference{}, out["differences"].([]any)[0].(map[string]any)},
	} {
		checkJSONNames(t, docs, tc.typ, tc.object)
	}
}
