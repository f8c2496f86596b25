package paypaltest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"
)

// Transaction is one record the fake lists.
type Transaction struct {
	ID, EventCode, Status string
	// ReferenceID links a refund to its payment.
	ReferenceID string
	Date        time.Time
	Amount, Tax decimal.Decimal
	Currency    string
	// ShipTo is the shipping address's country; PayerCountry the
	// payer's account country. Either may be empty.
	ShipTo, PayerCountry string
	Name, Email          string
}

// Counts says what Generate made.
type Counts struct {
	Sales, Refunds, Other int
	// SharedIDs counts records whose transaction_id another record
	// also has (PayPal's ids are not unique).
	SharedIDs int
	// NoShipping counts sales without a shipping address.
	NoShipping int
	// Gross sums the sales and refunds (refunds negative), in EUR.
	Gross decimal.Decimal
}

var destinations = []string{"DE", "FR", "IT", "ES", "NL", "AT", "BE", "PL", "SE", "IE"}

// Generate makes n records spread evenly over [from, to), the same for
// the same seed: mostly Checkout payments (T0006) with a shipping
// address, a refund (T1107) every 20th record, a withdrawal (T0400) every
// 30th, a dispute hold (T1110) sharing its payment's id every 25th, and a
// sale with only the payer's country every 50th.
func Generate(n int, from, to time.Time, seed uint64) ([]Transaction, Counts) {
	r := rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
	out := make([]Transaction, 0, n)
	var c Counts
	step := to.Sub(from) / time.Duration(max(n, 1))
	var last *Transaction
	for i := range n {
		t := Transaction{ID: fmt.Sprintf("%017X", r.Uint64()&0xFFFFFFFFFFFFFFF)[:17], Status: "S", Currency: "EUR",
			Date: from.Add(time.Duration(i) * step).Truncate(time.Second)}
		switch {
		case i%20 == 19 && last != nil:
			t.EventCode, t.ReferenceID, t.ShipTo = "T1107", last.ID, last.ShipTo
			t.Amount = last.Amount.Neg()
			c.Refunds++
			c.Gross = c.Gross.Add(t.Amount)
		case i%25 == 24 && last != nil:
			t.EventCode, t.ID, t.Status, t.Amount = "T1110", last.ID, "P", last.Amount.Neg()
			c.Other++
			c.SharedIDs += 2
		case i%30 == 29:
			t.EventCode, t.Amount = "T0400", decimal.New(-int64(1000+r.IntN(100000)), -2)
			c.Other++
		default:
			t.EventCode, t.Amount = "T0006", decimal.New(int64(500+r.IntN(20000)), -2)
			t.ShipTo = destinations[r.IntN(len(destinations))]
			t.PayerCountry, t.Name, t.Email = t.ShipTo, "Buyer "+t.ID[:6], "buyer"+t.ID[:6]+"@example.com"
			if i%50 == 47 {
				t.ShipTo = ""
				c.NoShipping++
			}
			if i%2 == 0 {
				t.Tax = t.Amount.Mul(decimal.New(19, 0)).Div(decimal.New(119, 0)).Round(2)
			}
			c.Sales++
			c.Gross = c.Gross.Add(t.Amount)
		}
		out = append(out, t)
		if t.EventCode == "T0006" {
			last = &out[len(out)-1]
		}
	}
	return out, c
}
