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
//
// # Rates
//
// [DefaultRates] is the dated rate table compiled into vatkit (EU-27, XI, GB;
// from 2021-01-01), and [RateTable.Lookup] gives the [RateSet] in force in a
// country on the date of a supply, without allocating. [RateSet.Kind] tells
// whether a rate exists there and then and which kind it is. A date or a
// country the table does not cover is [ErrNoRate]. [LoadRates] reads a newer
// table in the same format (rates.tsv), so hosts need not wait for a release.
//
// # Classifying transactions
//
// A [Transaction] is one line of what a seller sold, refunded or moved, as
// the sources report it; its personal data is grouped in [Buyer]. A
// [Classifier], configured with the [Seller], returns a [Treatment] for each:
// domestic, OSS (Union scheme), intra-Community supply, reverse charge,
// transfer of own goods, export, IOSS, import, marketplace as deemed supplier,
// out of scope, the non-Union scheme (services of a seller established
// outside the EU) — or [NeedsReview] with the reason, never a guess. It applies
// the €10,000 threshold of Art 59c over the calendar year and the one before
// (the crossing supply and all later ones go to destination), dates every
// rate by the tax point, lets refunds follow their sale (a refund in a later
// quarter corrects the sale's quarter), and keeps the VAT a source stated
// when it agrees with the rate within a rounding step (VAT shown on an
// invoice is due, Art 203), flagging real differences. Cross-border sales
// before 2021-07-01, when the Union scheme began ([UnionSchemeStart]), count
// towards the threshold of 2021 but are reviewed, not declared. Places are
// read as Arts 6 and 7 draw the VAT area ([Locate]): Monaco is France, the
// Canary Islands, Åland or Heligoland are exports.
// [Classifier.ClassifyAll] sorts by tax point first.
//
// # Seller facts
//
// [Seller] holds what the rules must know about the seller: where it is
// established, its VAT numbers per state, its warehouses, its Union-scheme
// registration and last year's cross-border total. It is one documented
// JSON object:
//
//	{"established":"DE","oss_from":"2021-07-01","previous_year_eur":"12500.00",
//	 "vat_numbers":{"PL":"PL…","CZ":"CZ…"},"warehouses":["PL","CZ"]}
//
// A fact the answer depends on and nobody gave is never silently assumed:
// a sale kept at origin because last year's total was unknown carries
// [FlagAssumedUnderThreshold].
//
// # Exchange rates
//
// Amounts in other currencies are converted with the ECB's euro reference
// rates: [ParseECB] streams eurofxref-daily.xml or eurofxref-hist.xml into an
// [FXTable], [ECBClient] downloads them, and [FX] lets a host plug in its own
// source. [OSSRate] applies the OSS rule — the rate of the last day of the
// period or, when none was published, of the next publication day — and
// [ToEUR] divides and rounds once.
//
// # Rounding
//
// The zero [Rounding] rounds half up to the cent in every member state; a host
// overrides it per country. Stated VAT is kept as charged, derived VAT is
// rounded per invoice line, and OSS sums are converted once and then rounded.
package vat
