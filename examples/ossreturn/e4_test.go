package main

import (
	"fmt"
	"io"
	"strings"
)

// e4Header is the template's header (ingest's TemplateColumns).
var e4Header = "type,id,line,date,original_id,supply,ship_from,ship_to,net,vat,gross,rate,currency,marketplace,scheme,consignment_value,buyer_name,buyer_address,buyer_email,buyer_vat_number"

// e4Rows are the supplies of vat-rules §6 E4 (Q3 2025, MSID DE; derived by
// the reference from the VAT Directive's rules, total VAT 491.00), split
// into several rows where that tests the sums, plus the rows the example's
// checks say must not appear:
//   - an EE sale of 2025-06-30 (Q2, still 22 %) and the Q3 ones without a
//     rate, so that the rate comes from the supply date (24 % from
//     2025-07-01, Estonian VAT Act amendment; vat/rates.tsv);
//   - a domestic CZ→CZ sale (CZ's own return);
//   - a sale to an Austrian business (ATU14243102, a valid number from
//     python-stdnum's test suite): intra-Community, EC Sales List;
//   - a sale whose VAT a marketplace collected;
//   - a NL sale refunded within the quarter (nets to nothing).
//
// The goods from the Czech warehouse make the €10,000 threshold
// unavailable (Art 59c(1)(b)), so every cross-border sale is taxed at
// destination.
var e4Rows = []string{
	"sale,E4-001,1,2025-07-03,,goods,DE,FR,600.00,120.00,720.00,20,EUR,no,,,,,,",
	"sale,E4-002,1,2025-08-14,,goods,DE,FR,400.00,80.00,480.00,20,EUR,no,,,,,,",
	"sale,E4-003,1,2025-07-21,,goods,DE,FR,200.00,11.00,211.00,5.5,EUR,no,,,,,,",
	"sale,E4-004,1,2025-09-02,,goods,DE,NL,500.00,105.00,605.00,21,EUR,no,,,,,,",
	"sale,E4-005,1,2025-06-30,,goods,DE,EE,300.00,,,,EUR,no,,,,,,",
	"sale,E4-006,1,2025-07-01,,goods,DE,EE,120.00,,,,EUR,no,,,,,,",
	"sale,E4-007,1,2025-09-30,,goods,DE,EE,180.00,,,,EUR,no,,,,,,",
	"sale,E4-008,1,2025-08-09,,electronic,,IE,99.99,,,23,EUR,no,,,,,,",
	"sale,E4-009,1,2025-09-15,,goods,CZ,AT,400.00,80.00,480.00,20,EUR,no,,,,,,",
	"sale,E4-010,1,2025-08-20,,goods,CZ,CZ,250.00,52.50,302.50,21,EUR,no,,,,,,",
	"sale,E4-011,1,2025-08-22,,goods,DE,AT,1500.00,0.00,1500.00,0,EUR,no,,,Example GmbH,,,ATU14243102",
	"sale,E4-012,1,2025-08-23,,goods,DE,IT,100.00,22.00,122.00,22,EUR,yes,,,,,,",
	"sale,E4-013,1,2025-07-10,,goods,DE,NL,50.00,10.50,60.50,21,EUR,no,,,,,,",
	"refund,RF-E4-013,1,2025-07-25,E4-013,goods,DE,NL,-50.00,-10.50,-60.50,21,EUR,no,,,,,,",
}

// writeE4 writes the E4 input as a template CSV.
func writeE4(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%s\n%s\n", e4Header, strings.Join(e4Rows, "\n"))
	return err
}
