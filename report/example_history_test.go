package report_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// A seller uploads a file of its sales into its vault; the return is
// built from what was stored, read back one month at a time.
func ExampleOSS_BuildFrom() {
	ctx := context.Background()
	v, _ := vault.New(vault.Config{Store: &vault.MemoryStore{}, Params: vault.Floor})
	pw := []byte("a long enough example passphrase 7")
	v.Enroll(ctx, "tenant-1", "seller@example.com", pw)
	session, _ := v.Open(ctx, "tenant-1", "seller@example.com", pw)
	defer session.Close()

	file := "type,id,date,original_id,supply,ship_from,ship_to,net,currency\n" +
		"sale,A-1,2026-06-12,,goods,DE,FR,250.00,EUR\n" +
		"refund,R-1,2026-07-03,A-1,goods,DE,FR,-50.00,EUR\n" +
		"sale,B-1,2026-08-20,,electronic,,IE,9.99,EUR\n"
	p := ingest.Pipeline{Vault: session}
	if _, err := p.Ingest(ctx, strings.NewReader(file), ingest.Options{Name: "sales.csv"}); err != nil {
		fmt.Println(err)
		return
	}

	b := report.OSS{Seller: vat.Seller{Established: vat.DE, OptedIn: true, OSS: vat.OSSRegistration{MemberState: vat.DE}}}
	h := report.History{Vault: session}
	ret, err := b.BuildFrom(ctx, vat.Period{Year: 2026, Quarter: 3}, &h)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range ret.Lines {
		fmt.Println(l.Country, l.Supply, l.Rate, l.Taxable, l.VAT)
	}
	for _, c := range ret.Corrections {
		fmt.Println("correction", c.Country, c.Period, c.VAT)
	}
	fmt.Println("total", ret.Total, "unreadable", ret.Unreadable)
	// Output:
	// IE services 23 9.99 2.3
	// correction FR 2026-Q2 -10
	// total -7.7 unreadable 0
}
