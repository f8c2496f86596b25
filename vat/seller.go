package vat

import (
	"time"

	"github.com/shopspring/decimal"
)

// Seller is what the rules need to know about the seller itself.
type Seller struct {
	// Established is the member state where the business is established
	// ("" for a seller established outside the EU).
	Established Country
	// FixedEstablishments lists further member states where the seller has a
	// fixed establishment. Any of them makes the €10,000 threshold unavailable.
	FixedEstablishments []Country
	// Warehouses lists the countries the seller's goods ship from besides
	// Established (Amazon Pan-EU, FBA, 3PL). Any of them makes the threshold
	// unavailable (Art 59c(1)(b): goods dispatched from the state of
	// establishment only).
	Warehouses []Country
	// Registrations are the seller's VAT numbers, one per country where it is
	// registered.
	Registrations []Number
	// OSS is the seller's Union scheme registration; zero when it has none.
	// For a seller established outside the EU (Established ""), it is the
	// registration in the non-Union scheme, whose member state of
	// identification the seller chose (Art 358a(2)).
	OSS OSSRegistration
	// IOSS is the seller's import-scheme number ("IM…"), "" when it has none.
	IOSS string
	// NonUnion is the number a seller established outside the EU is
	// identified under in the non-Union scheme ("EU…", Art 362), "" when
	// it has none.
	NonUnion string
	// PreviousYear is the total, in EUR without VAT, of the seller's
	// cross-border B2C supplies (distance sales of goods and TBE services to
	// other member states, all channels together) in the calendar year
	// before the one of a supply; invalid (the zero value) when the seller
	// has not said. The classifier counts the years its data covers itself
	// and uses the larger answer: data over €10,000 prove the threshold
	// passed whatever the figure says. When the figure is needed and
	// neither given nor computable, supplies taxed at origin carry
	// FlagAssumedUnderThreshold.
	PreviousYear decimal.NullDecimal
	// OptedIn records that the seller opted for taxation at destination below
	// the threshold (Art 59c(3); binding for two calendar years).
	OptedIn bool
}

// OSSRegistration is a registration in the Union scheme.
type OSSRegistration struct {
	MemberState Country   // the member state of identification
	From        time.Time // first day the registration applies
}

// registeredIn reports whether the seller holds a VAT number of c.
func (s *Seller) registeredIn(c Country) bool {
	for _, n := range s.Registrations {
		if n.Country() == c {
			return true
		}
	}
	return false
}

// inOSS reports whether the seller uses the Union scheme (the non-Union
// scheme, when established outside the EU) on the given date.
func (s *Seller) inOSS(on time.Time) bool {
	return s.OSS.MemberState != "" && !dateOf(on).Before(dateOf(s.OSS.From))
}

// thresholdAvailable reports whether the €10,000 threshold of Art 59c can
// apply at all: established in one member state only, and goods only ever
// dispatched from there.
func (s *Seller) thresholdAvailable() bool {
	if s.Established == "" || len(s.FixedEstablishments) > 0 {
		return false
	}
	for _, w := range s.Warehouses {
		if w != s.Established {
			return false
		}
	}
	return true
}

// DispatchCountries returns the member states (and XI) other than home that
// goods left from in the sales and transfers of txs, in the order first
// seen. A seller who ships from any of them has no €10,000 threshold (Art
// 59c(1)(b)); hosts that do not keep a seller's warehouses on record can
// fill Seller.Warehouses with it.
func DispatchCountries(txs []Transaction, home Country) []Country {
	var out []Country
	seen := map[Country]bool{}
	for i := range txs {
		if from, ok := DispatchedFrom(&txs[i], home); ok && !seen[from] {
			seen[from] = true
			out = append(out, from)
		}
	}
	return out
}

// DispatchedFrom returns the member state (or XI) other than home that the
// goods of a sale or transfer left from, and false for every other
// transaction: what DispatchCountries collects, one transaction at a time.
func DispatchedFrom(tx *Transaction, home Country) (Country, bool) {
	from := tx.ShipFrom
	if tx.Supply != SupplyGoods || from == home || !from.Valid() || !from.InVATAreaForGoods(tx.TaxPoint) {
		return "", false
	}
	if tx.Kind != KindSale && tx.Kind != KindTransfer {
		return "", false
	}
	return from, true
}
