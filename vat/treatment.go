package vat

import (
	"time"

	"github.com/shopspring/decimal"
)

// Scheme is where a transaction belongs in the seller's filings.
type Scheme uint8

// The treatments a transaction can get.
const (
	// NeedsReview: the rules cannot classify the transaction without a
	// person; Treatment.Reason says why. Never guessed.
	NeedsReview Scheme = iota
	// Domestic: VAT due in Treatment.Country, in that country's own return
	// (a local sale, a sale under the €10,000 threshold taxed at origin, or a
	// destination sale by a seller outside the Union scheme).
	Domestic
	// OSSUnion: VAT due in the country of consumption, declared through the
	// Union scheme return of the member state of identification.
	OSSUnion
	// IntraCommunity: exempt supply of goods to a business in another member
	// state (Art 138); local return and EC Sales List of the dispatch country.
	IntraCommunity
	// ReverseCharge: a B2B service taxed where the customer is; the customer
	// accounts for the VAT (Arts 44, 196); EC Sales List.
	ReverseCharge
	// Transfer: own goods moved to another member state: an exempt
	// intra-Community supply in Country and an acquisition in Acquisition
	// (Arts 17, 21, 138(2)(c)).
	Transfer
	// Export: goods leaving the EU VAT area, exempt (Art 146).
	Export
	// ImportIOSS: a distance sale of imported goods of ≤ €150 declared
	// through the seller's IOSS return at the destination rate.
	ImportIOSS
	// Import: imported goods whose VAT is collected at the border (no IOSS, or
	// a consignment over €150): not in the seller's returns.
	Import
	// Marketplace: an electronic interface was the deemed supplier and
	// accounted for the VAT (Art 14a): not in the seller's returns.
	Marketplace
	// OutOfScope: no EU VAT (a supply outside the EU, a movement within one
	// country, a line that is not a supply).
	OutOfScope
	// OSSNonUnion: a service to a consumer in a member state by a seller
	// established outside the EU, declared through the non-Union scheme
	// return of the member state of identification at the rate of the
	// member state of consumption (Arts 358a–369k).
	OSSNonUnion
)

var schemeNames = [...]string{"needs-review", "domestic", "oss-union", "intra-community", "reverse-charge",
	"transfer", "export", "import-ioss", "import", "marketplace", "out-of-scope", "oss-non-union"}

func (s Scheme) String() string {
	if int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return "unknown"
}

// Charged reports whether the seller owes VAT on a supply under s at the
// rate of the member state it is taxed in: a domestic supply (Art 193) or
// one declared through the Union (Arts 369a–369k), non-Union (Arts
// 358a–369k) or import (Arts 369l–369x) scheme. Under every other scheme
// the seller owes none: the supply is exempt, the customer or a
// marketplace accounts for the VAT, or it is due at the border.
func (s Scheme) Charged() bool {
	switch s {
	case Domestic, OSSUnion, ImportIOSS, OSSNonUnion:
		return true
	}
	return false
}

// Flag marks something about a treatment that the seller should see without
// it stopping the classification.
type Flag uint16

// The flags.
const (
	// FlagUnvalidatedVATNumber: a B2B treatment rests on a buyer VAT number that
	// VIES has not confirmed; validate it or the exemption may be lost.
	FlagUnvalidatedVATNumber Flag = 1 << iota
	// FlagNotRegistered: VAT is due in a country where the seller holds no
	// registration.
	FlagNotRegistered
	// FlagAssumedStandardRate: the source named no rate; the standard rate
	// was used.
	FlagAssumedStandardRate
	// FlagVATDiffers: the source's VAT differs from the rate's by more than
	// one rounding step; see SourceVAT. The treatment's VAT is the higher
	// of the two (Arts 193 and 203).
	FlagVATDiffers
	// FlagThresholdCrossed: this supply took the year's cross-border total
	// over €10,000: it and every later one are taxed at destination.
	FlagThresholdCrossed
	// FlagCorrection: a refund or return of a sale in an earlier period; it
	// corrects that period (Reg 282/2011 Art 61).
	FlagCorrection
	// FlagAssumedUnderThreshold: taxed at origin under the €10,000
	// threshold on the assumption that the seller's cross-border total of
	// the previous year stayed under it: Seller.PreviousYear was not given
	// and the data do not cover that year.
	FlagAssumedUnderThreshold
	// FlagPreviousYearConflict: the data show the previous year's
	// cross-border total over €10,000 where Seller.PreviousYear does not;
	// the data decided (destination).
	FlagPreviousYearConflict
	// FlagExcise: goods subject to excise duty, which the import scheme
	// leaves out whatever their value (Art 369l(1)).
	FlagExcise
)

// Treatment is the answer for one transaction.
type Treatment struct {
	Scheme Scheme
	// Country is where the VAT is due (domestic, OSS, IOSS), or the country of
	// dispatch (intra-Community supply, transfer, export).
	Country Country
	// Acquisition is the country of arrival of a transfer or an
	// intra-Community supply, where the acquisition is taxed.
	Acquisition Country
	// DispatchedFrom is where goods left from (the OSS return's blocks).
	DispatchedFrom Country
	Supply         Supply
	RateKind       RateKind
	Rate           decimal.Decimal // percent
	// Taxable and VAT are in the transaction's currency, rounded to the cent;
	// negative for refunds and returns.
	Taxable, VAT decimal.Decimal
	Currency     string
	// Derived says which amounts were not given by the source.
	Derived Field
	// SourceVAT is the VAT the source stated, when FlagVATDiffers is set.
	SourceVAT decimal.Decimal
	// Period is the period the amounts belong to: the tax point's quarter, or
	// for a correction the period of the original sale.
	Period Period
	Flags  Flag
	// Reason explains NeedsReview, in words without personal data.
	Reason string
}

// Has reports whether t carries flag f.
func (t Treatment) Has(f Flag) bool { return t.Flags&f != 0 }

// InSellerReturns reports whether the treatment appears in any of the
// seller's own VAT returns or listings.
func (t Treatment) InSellerReturns() bool {
	switch t.Scheme {
	case Domestic, OSSUnion, IntraCommunity, ReverseCharge, Transfer, ImportIOSS, OSSNonUnion:
		return true
	}
	return false
}

// review returns a NeedsReview treatment for the reason.
func review(reason string, on time.Time) Treatment {
	return Treatment{Scheme: NeedsReview, Reason: reason, Period: QuarterOf(on)}
}
