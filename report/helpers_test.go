package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func number(s string) vat.Number {
	n, err := vat.ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

func period(s string) vat.Period {
	p, err := vat.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

// sale is a B2C goods sale with net, VAT and rate stated, in EUR.
func sale(id, on string, from, to vat.Country, net, v, rate string) vat.Transaction {
	return vat.Transaction{Source: "test", SourceID: id, Line: len(id), Kind: vat.KindSale, TaxPoint: day(on),
		Supply: vat.SupplyGoods, ShipFrom: from, ShipTo: to, Net: dec(net), VAT: dec(v), Rate: dec(rate),
		Given: vat.FieldNet | vat.FieldVAT | vat.FieldRate, Currency: "EUR"}
}

// refund refunds (part of) the sale with id orig.
func refund(id, orig, on string, from, to vat.Country, net, v, rate string) vat.Transaction {
	tx := sale(id, on, from, to, net, v, rate)
	tx.Kind, tx.OriginalID = vat.KindRefund, orig
	return tx
}

// e4Seller is the seller of vat-rules §6 E4: established and identified in
// DE, with a warehouse and a VAT number in CZ (the numbers are the vat
// package's test vectors, valid by their check digits).
func e4Seller() vat.Seller {
	return vat.Seller{Established: vat.DE, Warehouses: []vat.Country{vat.CZ},
		Registrations: []vat.Number{number("DE136308783"), number("CZ25123891")},
		OSS:           vat.OSSRegistration{MemberState: vat.DE, From: day("2021-07-01")}}
}

// e4 are the supplies of E4 (Q3 2025, total VAT 491.00) and the rows its
// checks say must not appear.
func e4() []vat.Transaction {
	tbe := sale("ie", "2025-08-01", "", vat.IE, "99.99", "23.00", "23")
	tbe.Supply = vat.SupplyElectronic
	b2b := sale("b2b", "2025-08-02", vat.DE, vat.FR, "1000.00", "0", "0")
	b2b.Buyer.VATNumber = number("FR61954506077")
	b2b.Buyer.VIES = vat.VIESEvidence{Checked: day("2025-08-02"), Valid: true}
	market := sale("mp", "2025-08-03", vat.DE, vat.IT, "100.00", "22.00", "22")
	market.Collector = vat.CollectedByMarketplace
	return []vat.Transaction{
		sale("fr1", "2025-07-03", vat.DE, vat.FR, "1000.00", "200.00", "20"),
		sale("fr2", "2025-07-04", vat.DE, vat.FR, "200.00", "11.00", "5.5"),
		sale("nl", "2025-07-05", vat.DE, vat.NL, "500.00", "105.00", "21"),
		sale("ee", "2025-07-01", vat.DE, vat.EE, "300.00", "72.00", "24"),
		sale("ee-q2", "2025-06-30", vat.DE, vat.EE, "300.00", "66.00", "22"),
		tbe,
		sale("at", "2025-09-01", vat.CZ, vat.AT, "400.00", "80.00", "20"),
		sale("cz", "2025-09-02", vat.CZ, vat.CZ, "100.00", "21.00", "21"),
		b2b, market,
	}
}

func build(t *testing.T, b *report.OSS, p string, txs []vat.Transaction) *report.OSSReturn {
	t.Helper()
	r, err := b.Build(context.Background(), period(p), txs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
