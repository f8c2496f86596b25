package report_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// The national reports of E4's quarter: CZ has its domestic sale; DE its
// intra-Community supply to a French business (and the EC Sales List line
// with the buyer's number), a stock transfer to CZ listed under the
// seller's own CZ number, and a B2B service under reverse charge; CZ
// records the transfer's arrival as an acquisition. OSS and marketplace
// sales appear nowhere; a state where VAT is due without a registration is
// marked Unregistered.
func TestNational(t *testing.T) {
	txs := e4()
	move := sale("move", "2025-08-05", vat.DE, vat.CZ, "700.00", "0", "0")
	move.Kind, move.Given = vat.KindTransfer, vat.FieldNet
	svc := sale("svc", "2025-08-06", "", vat.AT, "250.00", "0", "0")
	svc.Supply, svc.Buyer.VATNumber = vat.SupplyService, number("ATU14243102")
	pl := sale("pl", "2025-08-07", vat.PL, vat.PL, "100.00", "23.00", "23")
	txs = append(txs, move, svc, pl)
	n := report.National{Seller: e4Seller()}
	ls, err := n.Build(context.Background(), period("2025-Q3"), txs)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range ls {
		got[string(l.Country)] = fmt.Sprintf("number=%s unregistered=%v domestic=%v supplies=%v acquisitions=%v list=%v",
			l.Number, l.Unregistered, domestic(l.Domestic), movements(l.Supplies), movements(l.Acquisitions), listed(l.SalesList))
	}
	want := map[string]string{
		"CZ": "number=CZ25123891 unregistered=false domestic=[21 EUR 100.00/21.00] supplies=[] acquisitions=[DE transfer EUR 700.00] list=[]",
		"DE": "number=DE136308783 unregistered=false domestic=[] supplies=[CZ transfer EUR 700.00 FR sale EUR 1000.00] acquisitions=[] " +
			"list=[ATU14243102 services EUR 250.00 CZ25123891 transfer EUR 700.00 FR61954506077 goods EUR 1000.00]",
		"PL": "number= unregistered=true domestic=[23 EUR 100.00/23.00] supplies=[] acquisitions=[] list=[]",
	}
	if len(got) != len(want) {
		t.Fatalf("countries: %v", got)
	}
	for c, w := range want {
		if got[c] != w {
			t.Errorf("%s:\n got %s\nwant %s", c, got[c], w)
		}
	}
}

func domestic(ls []report.DomesticLine) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s %s %s/%s", l.Rate, l.Currency, l.Taxable.StringFixed(2), l.VAT.StringFixed(2)))
	}
	return out
}

func movements(ms []report.Movement) []string {
	out := []string{}
	for _, m := range ms {
		kind := "sale"
		if m.Transfer {
			kind = "transfer"
		}
		out = append(out, fmt.Sprintf("%s %s %s %s", m.Country, kind, m.Currency, m.Value.StringFixed(2)))
	}
	return out
}

func listed(ls []report.SalesListLine) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s %s %s %s", l.Number, l.Kind, l.Currency, l.Value.StringFixed(2)))
	}
	return out
}
