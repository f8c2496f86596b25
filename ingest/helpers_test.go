package ingest

import (
	"strings"
)

// vtrCols is a small 95-layout VTR header: the reader needs only these.
var vtrCols = []string{
	"UNIQUE_ACCOUNT_IDENTIFIER", "MARKETPLACE", "PROGRAM_TYPE", "TRANSACTION_TYPE", "TRANSACTION_EVENT_ID",
	"ACTIVITY_TRANSACTION_ID", "TAX_CALCULATION_DATE", "TRANSACTION_COMPLETE_DATE", "SELLER_SKU", "QTY",
	"COST_PRICE_OF_ITEMS", "TOTAL_ACTIVITY_VALUE_AMT_VAT_EXCL", "PRICE_OF_ITEMS_VAT_RATE_PERCENT",
	"TOTAL_ACTIVITY_VALUE_VAT_AMT", "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL", "TRANSACTION_CURRENCY_CODE",
	"DEPARTURE_COUNTRY", "ARRIVAL_COUNTRY", "ARRIVAL_POST_CODE", "SALE_DEPART_COUNTRY", "SALE_ARRIVAL_COUNTRY",
	"BUYER_VAT_NUMBER_COUNTRY", "BUYER_VAT_NUMBER", "TAXABLE_JURISDICTION", "VAT_INV_CONVERTED_AMT",
	"VAT_INV_CURRENCY_CODE", "VAT_INV_EXCHANGE_RATE", "BUYER_NAME", "ARRIVAL_ADDRESS",
	"TAX_REPORTING_SCHEME", "TAX_COLLECTION_RESPONSIBILITY", "ARRIVAL_CITY",
	"SELLER_DEPART_VAT_NUMBER_COUNTRY", "SELLER_DEPART_COUNTRY_VAT_NUMBER", "EXPORT_OUTSIDE_EU",
}

// vtrSale is a valid SALE row, as column → value; n makes its ids unique.
func vtrSale(n string) map[string]string {
	return map[string]string{
		"UNIQUE_ACCOUNT_IDENTIFIER": "A2TEST", "MARKETPLACE": "amazon.de", "PROGRAM_TYPE": "REGULAR",
		"TRANSACTION_TYPE": "SALE", "TRANSACTION_EVENT_ID": "302-000000" + n, "ACTIVITY_TRANSACTION_ID": "S" + n,
		"TAX_CALCULATION_DATE": "14-07-2026", "TRANSACTION_COMPLETE_DATE": "15-07-2026", "SELLER_SKU": "SKU" + n,
		"QTY": "1", "TOTAL_ACTIVITY_VALUE_AMT_VAT_EXCL": "100.00", "PRICE_OF_ITEMS_VAT_RATE_PERCENT": "0.2",
		"TOTAL_ACTIVITY_VALUE_VAT_AMT": "20.00", "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL": "120.00",
		"TRANSACTION_CURRENCY_CODE": "EUR", "DEPARTURE_COUNTRY": "DE", "ARRIVAL_COUNTRY": "FR",
		"SALE_DEPART_COUNTRY": "DE", "SALE_ARRIVAL_COUNTRY": "FR", "TAXABLE_JURISDICTION": "FRANCE",
		"TAX_REPORTING_SCHEME": "UNION-OSS", "TAX_COLLECTION_RESPONSIBILITY": "SELLER",
	}
}

// with returns a copy of row with the given column/value pairs changed.
func with(row map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(row))
	for k, v := range row {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// vtrText writes a tab-separated VTR with CRLF line ends, dropping
// trailing empty fields as Amazon does.
func vtrText(rows ...map[string]string) string {
	var b strings.Builder
	b.WriteString(strings.Join(vtrCols, "\t") + "\r\n")
	for _, r := range rows {
		rec := make([]string, len(vtrCols))
		for i, c := range vtrCols {
			rec[i] = r[c]
		}
		for len(rec) > 1 && rec[len(rec)-1] == "" {
			rec = rec[:len(rec)-1]
		}
		b.WriteString(strings.Join(rec, "\t") + "\r\n")
	}
	return b.String()
}
