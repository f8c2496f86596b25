package vat_test

import (
	"errors"
	"fmt"

	"github.com/vatkit/vatkit/vat"
)

// Parse what a buyer typed, keep the canonical form, and treat failing check
// digits as a reason to ask VIES rather than as a verdict.
func ExampleParseNumber() {
	n, err := vat.ParseNumber("el 094 012 834")
	fmt.Println(n, n.Country(), err)

	n, err = vat.ParseNumber("DE 125 014 855")
	switch {
	case errors.Is(err, vat.ErrChecksum):
		fmt.Println(n, "has wrong check digits: confirm with VIES before zero-rating")
	case err != nil:
		fmt.Println("not a VAT number:", err)
	}

	_, err = vat.ParseNumber("DE 12345")
	fmt.Println(err)
	// Output:
	// EL094012834 GR <nil>
	// DE125014855 has wrong check digits: confirm with VIES before zero-rating
	// vat: DE number: malformed number: want 9 characters after the prefix
}
