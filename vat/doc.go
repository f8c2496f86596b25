// Package vat is vatkit's domain: countries, VAT identification numbers, dated
// rates, transactions and the rules that decide where and how much VAT is due.
//
// Reach first for [ParseNumber] to turn what a buyer typed into a canonical
// [Number]:
//
//	n, err := vat.ParseNumber("el 094 012 834") // EL094012834, Greece
//	if errors.Is(err, vat.ErrChecksum) {
//		// Local check digits are advisory: ask VIES before deciding.
//	}
//
// # VAT numbers
//
// ParseNumber checks format and check digits for the 27 member states, XI
// (Northern Ireland) and GB. Errors are [*NumberError] values that name the
// country and the failing rule and never repeat the input. A number whose only
// fault is its check digits comes back together with [ErrChecksum]: every
// peer library has, at some point, called a real number "invalid" by a local
// algorithm, and VIES is the authority. The national rules and what is
// uncertain about them are listed in numberrules.go.
//
// # Countries
//
// [Country] is an ISO 3166-1 code. Greece is GR as a country and EL as a VAT
// prefix. Membership, VIES coverage and the currency are facts on a date:
// [Country.IsMember], [Country.InVIES], [Country.Currency].
package vat
