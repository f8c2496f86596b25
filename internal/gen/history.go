package gen

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// HistoryConfig says what History generates.
type HistoryConfig struct {
	Rows int
	Seed uint64
	// Months is how many calendar months the history spans, ending with
	// Last; 0 means 36.
	Months int
	// Last is the history's last month; the zero value means 2026-09.
	Last vat.Period
}

// History generates a seller's transactions as an Amazon-like feed would
// hold them, month by month in order, over cfg.Months months ending with
// cfg.Last, for benchmarks of builds from a store: B2C sales of goods from
// Germany (one in ten from a Polish warehouse) to customers across the
// EU, with net, VAT, gross and rate, electronic services, B2B sales with
// the buyer's VAT number, refunds of sales of the previous weeks, buyers'
// names, addresses and e-mails of realistic length. The fourth quarter
// sells a third more than the others. yield receives each transaction and
// its month ("YYYY-MM"); History stops when yield returns false. The same
// seed always gives the same history.
func History(cfg HistoryConfig, yield func(tx *vat.Transaction, month string) bool) {
	r := newRand(cfg.Seed)
	months := cfg.Months
	if months <= 0 {
		months = 36
	}
	last := cfg.Last
	if last.IsZero() {
		last = vat.Period{Year: 2026, Month: time.September}
	}
	start := last.Start().AddDate(0, 1-months, 0)
	weights, total := monthWeights(start, months)
	n := 0
	for m := range months {
		first := start.AddDate(0, m, 0)
		rows := cfg.Rows * weights[m] / total
		if m == months-1 {
			rows = cfg.Rows - n
		}
		days := first.AddDate(0, 1, 0).Sub(first) / (24 * time.Hour)
		label := first.Format("2006-01")
		for range rows {
			at := first.Add(time.Duration(r.IntN(int(days)*86400)) * time.Second)
			tx := historyTx(r, n, at)
			n++
			if !yield(&tx, label) {
				return
			}
		}
	}
}

// monthWeights weighs the months: 4 for the fourth quarter's, 3 otherwise.
func monthWeights(start time.Time, months int) ([]int, int) {
	w := make([]int, months)
	total := 0
	for m := range w {
		w[m] = 3
		if start.AddDate(0, m, 0).Month() >= time.October {
			w[m] = 4
		}
		total += w[m]
	}
	return w, total
}

var firstNames = []string{"Maria", "Jean-Baptiste", "Giulia", "Łukasz", "Sophie", "Jan", "Ana Lucía", "Pieter"}
var lastNames = []string{"Rossi", "Dubois-Lefèvre", "Kowalczyk", "van der Berg", "García Márquez", "Novák"}

// historyTx is the n-th transaction of a history, at the given time.
func historyTx(r interface {
	IntN(int) int
}, n int, at time.Time) vat.Transaction {
	d := destinations[r.IntN(len(destinations))]
	net, v, gross := split(decimal.New(int64(500+r.IntN(29500)), -2), d.rate)
	rate := decimal.RequireFromString(d.rate).Shift(2)
	name := firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
	tx := vat.Transaction{Source: "amazon-vtr-" + at.Format("2006-01") + ".txt", Line: 2 + n%50000,
		SourceID: fmt.Sprintf("302-%07d-%07d-%d", n%9999991, n/7, n%3), Kind: vat.KindSale, TaxPoint: at,
		Supply: vat.SupplyGoods, ShipFrom: vat.DE, ShipTo: vat.Country(d.code),
		Net: net, VAT: v, Gross: gross, Rate: rate, Given: vat.FieldNet | vat.FieldVAT | vat.FieldGross | vat.FieldRate,
		Currency: "EUR", SchemeLabel: "UNION-OSS",
		Buyer: vat.Buyer{Name: name, Address: fmt.Sprintf("%s %d, %s %s", d.city+"er Straße", 1+r.IntN(200), d.post, d.city),
			Email: fmt.Sprintf("buyer%d@example.com", r.IntN(1e6))}}
	switch k := r.IntN(20); {
	case k < 2 && n > 100:
		// A refund of a sale of the previous weeks.
		back := 1 + r.IntN(100)
		tx.Kind, tx.OriginalID = vat.KindRefund, fmt.Sprintf("302-%07d-%07d-%d", (n-back)%9999991, (n-back)/7, (n-back)%3)
		tx.SourceID = "R" + tx.SourceID
		tx.Net, tx.VAT, tx.Gross = tx.Net.Neg(), tx.VAT.Neg(), tx.Gross.Neg()
	case k < 4:
		tx.Supply, tx.ShipFrom = vat.SupplyElectronic, ""
	case k < 5:
		tx.Buyer.VATNumber = historyB2B
		tx.ShipTo, tx.VAT, tx.Gross, tx.Rate, tx.SchemeLabel = vat.FR, decimal.Zero, net, decimal.Zero, "REGULAR"
	case k < 7:
		tx.ShipFrom = vat.PL
	}
	return tx
}

// historyB2B is a valid French VAT number (its check digits hold).
var historyB2B, _ = vat.ParseNumber("FR61954506077")
