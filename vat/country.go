package vat

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
)

// Country is an ISO 3166-1 alpha-2 code in upper case: one of the EU-27 member
// states, XI (Northern Ireland, which keeps EU VAT rules for goods and is in
// VIES) or GB (recognised so that its numbers parse, never checked in VIES).
//
// Greece is GR as a country and EL as a VAT prefix; see [Country.VATPrefix].
// The zero value is no country.
type Country string

// The countries vatkit knows.
const (
	AT Country = "AT" // Austria
	BE Country = "BE" // Belgium
	BG Country = "BG" // Bulgaria
	CY Country = "CY" // Cyprus
	CZ Country = "CZ" // Czechia
	DE Country = "DE" // Germany
	DK Country = "DK" // Denmark
	EE Country = "EE" // Estonia
	ES Country = "ES" // Spain
	FI Country = "FI" // Finland
	FR Country = "FR" // France
	GR Country = "GR" // Greece (VAT prefix EL)
	HR Country = "HR" // Croatia
	HU Country = "HU" // Hungary
	IE Country = "IE" // Ireland
	IT Country = "IT" // Italy
	LT Country = "LT" // Lithuania
	LU Country = "LU" // Luxembourg
	LV Country = "LV" // Latvia
	MT Country = "MT" // Malta
	NL Country = "NL" // Netherlands
	PL Country = "PL" // Poland
	PT Country = "PT" // Portugal
	RO Country = "RO" // Romania
	SE Country = "SE" // Sweden
	SI Country = "SI" // Slovenia
	SK Country = "SK" // Slovakia
	XI Country = "XI" // Northern Ireland
	GB Country = "GB" // United Kingdom (outside the EU since 2020-01-31)
)

// countryInfo holds the dated facts about one country. Dates are the first
// day a fact holds; a zero date means "never".
type countryInfo struct {
	name     string
	joined   time.Time // EU membership from
	left     time.Time // EU membership ends on this day (exclusive)
	euro     time.Time // euro from (accounting currency, not cash)
	currency string    // national currency before the euro, or the only one
	vies     time.Time // numbers checkable in VIES from
	viesEnd  time.Time // VIES stops on this day (exclusive)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Sources: EU accession treaties (europa.eu "Countries"), the euro area's
// enlargements (ECB "Euro area 1999 – 2026"), Council Decision (EU) 2022/1211
// (Croatia, 2023-01-01) and Council Decision (EU) 2025/1407 (Bulgaria, 2026-01-01);
// VIES has checked XI numbers since 2021-01-01 and no GB numbers since then.
var countries = map[Country]countryInfo{
	AT: {name: "Austria", joined: day(1995, 1, 1), euro: day(1999, 1, 1), currency: "ATS"},
	BE: {name: "Belgium", joined: day(1958, 1, 1), euro: day(1999, 1, 1), currency: "BEF"},
	BG: {name: "Bulgaria", joined: day(2007, 1, 1), euro: day(2026, 1, 1), currency: "BGN"},
	CY: {name: "Cyprus", joined: day(2004, 5, 1), euro: day(2008, 1, 1), currency: "CYP"},
	CZ: {name: "Czechia", joined: day(2004, 5, 1), currency: "CZK"},
	DE: {name: "Germany", joined: day(1958, 1, 1), euro: day(1999, 1, 1), currency: "DEM"},
	DK: {name: "Denmark", joined: day(1973, 1, 1), currency: "DKK"},
	EE: {name: "Estonia", joined: day(2004, 5, 1), euro: day(2011, 1, 1), currency: "EEK"},
	ES: {name: "Spain", joined: day(1986, 1, 1), euro: day(1999, 1, 1), currency: "ESP"},
	FI: {name: "Finland", joined: day(1995, 1, 1), euro: day(1999, 1, 1), currency: "FIM"},
	FR: {name: "France", joined: day(1958, 1, 1), euro: day(1999, 1, 1), currency: "FRF"},
	GR: {name: "Greece", joined: day(1981, 1, 1), euro: day(2001, 1, 1), currency: "GRD"},
	HR: {name: "Croatia", joined: day(2013, 7, 1), euro: day(2023, 1, 1), currency: "HRK"},
	HU: {name: "Hungary", joined: day(2004, 5, 1), currency: "HUF"},
	IE: {name: "Ireland", joined: day(1973, 1, 1), euro: day(1999, 1, 1), currency: "IEP"},
	IT: {name: "Italy", joined: day(1958, 1, 1), euro: day(1999, 1, 1), currency: "ITL"},
	LT: {name: "Lithuania", joined: day(2004, 5, 1), euro: day(2015, 1, 1), currency: "LTL"},
	LU: {name: "Luxembourg", joined: day(1958, 1, 1), euro: day(1999, 1, 1), currency: "LUF"},
	LV: {name: "Latvia", joined: day(2004, 5, 1), euro: day(2014, 1, 1), currency: "LVL"},
	MT: {name: "Malta", joined: day(2004, 5, 1), euro: day(2008, 1, 1), currency: "MTL"},
	NL: {name: "Netherlands", joined: day(1958, 1, 1), euro: day(1999, 1, 1), currency: "NLG"},
	PL: {name: "Poland", joined: day(2004, 5, 1), currency: "PLN"},
	PT: {name: "Portugal", joined: day(1986, 1, 1), euro: day(1999, 1, 1), currency: "PTE"},
	RO: {name: "Romania", joined: day(2007, 1, 1), currency: "RON"},
	SE: {name: "Sweden", joined: day(1995, 1, 1), currency: "SEK"},
	SI: {name: "Slovenia", joined: day(2004, 5, 1), euro: day(2007, 1, 1), currency: "SIT"},
	SK: {name: "Slovakia", joined: day(2004, 5, 1), euro: day(2009, 1, 1), currency: "SKK"},
	XI: {name: "Northern Ireland", currency: "GBP", vies: day(2021, 1, 1)},
	GB: {name: "United Kingdom", joined: day(1973, 1, 1), left: day(2020, 2, 1), currency: "GBP", viesEnd: day(2021, 1, 1)},
}

// memberOrder lists the EU-27 in the order the EU's own tables use (by VAT prefix).
var memberOrder = []Country{AT, BE, BG, CY, CZ, DE, DK, EE, GR, ES, FI, FR, HR, HU, IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI, SK}

// allCountries is every Country vatkit knows.
var allCountries = append(memberOrder[:len(memberOrder):len(memberOrder)], XI, GB)

// ParseCountry returns the Country for an ISO code or a VAT prefix, in any case:
// "de", "GR" and "EL" (Greece), "XI", "GB". Anything else is [ErrUnknownCountry].
func ParseCountry(s string) (Country, error) {
	if len(s) == 2 {
		if c, ok := countryFromPrefix(upper(s[0]), upper(s[1])); ok {
			return c, nil
		}
	}
	return "", fmt.Errorf("vat: country: %w", ErrUnknownCountry)
}

// countryFromPrefix maps two upper-case letters, an ISO code or a VAT prefix, to a
// Country without allocating.
func countryFromPrefix(a, b byte) (Country, bool) {
	if a == 'E' && b == 'L' {
		return GR, true
	}
	for _, c := range allCountries {
		if c[0] == a && c[1] == b {
			return c, true
		}
	}
	return "", false
}

func upper(b byte) byte {
	if 'a' <= b && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

// Known reports whether vatkit knows c (EU-27, XI or GB).
func (c Country) Known() bool {
	_, ok := countries[c]
	return ok
}

// Valid reports whether c is a country the rules can reason about: one
// vatkit knows, or any other ISO 3166-1 country (outside the EU VAT area), as
// golang.org/x/text/language's region data has them. Private-use and
// reserved codes (QQ, XA, ZZ…) are not valid.
func (c Country) Valid() bool {
	if c.Known() {
		return true
	}
	if len(c) != 2 || !isLetter(c[0]) || !isLetter(c[1]) || upper(c[0]) != c[0] || upper(c[1]) != c[1] {
		return false
	}
	r, err := language.ParseRegion(string(c))
	return err == nil && r.IsCountry()
}

// String returns the ISO code.
func (c Country) String() string { return string(c) }

// Name returns the English short name, or "" for an unknown code.
func (c Country) Name() string { return countries[c].name }

// VATPrefix returns the prefix of the country's VAT numbers: the ISO code,
// except "EL" for Greece.
func (c Country) VATPrefix() string {
	if c == GR {
		return "EL"
	}
	return string(c)
}

// IsMember reports whether c is a member state of the European Union on the
// given date. XI is never a member state (see [Country.InVIES] and
// [Country.InVATAreaForGoods]); GB was one until 2020-01-31.
func (c Country) IsMember(on time.Time) bool {
	info, ok := countries[c]
	return ok && within(on, info.joined, info.left)
}

// InVATAreaForGoods reports whether goods supplied to or from c on the given date
// follow the EU VAT rules: the member states, GB until the end of the transition
// period (2020-12-31), and XI from 2021-01-01 under the Northern Ireland Protocol
// (now the Windsor Framework).
func (c Country) InVATAreaForGoods(on time.Time) bool {
	switch c {
	case XI:
		return !on.Before(day(2021, 1, 1))
	case GB:
		return on.Before(day(2021, 1, 1))
	}
	return c.IsMember(on)
}

// InVIES reports whether VIES answers for numbers of c on the given date.
func (c Country) InVIES(on time.Time) bool {
	info, ok := countries[c]
	if !ok {
		return false
	}
	if !info.vies.IsZero() || !info.viesEnd.IsZero() {
		return within(on, info.vies, info.viesEnd)
	}
	return c.IsMember(on)
}

// Currency returns the ISO 4217 code of c's currency on the given date: "EUR"
// from the day c adopted the euro (Croatia 2023-01-01, Bulgaria 2026-01-01), its
// national currency before that, or "" for an unknown code.
func (c Country) Currency(on time.Time) string {
	info, ok := countries[c]
	if !ok {
		return ""
	}
	if !info.euro.IsZero() && !on.Before(info.euro) {
		return "EUR"
	}
	return info.currency
}

// Members returns the EU member states on the given date, in the order of their
// VAT prefixes (AT, BE, BG, CY, CZ, DE, DK, EE, EL, ES, …). The slice is new on
// every call; the caller owns it.
func Members(on time.Time) []Country {
	out := make([]Country, 0, len(memberOrder)+1)
	for _, c := range memberOrder {
		if c.IsMember(on) {
			out = append(out, c)
		}
	}
	if GB.IsMember(on) {
		out = append(out, GB)
	}
	return out
}

// within reports whether on lies in [from, until); zero bounds are open.
func within(on, from, until time.Time) bool {
	if from.IsZero() && until.IsZero() {
		return false
	}
	d := dateOf(on)
	return (from.IsZero() || !d.Before(from)) && (until.IsZero() || d.Before(until))
}

// dateOf keeps the calendar date of t, in t's own location, as UTC midnight, so
// that a tax point at 23:30 in Berlin stays on its day.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return day(y, m, d)
}
