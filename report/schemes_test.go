package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// iossSeller is established and identified in DE with an IOSS number
// (IM, 276 for Germany, seven digits: Art 369q(1)).
func iossSeller() vat.Seller {
	return vat.Seller{Established: vat.DE, IOSS: "IM2760000001",
		OSS: vat.OSSRegistration{MemberState: vat.DE, From: day("2021-07-01")}}
}

// imported is a distance sale of goods shipped from China, with the
// consignment's intrinsic value in EUR.
func imported(id, on string, to vat.Country, net, v, rate, intrinsic string) vat.Transaction {
	tx := sale(id, on, "CN", to, net, v, rate)
	tx.ConsignmentValue = dec(intrinsic)
	return tx
}

// iossMonth is July 2026 of a seller selling imported goods: the four
// intrinsic-value cases of the Commission's "Guidance for Member States
// and Trade concerning the importation and exportation of low value
// consignments" (30 July 2021), as Spain's tax agency's manual on
// low-value shipments reproduces them: a coat of 140; the same with
// transport of 15 shown separately, which does not count towards the
// intrinsic value but is part of the taxable amount (Art 78(b)); a coat
// of 120 and a T-shirt of 20 with transport of 15; a coat of 160, outside
// the scheme. Then a book at Italy's reduced rate, a refund in July of a
// June sale (a correction of June), and a domestic sale that is no import.
func iossMonth() []vat.Transaction {
	return []vat.Transaction{
		imported("coat", "2026-07-02", vat.FR, "140.00", "28.00", "20", "140.00"),
		imported("coat+transport", "2026-07-03", vat.FR, "155.00", "31.00", "20", "140.00"),
		imported("coat+shirt", "2026-07-04", vat.FR, "155.00", "31.00", "20", "140.00"),
		imported("coat160", "2026-07-05", vat.FR, "160.00", "32.00", "20", "160.00"),
		imported("book", "2026-07-06", vat.IT, "20.00", "0.80", "4", "20.00"),
		imported("june", "2026-06-28", vat.NL, "100.00", "21.00", "21", "100.00"),
		refund("june-r", "june", "2026-07-10", "CN", vat.NL, "-100.00", "-21.00", "21"),
		sale("de", "2026-07-11", vat.DE, vat.DE, "100.00", "19.00", "19"),
	}
}

func TestIOSSReturn(t *testing.T) {
	b := report.IOSS{Seller: iossSeller()}
	r, err := b.Build(context.Background(), period("2026-07"), iossMonth(), nil)
	require.NoError(t, err)
	assert.Equal(t, report.SchemeImport, r.Scheme)
	assert.Equal(t, "IM2760000001", r.IOSSNumber)
	assert.Equal(t, vat.DE, r.MSID)
	// Art 369u: by the end of the month after the month.
	assert.Equal(t, day("2026-08-31"), r.Due)
	want := []string{"FR goods standard 20 450.00 90.00", "IT goods reduced 4 20.00 0.80"}
	var got []string
	for _, l := range r.Lines {
		assert.Empty(t, l.DispatchedFrom, "an import-scheme line has no origin block")
		got = append(got, fmt.Sprintf("%s %s %s %s %s %s", l.Country, l.Supply, l.RateTypeName(), l.Rate,
			l.Taxable.StringFixed(2), l.VAT.StringFixed(2)))
	}
	assert.Equal(t, want, got)
	require.Len(t, r.Corrections, 1)
	assert.Equal(t, "NL 2026-06 -21.00", fmt.Sprint(r.Corrections[0].Country, " ", r.Corrections[0].Period, " ", r.Corrections[0].VAT.StringFixed(2)))
	assert.Equal(t, "69.80", r.Total.StringFixed(2))
	require.Len(t, r.NeedsReview, 1, "%+v", r.NeedsReview)
	assert.Equal(t, len("coat160"), r.NeedsReview[0].Line)
	assert.Contains(t, r.NeedsReview[0].Reason, "over €150")
	assert.Contains(t, r.NeedsReview[0].Reason, "Art 369l")
}

// Excise goods are outside the import scheme whatever their value (Art
// 369l(1)): a bottle of wine of €30 is listed for review with the reason,
// and the month's lines are those without it.
func TestIOSSExciseGoods(t *testing.T) {
	wine := imported("wine", "2026-07-08", vat.FR, "30.00", "6.00", "20", "30.00")
	wine.Excise = true
	b := report.IOSS{Seller: iossSeller()}
	r, err := b.Build(context.Background(), period("2026-07"), append(iossMonth(), wine), nil)
	require.NoError(t, err)
	without, err := b.Build(context.Background(), period("2026-07"), iossMonth(), nil)
	require.NoError(t, err)
	assert.Equal(t, without.Lines, r.Lines)
	assert.Equal(t, without.Total.String(), r.Total.String())
	require.Len(t, r.NeedsReview, 2, "%+v", r.NeedsReview)
	var reason string
	for _, rv := range r.NeedsReview {
		if rv.Line == len("wine") {
			reason = rv.Reason
		}
	}
	assert.Contains(t, reason, "Excise goods")
	assert.Contains(t, reason, "whatever their value (Art 369l(1))")
	assert.NotContains(t, reason, "over €150")
}

// A month without imports gives a nil return, due all the same; June's
// return holds June's sale.
func TestIOSSNilReturnAndOtherMonths(t *testing.T) {
	b := report.IOSS{Seller: iossSeller()}
	ctx := context.Background()
	r, err := b.Build(ctx, period("2026-08"), iossMonth(), nil)
	require.NoError(t, err)
	assert.True(t, r.Nil())
	assert.Equal(t, day("2026-09-30"), r.Due)
	assert.True(t, r.Total.IsZero())
	june, err := b.Build(ctx, period("2026-06"), iossMonth(), nil)
	require.NoError(t, err)
	require.Len(t, june.Lines, 1)
	assert.Equal(t, "21.00", june.Lines[0].VAT.StringFixed(2))
}

// Art 369v: amounts in another currency are converted at the ECB rate of
// the month's last day, or of the next day it publishes one: 31 October
// 2026 is a Saturday, so 2 November's.
func TestIOSSConvertsAtTheMonthsLastRate(t *testing.T) {
	tx := imported("usd", "2026-10-15", vat.FR, "100.00", "20.00", "20", "90.00")
	tx.Currency = "USD"
	fx := fxTable(t, vat.FXQuote{Currency: "USD", Published: day("2026-10-30"), Rate: dec("1.2")},
		vat.FXQuote{Currency: "USD", Published: day("2026-11-02"), Rate: dec("1.25")})
	b := report.IOSS{Seller: iossSeller(), FX: fx}
	r, err := b.Build(context.Background(), period("2026-10"), []vat.Transaction{tx}, nil)
	require.NoError(t, err)
	require.Len(t, r.Lines, 1)
	assert.Equal(t, "80.00 16.00", r.Lines[0].Taxable.StringFixed(2)+" "+r.Lines[0].VAT.StringFixed(2))
	require.Len(t, r.Rates, 1)
	assert.Equal(t, day("2026-11-02"), r.Rates[0].Published)
}

// Corrections reach three years back from the corrected return's due
// date (Reg 282/2011 Art 61): a refund in September 2026 of a sale of
// July 2023 (due 31 August 2023) is a correction, one of June 2023 (due
// 31 July 2023) is too late and is reviewed.
func TestIOSSCorrectionWindow(t *testing.T) {
	txs := []vat.Transaction{
		imported("jun23", "2023-06-15", vat.FR, "50.00", "10.00", "20", "50.00"),
		imported("jul23", "2023-07-15", vat.FR, "50.00", "10.00", "20", "50.00"),
		refund("r-jun", "jun23", "2026-08-10", "CN", vat.FR, "-50.00", "-10.00", "20"),
		refund("r-jul", "jul23", "2026-08-11", "CN", vat.FR, "-50.00", "-10.00", "20"),
	}
	b := report.IOSS{Seller: iossSeller()}
	r, err := b.Build(context.Background(), period("2026-08"), txs, nil)
	require.NoError(t, err)
	require.Len(t, r.Corrections, 1)
	assert.Equal(t, "2023-07", r.Corrections[0].Period.String())
	require.Len(t, r.NeedsReview, 1)
	assert.Equal(t, len("r-jun"), r.NeedsReview[0].Line)
	assert.Contains(t, r.NeedsReview[0].Reason, "three years")
}

func TestIOSSRefuses(t *testing.T) {
	ctx := context.Background()
	noIOSS := iossSeller()
	noIOSS.IOSS = ""
	for _, c := range []struct {
		name   string
		seller vat.Seller
		period string
		want   error
	}{
		{"a quarter", iossSeller(), "2026-Q3", report.ErrPeriod},
		{"before the scheme", iossSeller(), "2021-06", report.ErrBeforeScheme},
		{"no IOSS number", noIOSS, "2026-07", report.ErrNoIOSS},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := report.IOSS{Seller: c.seller}
			_, err := b.Build(ctx, period(c.period), nil, nil)
			require.ErrorIs(t, err, c.want)
		})
	}
}

// nonUnionSeller is established outside the EU and registered in the
// non-Union scheme in Ireland.
func nonUnionSeller() vat.Seller {
	return vat.Seller{OSS: vat.OSSRegistration{MemberState: vat.IE, From: day("2021-07-01")}}
}

func eservice(id, on string, to vat.Country, net, v, rate string) vat.Transaction {
	tx := sale(id, on, "", to, net, v, rate)
	tx.Supply = vat.SupplyElectronic
	return tx
}

// The non-Union scheme as the Commission's "Guide to the VAT One Stop
// Shop" (OSS Guidelines, 30 July 2021) describes it: a supplier
// established outside the EU declares its services to consumers per
// member state of consumption at that state's rates, with no €10,000
// threshold, and a refund of an earlier quarter's supply is a correction
// of that quarter; services to businesses are not on the return.
func TestNonUnionReturn(t *testing.T) {
	b2b := eservice("b2b", "2026-07-20", vat.FR, "500.00", "0", "0")
	b2b.Buyer.VATNumber = number("FR61954506077")
	txs := []vat.Transaction{
		eservice("fr", "2026-07-02", vat.FR, "10.00", "2.00", "20"),
		eservice("fr2", "2026-08-02", vat.FR, "30.00", "6.00", "20"),
		eservice("de", "2026-08-03", vat.DE, "10.00", "1.90", "19"),
		eservice("hu", "2026-09-04", vat.HU, "10.00", "2.70", "27"),
		eservice("q2", "2026-06-04", vat.DE, "100.00", "19.00", "19"),
		refund("q2-r", "q2", "2026-07-05", "", vat.DE, "-100.00", "-19.00", "19"),
		b2b,
	}
	txs[5].Supply = vat.SupplyElectronic
	b := report.NonUnion{Seller: nonUnionSeller()}
	r, err := b.Build(context.Background(), period("2026-Q3"), txs, nil)
	require.NoError(t, err)
	assert.Equal(t, report.SchemeNonUnion, r.Scheme)
	assert.Equal(t, vat.IE, r.MSID)
	assert.Equal(t, day("2026-10-31"), r.Due)
	var got []string
	for _, l := range r.Lines {
		assert.Empty(t, l.DispatchedFrom)
		got = append(got, fmt.Sprintf("%s %s %s %s %s", l.Country, l.Supply, l.Rate, l.Taxable.StringFixed(2), l.VAT.StringFixed(2)))
	}
	assert.Equal(t, []string{"DE services 19 10.00 1.90", "FR services 20 40.00 8.00", "HU services 27 10.00 2.70"}, got)
	require.Len(t, r.Corrections, 1)
	assert.Equal(t, "2026-Q2", r.Corrections[0].Period.String())
	assert.Equal(t, "-6.40", r.Total.StringFixed(2)) // 1.90 + 8.00 + 2.70 − 19.00
	assert.Empty(t, r.NeedsReview)

	assert.Empty(t, r.NonUnionNumber, "no number in the facts, none on the return")

	// With its "EU…" number in the facts, the return is filed under it.
	numbered := nonUnionSeller()
	numbered.NonUnion = "EU372000041"
	r, err = (&report.NonUnion{Seller: numbered}).Build(context.Background(), period("2026-Q3"), txs, nil)
	require.NoError(t, err)
	assert.Equal(t, "EU372000041", r.NonUnionNumber)
	var js bytes.Buffer
	require.NoError(t, report.WriteJSON(&js, r))
	assert.Contains(t, js.String(), `"vat_number": "EU372000041"`)

	_, err = (&report.NonUnion{Seller: e4Seller()}).Build(context.Background(), period("2026-Q3"), txs, nil)
	require.ErrorIs(t, err, report.ErrEstablished)
	_, err = b.Build(context.Background(), period("2026-07"), txs, nil)
	require.ErrorIs(t, err, report.ErrPeriod)
}

// The import and non-Union returns read a stored history as the Union
// return does, month by month, and give what Build gives from memory.
func TestSchemesBuildFromHistory(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	const kind = "schemes-test"
	txs := append(iossMonth(), eservice("fr", "2026-07-02", vat.FR, "10.00", "2.00", "20"))
	for i, tx := range txs {
		content := ingest.AppendStored(nil, &ingest.Stored{Tx: tx})
		rec, err := s.Seal(kind, fmt.Sprintf("%03d", i), tx.TaxPoint.Format("2006-01"), content)
		require.NoError(t, err)
		require.NoError(t, s.Put(ctx, rec))
	}
	h := &report.History{Vault: s, Kind: kind}
	ib := report.IOSS{Seller: iossSeller()}
	got, err := ib.BuildFrom(ctx, period("2026-07"), h)
	require.NoError(t, err)
	want, err := ib.Build(ctx, period("2026-07"), txs, nil)
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("%+v", *want), fmt.Sprintf("%+v", *got))
	require.False(t, got.Nil())

	nb := report.NonUnion{Seller: nonUnionSeller()}
	gotN, err := nb.BuildFrom(ctx, period("2026-Q3"), h)
	require.NoError(t, err)
	wantN, err := nb.Build(ctx, period("2026-Q3"), txs, nil)
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("%+v", *wantN), fmt.Sprintf("%+v", *gotN))
	require.Len(t, gotN.Lines, 1)
	// The import scheme's goods are reviewed by nobody in the non-Union
	// return: a seller established outside the EU has no €10,000 threshold.
	for _, rv := range gotN.NeedsReview {
		require.False(t, strings.Contains(rv.Reason, "€10,000"), rv.Reason)
	}
}

// The import-scheme and non-Union returns in every writer: the Union
// shape, with their scheme, without dispatched_from; the BZSt layout,
// which is the Union scheme's, refuses them.
func TestSchemeWriters(t *testing.T) {
	ctx := context.Background()
	ioss, err := (&report.IOSS{Seller: iossSeller()}).Build(ctx, period("2026-07"), iossMonth(), nil)
	require.NoError(t, err)
	nu, err := (&report.NonUnion{Seller: nonUnionSeller()}).Build(ctx, period("2026-Q3"), []vat.Transaction{
		eservice("fr", "2026-07-02", vat.FR, "10.00", "2.00", "20"),
		eservice("de", "2026-08-03", vat.DE, "10.00", "1.90", "19"),
	}, nil)
	require.NoError(t, err)
	for _, r := range []*report.OSSReturn{ioss, nu} {
		for _, tc := range []struct {
			ext   string
			write func(*bytes.Buffer, *report.OSSReturn) error
		}{
			{"json", func(b *bytes.Buffer, r *report.OSSReturn) error { return report.WriteJSON(b, r) }},
			{"csv", func(b *bytes.Buffer, r *report.OSSReturn) error { return report.WriteCSV(b, r) }},
			{"xlsx.txt", writeXLSXText},
		} {
			name := r.Scheme.String() + "." + tc.ext
			t.Run(name, func(t *testing.T) {
				var b bytes.Buffer
				require.NoError(t, tc.write(&b, r))
				golden(t, name, b.Bytes())
			})
		}
		require.Error(t, report.WriteBZSt(&bytes.Buffer{}, r))
	}
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, ioss))
	var out struct {
		Scheme string           `json:"scheme"`
		Number string           `json:"vat_number"`
		Lines  []map[string]any `json:"lines"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &out))
	assert.Equal(t, "import", out.Scheme)
	assert.Equal(t, "IM2760000001", out.Number)
	for _, l := range out.Lines {
		assert.NotContains(t, l, "dispatched_from")
	}
}
