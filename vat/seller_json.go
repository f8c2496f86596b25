package vat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ErrSeller is wrapped by the errors of Seller.UnmarshalJSON: the facts are
// not valid. The message names the field and says what is wrong with it in
// words a seller can act on; it never repeats a VAT number.
var ErrSeller = errors.New("vat: seller facts")

// sellerJSON is the documented JSON form of a Seller:
//
//	{"established":"DE","oss_from":"2021-07-01","previous_year_eur":"12500.00",
//	 "vat_numbers":{"PL":"PL…","CZ":"CZ…"},"warehouses":["PL","CZ"]}
//
// Every field may be left out; an absent previous_year_eur means "not
// known" (never zero), and an absent established a seller established
// outside the EU (the non-Union scheme's). identified_in is the member state of
// identification for the Union scheme when it is not the state of
// establishment.
type sellerJSON struct {
	Established         string            `json:"established"`
	IdentifiedIn        string            `json:"identified_in,omitempty"`
	OSSFrom             string            `json:"oss_from,omitempty"`
	PreviousYear        *string           `json:"previous_year_eur,omitempty"`
	VATNumbers          map[string]string `json:"vat_numbers,omitempty"`
	Warehouses          []string          `json:"warehouses,omitempty"`
	FixedEstablishments []string          `json:"fixed_establishments,omitempty"`
	IOSS                string            `json:"ioss_number,omitempty"`
	NonUnion            string            `json:"non_union_number,omitempty"`
	OptedIn             bool              `json:"opted_in,omitempty"`
}

// maxSellerJSON bounds the JSON UnmarshalJSON reads: the facts of a seller
// registered in every member state fit in a few kilobytes.
const maxSellerJSON = 64 << 10

// MarshalJSON writes the seller's facts in the documented shape (see
// [Seller.UnmarshalJSON]), amounts with two decimals, lists in the order
// held, numbers keyed by country.
func (s Seller) MarshalJSON() ([]byte, error) {
	out := sellerJSON{Established: string(s.Established), IOSS: s.IOSS, NonUnion: s.NonUnion, OptedIn: s.OptedIn,
		Warehouses: countryStrings(s.Warehouses), FixedEstablishments: countryStrings(s.FixedEstablishments)}
	if s.OSS.MemberState != "" && s.OSS.MemberState != s.Established {
		out.IdentifiedIn = string(s.OSS.MemberState)
	}
	if !s.OSS.From.IsZero() {
		out.OSSFrom = s.OSS.From.Format(time.DateOnly)
	}
	if s.PreviousYear.Valid {
		v := s.PreviousYear.Decimal.StringFixed(2)
		out.PreviousYear = &v
	}
	if len(s.Registrations) > 0 {
		out.VATNumbers = make(map[string]string, len(s.Registrations))
		for _, n := range s.Registrations {
			out.VATNumbers[string(n.Country())] = n.String()
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads the seller's facts:
//
//	{"established":"DE","oss_from":"2021-07-01","previous_year_eur":"12500.00",
//	 "vat_numbers":{"PL":"PL…","CZ":"CZ…"},"warehouses":["PL","CZ"]}
//
// established and identified_in are member states (or XI); oss_from is the
// first day of the Union-scheme registration (YYYY-MM-DD); previous_year_eur
// is last year's cross-border B2C total in EUR without VAT, as a decimal
// string (absent: not known); vat_numbers maps a country to the seller's
// VAT number there; warehouses and fixed_establishments list countries;
// ioss_number is the seller's "IM…" number; opted_in records the option of
// Art 59c(3). Unknown fields are refused, so that a misspelt fact is never
// silently dropped. A VAT number whose only fault is its check digits is
// kept: VIES is the authority. Errors wrap ErrSeller.
func (s *Seller) UnmarshalJSON(b []byte) error {
	if len(b) > maxSellerJSON {
		return fmt.Errorf("%w: more than %d bytes", ErrSeller, maxSellerJSON)
	}
	var in sellerJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("%w: %s", ErrSeller, jsonProblem(err))
	}
	var out Seller
	var err error
	if out.Established, err = sellerState("established", in.Established, true); err != nil {
		return err
	}
	if out.OSS.MemberState, err = sellerState("identified_in", in.IdentifiedIn, true); err != nil {
		return err
	}
	if out.OSS.MemberState == "" {
		out.OSS.MemberState = out.Established
	}
	if in.OSSFrom != "" {
		if out.OSS.From, err = time.Parse(time.DateOnly, in.OSSFrom); err != nil {
			return fmt.Errorf("%w: oss_from: want a date such as 2021-07-01", ErrSeller)
		}
	}
	if out.PreviousYear, err = sellerAmount(in.PreviousYear); err != nil {
		return err
	}
	if out.Registrations, err = sellerNumbers(in.VATNumbers); err != nil {
		return err
	}
	if out.Warehouses, err = sellerCountries("warehouses", in.Warehouses); err != nil {
		return err
	}
	if out.FixedEstablishments, err = sellerCountries("fixed_establishments", in.FixedEstablishments); err != nil {
		return err
	}
	if in.IOSS != "" && !validSchemeNumber(in.IOSS, "IM", 10) {
		return fmt.Errorf("%w: ioss_number: want IM followed by 10 digits", ErrSeller)
	}
	if in.NonUnion != "" && !validSchemeNumber(in.NonUnion, "EU", 9) {
		return fmt.Errorf("%w: non_union_number: want EU followed by 9 digits", ErrSeller)
	}
	out.IOSS, out.NonUnion, out.OptedIn = in.IOSS, in.NonUnion, in.OptedIn
	*s = out
	return nil
}

// jsonProblem says what is wrong with the JSON in fixed words and the
// names of the documented fields only: nothing of the input is repeated,
// so that the message is safe to show wherever the facts came from.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return "not a JSON object"
	case errors.As(err, &te):
		field, _, _ := strings.Cut(te.Field, ".")
		if slices.Contains(sellerFields, field) {
			return field + ": wrong type of value"
		}
		return "a value of the wrong type"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "a field that is not one of the seller facts (check its spelling: " + strings.Join(sellerFields, ", ") + ")"
	}
	return "not a JSON object"
}

// sellerFields are the JSON fields of the seller facts.
var sellerFields = []string{"established", "identified_in", "oss_from", "previous_year_eur", "vat_numbers",
	"warehouses", "fixed_establishments", "ioss_number", "opted_in"}

// sellerState parses a member state (or XI) for field; "" is allowed when
// empty is.
func sellerState(field, s string, empty bool) (Country, error) {
	if s == "" && empty {
		return "", nil
	}
	c, err := ParseCountry(s)
	if err != nil || c == GB {
		return "", fmt.Errorf("%w: %s: want an EU member state code such as DE", ErrSeller, field)
	}
	return c, nil
}

func sellerCountries(field string, in []string) ([]Country, error) {
	var out []Country
	for _, s := range in {
		c, err := ParseCountry(s)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: want country codes such as PL", ErrSeller, field)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func sellerAmount(s *string) (decimal.NullDecimal, error) {
	if s == nil {
		return decimal.NullDecimal{}, nil
	}
	d, err := decimal.NewFromString(strings.TrimSpace(*s))
	if err != nil || d.IsNegative() || len(*s) > 32 {
		return decimal.NullDecimal{}, fmt.Errorf("%w: previous_year_eur: want an amount in euros such as \"12500.00\"", ErrSeller)
	}
	return decimal.NewNullDecimal(d), nil
}

// sellerNumbers parses the numbers by country, in the order of the
// countries' codes; each must be a number of the country it is filed
// under.
func sellerNumbers(in map[string]string) ([]Number, error) {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []Number
	for _, k := range keys {
		c, err := ParseCountry(k)
		if err != nil {
			return nil, fmt.Errorf("%w: vat_numbers: want country codes such as PL as keys", ErrSeller)
		}
		n, err := ParseNumberIn(c, in[k])
		if n.IsZero() || n.Country() != c {
			reason := "not a VAT number of " + c.Name()
			if errors.Is(err, ErrFormat) {
				reason = "the number for " + c.Name() + " has the wrong format"
			}
			return nil, fmt.Errorf("%w: vat_numbers: %s", ErrSeller, reason)
		}
		out = append(out, n)
	}
	return out, nil
}

// validSchemeNumber reports whether s is prefix followed by n digits: an
// IOSS number is IM, three digits of the member state's code and seven more
// (Art 369q(1); "IMxxxyyyyyyz" in the Commission's Guide to the Import
// One Stop Shop); a non-Union scheme number is EU, the three digits of the
// member state's code and six more (Art 362; "EUxxxyyyyyz" in the
// Commission's Guide to the VAT One Stop Shop).
func validSchemeNumber(s, prefix string, n int) bool {
	if len(s) != len(prefix)+n || s[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func countryStrings(cs []Country) []string {
	if len(cs) == 0 {
		return nil
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}
