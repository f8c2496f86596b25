package paypal

import (
	"time"

	"github.com/shopspring/decimal"
)

// detail is a transaction_detail of the search response, with the fields
// vatkit reads (PayPal's reporting_transactions_v1.json, v1.9).
type detail struct {
	Info struct {
		ID            string `json:"transaction_id"`
		ReferenceID   string `json:"paypal_reference_id"`
		ReferenceType string `json:"paypal_reference_id_type"`
		EventCode     string `json:"transaction_event_code"`
		Initiated     ppTime `json:"transaction_initiation_date"`
		Amount        *money `json:"transaction_amount"`
		SalesTax      *money `json:"sales_tax_amount"`
		Status        string `json:"transaction_status"`
		InvoiceID     string `json:"invoice_id"`
	} `json:"transaction_info"`
	Payer struct {
		Email   string `json:"email_address"`
		Country string `json:"country_code"`
		Name    struct {
			Given    string `json:"given_name"`
			Surname  string `json:"surname"`
			FullName string `json:"alternate_full_name"`
		} `json:"payer_name"`
	} `json:"payer_info"`
	Shipping struct {
		Name    string  `json:"name"`
		Address address `json:"address"`
	} `json:"shipping_info"`
}

type address struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	City       string `json:"city"`
	State      string `json:"state"`
	Country    string `json:"country_code"`
	PostalCode string `json:"postal_code"`
}

// money is PayPal's money object: the value is a decimal string, signed.
// decimal.Decimal reads it (string or number) without a float.
type money struct {
	Currency string          `json:"currency_code"`
	Value    decimal.Decimal `json:"value"`
}

// ppTime reads PayPal's dates: RFC 3339 as the spec says, and the
// "2023-11-01T10:00:00+0000" offsets without a colon that real responses
// carry and strict RFC 3339 rejects (the Transaction Search API reference,
// developer.paypal.com/docs/api/transaction-search/v1/, asks for RFC 3339).
type ppTime struct{ time.Time }

var ppLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"}

// timeError is the error for a date in neither layout; it does not quote
// the date.
type timeError struct{}

func (timeError) Error() string { return "a date is in neither RFC 3339 nor PayPal's +0000 layout" }

func (t *ppTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return &timeError{}
	}
	s := string(b[1 : len(b)-1])
	for _, l := range ppLayouts {
		if v, err := time.Parse(l, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return &timeError{}
}
