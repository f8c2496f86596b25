package vies_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vies"
	"github.com/vatkit/vatkit/vies/viestest"
)

func Example() {
	// A fake VIES on loopback; in production, leave the endpoints empty.
	srv := viestest.NewServer()
	defer srv.Close()
	srv.Set("DE113866163", viestest.Valid("", "")) // Germany discloses no name
	srv.Set("CZ25123891", viestest.Valid("Example s.r.o.", "Praha"))
	srv.Set("IT01404480202", viestest.Invalid())
	srv.FailCountry("FR", viestest.Fault("MS_UNAVAILABLE"))

	c := &vies.Client{
		SOAPEndpoint: srv.SOAPURL(),
		Requester:    must(vat.ParseNumber("NL003376734B77")), // for consultation numbers
		MaxRetries:   -1,                                      // keeps the example fast
	}
	ctx := context.Background()
	for _, s := range []string{"DE113866163", "CZ25123891", "IT01404480202", "FR04409414364", "GB333289454"} {
		r, err := c.Check(ctx, must(vat.ParseNumber(s)))
		switch {
		case errors.Is(err, vies.ErrUnavailable), errors.Is(err, vies.ErrRateLimited):
			fmt.Printf("%s: unknown, ask again later (%v)\n", s, err)
		case err != nil:
			fmt.Printf("%s: not checked: %v\n", s, err)
		default:
			fmt.Printf("%s: valid=%v name=%q consultation=%s\n", s, r.Valid, r.Name, r.ConsultationNumber)
		}
	}
	// Output:
	// DE113866163: valid=true name="" consultation=WAPI000000000001
	// CZ25123891: valid=true name="Example s.r.o." consultation=WAPI000000000002
	// IT01404480202: valid=false name="" consultation=WAPI000000000003
	// FR04409414364: unknown, ask again later (vies: unavailable: member state FR: MS_UNAVAILABLE)
	// GB333289454: not checked: vies: invalid input: country not in VIES: member state GB
}

func ExampleClient_CheckBatch() {
	srv := viestest.NewServer()
	defer srv.Close()
	srv.SetDefault(viestest.Valid("", ""))
	srv.FailCountry("PL", viestest.Fault("MS_MAX_CONCURRENT_REQ"))

	c := &vies.Client{SOAPEndpoint: srv.SOAPURL(), MaxRetries: -1}
	var numbers []vat.Number
	for _, s := range []string{"DE113866163", "PL5211355116", "DE113866163", "AT U14243102"} {
		numbers = append(numbers, must(vat.ParseNumber(s)))
	}
	for i, br := range c.CheckBatch(context.Background(), numbers) {
		if br.Err != nil {
			fmt.Println(i, numbers[i], "unknown:", errors.Is(br.Err, vies.ErrRateLimited))
			continue
		}
		fmt.Println(i, br.Result.Number, "valid:", br.Result.Valid)
	}
	fmt.Println("calls:", srv.Calls())
	// Output:
	// 0 DE113866163 valid: true
	// 1 PL5211355116 unknown: true
	// 2 DE113866163 valid: true
	// 3 ATU14243102 valid: true
	// calls: 3
}

// must keeps numbers whose only fault is their check digits: VIES decides.
func must(n vat.Number, err error) vat.Number {
	if n.IsZero() {
		panic(err)
	}
	return n
}
