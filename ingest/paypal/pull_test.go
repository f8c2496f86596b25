package paypal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/ingest/paypal"
	"github.com/vatkit/vatkit/ingest/paypal/paypaltest"
	"github.com/vatkit/vatkit/vat"
)

type tally struct {
	sales, refunds, other, review, rejected, windows int
	gross                                            decimal.Decimal
	maxSpan                                          time.Duration
	ids                                              map[string]int
}

func count(t *testing.T, c *paypal.Client, from, to time.Time) (tally, error) {
	t.Helper()
	n := tally{ids: map[string]int{}}
	var last time.Time
	for w, err := range c.Windows(context.Background(), from, to) {
		if err != nil {
			return n, err
		}
		if !last.IsZero() && !w.Start.Equal(last) {
			t.Fatalf("window starts %v, the last ended %v", w.Start, last)
		}
		last = w.End
		n.windows++
		n.maxSpan = max(n.maxSpan, w.End.Sub(w.Start))
		n.rejected += len(w.Rejected)
		for _, r := range w.Rows {
			n.ids[r.Tx.SourceID]++
			switch r.Tx.Kind {
			case vat.KindSale:
				n.sales++
			case vat.KindRefund:
				n.refunds++
			default:
				n.other++
			}
			if r.Tx.Kind != vat.KindOther {
				n.gross = n.gross.Add(r.Tx.Gross)
			}
			if r.Review != "" {
				n.review++
			}
		}
	}
	return n, nil
}

// TestPull: a year's pull gets every transaction once, classified by its
// event code, in windows of at most 31 days split below the result cap,
// through throttling and tokens PayPal ends early.
func TestPull(t *testing.T) {
	for _, tc := range []struct {
		name     string
		n        int
		fake     paypaltest.Config
		pageSize int
		splits   bool
	}{
		{name: "plain", n: 3000},
		{name: "small pages", n: 1500, pageSize: 7},
		{name: "cap forces splits", n: 3000, fake: paypaltest.Config{MaxResults: 100}, splits: true},
		{name: "tokens end after 3 searches", n: 2000, fake: paypaltest.Config{TokenUses: 3}, pageSize: 50},
		{name: "throttled every 4th search", n: 2000, fake: paypaltest.Config{ThrottleEvery: 4}, pageSize: 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, want := newFake(t, tc.n, tc.fake)
			cfg := clientConfig(s)
			cfg.PageSize = tc.pageSize
			got, err := count(t, newClient(t, cfg), jan1, dec)
			if err != nil {
				t.Fatal(err)
			}
			if got.sales != want.Sales || got.refunds != want.Refunds || got.other != want.Other || !got.gross.Equal(want.Gross) {
				t.Fatalf("got %d sales, %d refunds, %d other, gross %s; want %+v", got.sales, got.refunds, got.other, got.gross, want)
			}
			if got.review != want.NoShipping || got.rejected != 0 {
				t.Fatalf("%d to review, %d rejected; want %d sales without shipping", got.review, got.rejected, want.NoShipping)
			}
			shared := 0
			for _, k := range got.ids {
				if k > 1 {
					shared += k
				}
			}
			if shared != want.SharedIDs || want.SharedIDs == 0 {
				t.Fatalf("%d records share an id, want %d", shared, want.SharedIDs)
			}
			if got.maxSpan > 31*24*time.Hour {
				t.Fatalf("a window of %v", got.maxSpan)
			}
			st := s.Stats()
			if tc.splits != (st.TooLarge > 0) {
				t.Fatalf("splits: %+v", st)
			}
			if tc.fake.TokenUses > 0 && (st.Expired == 0 || st.Tokens < 2) {
				t.Fatalf("tokens never renewed: %+v", st)
			}
			if tc.fake.ThrottleEvery > 0 && st.Throttled == 0 {
				t.Fatalf("never throttled: %+v", st)
			}
		})
	}
}

// TestMapping: what a sale, a refund and the rest become.
func TestMapping(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	txs := []paypaltest.Transaction{
		{ID: "1AB23456CD7890123", EventCode: "T0006", Status: "S", Date: at, Amount: d("119.00"), Tax: d("19.00"), Currency: "EUR", ShipTo: "FR", Name: "A Buyer", Email: "a@example.com"},
		{ID: "2AB23456CD7890123", EventCode: "T1107", Status: "S", Date: at.Add(time.Hour), Amount: d("-119.00"), Currency: "EUR", ShipTo: "FR", ReferenceID: "1AB23456CD7890123"},
		{ID: "3AB23456CD7890123", EventCode: "T0007", Status: "P", Date: at.Add(2 * time.Hour), Amount: d("10.00"), Currency: "EUR", ShipTo: "DE"},
		{ID: "4AB23456CD7890123", EventCode: "T0006", Status: "S", Date: at.Add(3 * time.Hour), Amount: d("-5.00"), Currency: "EUR", ShipTo: "DE"},
		{ID: "5AB23456CD7890123", EventCode: "T0006", Status: "S", Date: at.Add(4 * time.Hour), Amount: d("20.00"), Currency: "SEK", ShipTo: "UK"},
		{ID: "6AB23456CD7890123", EventCode: "T0006", Status: "S", Date: at.Add(5 * time.Hour), Amount: d("20.00"), Currency: "EUR", PayerCountry: "AT"},
		{ID: "7AB23456CD7890123", EventCode: "T0200", Status: "S", Date: at.Add(6 * time.Hour), Amount: d("-20.00"), Currency: "EUR"},
		{ID: "8AB23456CD7890123", EventCode: "T0006", Status: "S", Date: at.Add(7 * time.Hour), Amount: d("20.00"), Currency: "EUR", ShipTo: "C2"},
	}
	s, _ := newFake(t, 0, paypaltest.Config{Transactions: txs})
	var rows []ingest.Row
	for r, err := range newClient(t, clientConfig(s)).Rows(context.Background(), at, at.Add(24*time.Hour)) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if len(rows) != len(txs) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, tc := range []struct {
		name   string
		kind   vat.Kind
		shipTo vat.Country
		given  vat.Field
		orig   string
		review string
	}{
		{"checkout sale with tax", vat.KindSale, vat.FR, vat.FieldGross | vat.FieldVAT, "", ""},
		{"refund", vat.KindRefund, vat.FR, vat.FieldGross, "1AB23456CD7890123", ""},
		{"pending payment", vat.KindOther, "", vat.FieldGross, "", ""},
		{"sale with a negative amount", vat.KindOther, "", vat.FieldGross, "", "sign"},
		{"UK means GB", vat.KindSale, vat.GB, vat.FieldGross, "", ""},
		{"payer's country only", vat.KindSale, vat.AT, vat.FieldGross, "", "payer"},
		{"currency conversion", vat.KindOther, "", vat.FieldGross, "", ""},
		{"C2 is no country", vat.KindSale, "", vat.FieldGross, "", "not recognised"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rows[i]
			if r.Tx.SourceID != txs[i].ID {
				t.Fatalf("row %d is %s", i, r.Tx.SourceID)
			}
			tx := r.Tx
			if tx.Kind != tc.kind || tx.ShipTo != tc.shipTo || tx.Given != tc.given || tx.OriginalID != tc.orig || tx.Source != paypal.Source {
				t.Fatalf("%+v", tx)
			}
			if (tc.review == "") != (r.Review == "") || !strings.Contains(r.Review, tc.review) {
				t.Fatalf("review %q, want %q", r.Review, tc.review)
			}
		})
	}
	if !rows[0].Tx.TaxPoint.Equal(at) || !rows[0].Tx.VAT.Equal(d("19")) || !rows[0].Tx.Gross.Equal(d("119")) || rows[0].Tx.Buyer.Email != "a@example.com" || rows[4].Tx.Currency != "SEK" {
		t.Fatalf("first row %+v", rows[0].Tx)
	}
}

// TestSharedIDs: a payment and a hold with the same transaction_id are
// two rows with different keys; a record listed twice (a page that
// shifted) is counted as a duplicate, not returned twice.
func TestSharedIDs(t *testing.T) {
	at := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	pay := paypaltest.Transaction{ID: "9JK12345LM6789012", EventCode: "T0006", Status: "S", Date: at,
		Amount: decimal.RequireFromString("50.00"), Currency: "EUR", ShipTo: "IT"}
	hold := pay
	hold.EventCode, hold.Status, hold.Amount, hold.Date = "T1110", "P", pay.Amount.Neg(), at.Add(time.Minute)
	again := pay
	again.Date = at.Add(2 * time.Minute)
	s, _ := newFake(t, 0, paypaltest.Config{Transactions: []paypaltest.Transaction{pay, hold, again}})
	var got []paypal.Window
	for w, err := range newClient(t, clientConfig(s)).Windows(context.Background(), at, at.Add(time.Hour)) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, w)
	}
	if len(got) != 1 || len(got[0].Rows) != 2 || got[0].Duplicates != 1 {
		t.Fatalf("%d windows: %+v", len(got), got)
	}
	a, b := got[0].Rows[0], got[0].Rows[1]
	if a.Tx.SourceID != b.Tx.SourceID || string(a.Key) == string(b.Key) || a.Tx.Kind != vat.KindSale || b.Tx.Kind != vat.KindOther {
		t.Fatalf("rows %+v / %+v", a.Tx, b.Tx)
	}
}
