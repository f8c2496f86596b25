// Package paypal pulls a seller's transactions from PayPal's Transaction
// Search API, GET /v1/reporting/transactions, as [ingest.Row] values
// holding [vat.Transaction]s, so that the seller need not download the
// activity report.
//
// Reach first for [New] and [Client.Windows] (or [Client.Rows]):
//
//	c, err := paypal.New(paypal.Config{ClientID: id, ClientSecret: secret})
//	for w, err := range c.Windows(ctx, from, to) {
//		if err != nil { … pull again later from w.Start … }
//		… store w.Rows …
//	}
//
// Access tokens come from POST /v1/oauth2/token by the client-credentials
// grant through golang.org/x/oauth2/clientcredentials, and are reused
// until they expire; when PayPal refuses one early, a new one is fetched
// once. Config.BaseURL is [LiveURL] by default, or [SandboxURL].
//
// A range is searched in windows of at most 31 days, PayPal's limit,
// with fields=all and pages of up to 500 (Config.PageSize) read to
// total_pages. A window holding more than PayPal returns for one search
// (10,000) is split in halves until each part fits. Dates are read with
// or without the colon in the offset ("+0000"), and money from PayPal's
// decimal strings into decimal.Decimal, never a float.
//
// Transactions are classified by their event code (T-code): settled
// payments received (T0000–T0007, T0011, T0012) are sales; settled
// refunds, reversals and chargebacks (T1107, T1106, T1201) are refunds
// linked to their payment; fees, currency conversions, transfers, holds,
// authorisations and pending records are vat.KindOther. The ship-to
// country is the shipping address's; the payer's account country is
// only a fallback, flagged for review. A transaction_id is not unique in
// PayPal's reporting (a hold shares its payment's id), so a row's line
// identity (its Key) is the id with the kind, the signed gross amount and
// the currency — fields the activity download carries too.
//
// A pull is all-or-nothing per window and resumable: a window is yielded
// only once every page of it was read, and a failure — refused
// credentials ([*AuthError]), a malformed page ([*MalformedError]),
// throttling past the retries ([*APIError], [ErrThrottled]) — ends the
// pull with a [*WindowError] that names the window to start again from.
// The client secret is a [Secret] that prints "[redacted]"; no error
// quotes a credential or a response body.
//
// Package paypaltest is a fake of the API for tests.
package paypal
