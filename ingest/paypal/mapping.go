package paypal

import (
	"strings"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
)

// Source is the Source of the transactions the client yields.
const Source = "paypal-api"

// Transaction event codes (T-codes) by what they mean for VAT, from
// developer.paypal.com/docs/transaction-search/transaction-event-codes
// ("Transaction Event Codes"). Everything else — fees, currency conversions,
// transfers, holds, authorisations, the seller's own purchases — is not
// a supply.
var (
	// Payments received: general, MassPay, subscription, pre-approved,
	// eBay auction, Direct Payment API, PayPal Checkout, Website Payments
	// Standard, mobile, virtual terminal.
	saleCodes = map[string]bool{
		"T0000": true, "T0001": true, "T0002": true, "T0003": true, "T0004": true, "T0005": true,
		"T0006": true, "T0007": true, "T0011": true, "T0012": true,
	}
	// Money back to the buyer: payment reversal, payment refund,
	// chargeback.
	refundCodes = map[string]bool{"T1106": true, "T1107": true, "T1201": true}
)

// Statuses of transaction_status: S is success; V (reversed) is a
// payment fully refunded, still a sale whose refund is its own record.
func settled(status string) bool { return status == "S" || status == "V" }

// row maps one transaction detail. n is its position in the window, for
// row errors.
func row(d *detail, n int) (ingest.Row, error) {
	in := &d.Info
	fail := func(col, reason string) error {
		return &ingest.RowError{Source: Source, Line: n, Column: col, Reason: reason}
	}
	tx := vat.Transaction{Source: Source, SourceID: strings.TrimSpace(in.ID), Kind: vat.KindOther}
	switch {
	case tx.SourceID == "" || len(tx.SourceID) > 64:
		return ingest.Row{}, fail("transaction_id", "missing or too long")
	case in.Initiated.IsZero():
		return ingest.Row{}, fail("transaction_initiation_date", "missing")
	case in.Amount == nil:
		return ingest.Row{}, fail("transaction_amount", "missing")
	case !currency(in.Amount.Currency):
		return ingest.Row{}, fail("transaction_amount.currency_code", "not an ISO 4217 code")
	}
	tx.TaxPoint = in.Initiated.UTC()
	tx.Currency = in.Amount.Currency
	tx.Gross, tx.Given = in.Amount.Value, vat.FieldGross
	// PayPal reports 0.00 tax when the checkout passed none, which says
	// nothing of the VAT: only a non-zero tax is taken as given.
	if t := in.SalesTax; t != nil && !t.Value.IsZero() {
		if t.Currency != "" && t.Currency != tx.Currency {
			return ingest.Row{}, fail("sales_tax_amount.currency_code", "differs from the transaction's")
		}
		tx.VAT = t.Value
		tx.Given |= vat.FieldVAT
	}
	review := classify(d, &tx)
	if tx.Kind == vat.KindSale || tx.Kind == vat.KindRefund {
		review = place(d, &tx)
		buyer(d, &tx)
	}
	return ingest.Row{Tx: tx, Key: lineKey(&tx), Review: review}, nil
}

// lineKey is a transaction's line identity. transaction_id is not unique:
// a balance-affecting record and one that is not (a hold, a memo) can
// share it (§3.2), so the kind, the signed gross amount and the currency
// are part of it. It names the source as the activity download's reader
// does (ingest.PayPal) and uses only what both the download and the API
// carry, so that the same transaction can be known whichever way it
// came in.
func lineKey(tx *vat.Transaction) []byte {
	id := vat.Transaction{Source: string(ingest.PayPal), SourceID: tx.SourceID, Kind: tx.Kind}
	return ingest.DedupKey(&id, tx.Gross.String(), tx.Currency)
}

// classify sets Kind: a settled payment received is a sale, a settled
// refund, reversal or chargeback a refund; a sign against the kind is
// reviewed, not guessed.
func classify(d *detail, tx *vat.Transaction) string {
	in := &d.Info
	if !settled(in.Status) {
		return ""
	}
	switch {
	case saleCodes[in.EventCode] && tx.Gross.IsPositive():
		tx.Kind, tx.Supply = vat.KindSale, vat.SupplyGoods
	case refundCodes[in.EventCode] && tx.Gross.IsNegative():
		tx.Kind, tx.Supply = vat.KindRefund, vat.SupplyGoods
		tx.OriginalID = strings.TrimSpace(in.ReferenceID)
	case saleCodes[in.EventCode] || refundCodes[in.EventCode]:
		return "amount sign does not fit the event code"
	}
	return ""
}

// place sets ShipTo from the shipping address, the place of supply of
// goods; the payer's account country is only a fallback, and flagged
// (§5 pitfall 7). Neither: the row needs review, never the seller's
// country.
func place(d *detail, tx *vat.Transaction) string {
	if s := d.Shipping.Address.Country; s != "" {
		if tx.ShipTo = country(s); tx.ShipTo == "" {
			return "shipping country code not recognised: place of supply unknown"
		}
		return ""
	}
	if tx.ShipTo = country(d.Payer.Country); tx.ShipTo != "" {
		return "country from the payer's PayPal account, not a shipping address"
	}
	return "no shipping country: place of supply unknown"
}

// country reads an ISO 3166 code, with PayPal's UK for GB; "" when it is
// none (PayPal's C2, China worldwide, among them).
func country(s string) vat.Country {
	u := strings.ToUpper(strings.TrimSpace(s))
	if u == "UK" {
		return vat.GB
	}
	if c, err := vat.ParseCountry(u); err == nil {
		return c
	}
	if c := vat.Country(u); len(u) == 2 && c.Valid() {
		return c
	}
	return ""
}

// buyer copies the personal data, which the vault seals.
func buyer(d *detail, tx *vat.Transaction) {
	tx.Buyer.Email = d.Payer.Email
	tx.Buyer.Name = d.Shipping.Name
	if tx.Buyer.Name == "" {
		tx.Buyer.Name = d.Payer.Name.FullName
	}
	if tx.Buyer.Name == "" {
		tx.Buyer.Name = strings.TrimSpace(d.Payer.Name.Given + " " + d.Payer.Name.Surname)
	}
	a := &d.Shipping.Address
	var parts []string
	for _, s := range []string{a.Line1, a.Line2, strings.TrimSpace(a.PostalCode + " " + a.City), a.State, a.Country} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	tx.Buyer.Address = strings.Join(parts, ", ")
}

func currency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
