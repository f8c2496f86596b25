package paypal

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
)

// FuzzPage decodes arbitrary bytes as a search response and maps every
// transaction: no panic; a row is mapped or rejected with a
// *ingest.RowError; a decoding failure is described without quoting
// the input; a sale or refund always has a currency and an id.
func FuzzPage(f *testing.F) {
	f.Add([]byte(`{"transaction_details":[{"transaction_info":{"transaction_id":"1AB","transaction_event_code":"T0006","transaction_initiation_date":"2023-11-01T10:00:00+0000","transaction_amount":{"currency_code":"EUR","value":"10.00"},"sales_tax_amount":{"currency_code":"EUR","value":"1.60"},"transaction_status":"S"},"shipping_info":{"address":{"country_code":"FR"}}}],"total_pages":1,"total_items":1}`))
	f.Add([]byte(`{"transaction_details":[{"transaction_info":{"transaction_id":"2","transaction_event_code":"T1107","paypal_reference_id":"1AB","transaction_initiation_date":"2023-11-01T10:00:00Z","transaction_amount":{"currency_code":"EUR","value":-5},"transaction_status":"S"},"payer_info":{"country_code":"UK"}}]}`))
	f.Add([]byte(`{"transaction_details":[{"transaction_info":{"transaction_amount":{"value":"1e99999"}}}]}`))
	f.Add([]byte(`{"transaction_details":[{"transaction_info":{"transaction_initiation_date":"SECRET-2023"}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p page
		if err := json.Unmarshal(b, &p); err != nil {
			if r := jsonReason(err); r == "" || (len(b) > 12 && strings.Contains(r, string(b))) {
				t.Fatalf("reason %q", r)
			}
			return
		}
		for i := range p.Details {
			r, err := row(&p.Details[i], i+1)
			if err != nil {
				var re *ingest.RowError
				if !errors.As(err, &re) {
					t.Fatalf("untyped %T", err)
				}
				continue
			}
			if (r.Tx.Kind == vat.KindSale || r.Tx.Kind == vat.KindRefund) && (r.Tx.Currency == "" || r.Tx.SourceID == "") || len(r.Key) != 32 {
				t.Fatalf("%+v", r)
			}
		}
	})
}
