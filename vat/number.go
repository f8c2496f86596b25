package vat

import (
	"errors"
	"fmt"
)

// Errors that [ParseNumber] wraps in a [*NumberError]; test for them with
// errors.Is.
var (
	// ErrUnknownCountry means the number does not start with the VAT prefix of
	// a country vatkit knows (the EU-27 with EL for Greece, XI or GB).
	ErrUnknownCountry = errors.New("unknown country prefix")
	// ErrFormat means the number cannot be one of its country's: wrong length,
	// characters or structure.
	ErrFormat = errors.New("malformed number")
	// ErrChecksum means the number has its country's format but its check
	// digits do not match. Local check digits are advisory: VIES is the
	// authority, so ParseNumber still returns the normalised Number with it.
	ErrChecksum = errors.New("check digits do not match")
)

// MaxNumberLen is the longest input ParseNumber looks at, in bytes. Real VAT
// numbers with every separator people type stay far below it.
const MaxNumberLen = 64

// NumberError is the error ParseNumber returns. It names the country (when the
// prefix was recognised) and the rule that failed, and never repeats the input:
// a VAT number may identify a natural person.
type NumberError struct {
	Country Country // "" when the prefix was not recognised
	Err     error   // ErrUnknownCountry, ErrFormat or ErrChecksum
	Reason  string  // the rule that failed, in words; never the input
}

func (e *NumberError) Error() string {
	where := "vat: number"
	if e.Country != "" {
		where = "vat: " + e.Country.VATPrefix() + " number"
	}
	if e.Reason == "" {
		return where + ": " + e.Err.Error()
	}
	return where + ": " + e.Err.Error() + ": " + e.Reason
}

// Unwrap returns the sentinel, so errors.Is(err, vat.ErrChecksum) works.
func (e *NumberError) Unwrap() error { return e.Err }

// Number is a VAT identification number in its canonical form: the country's
// VAT prefix followed by the national number, upper case, without separators
// ("DE123456789", "EL094259216", "ATU12345678", "NL004495445B01").
//
// The zero value is no number. Numbers are comparable with ==.
type Number struct {
	s string
}

// ParseNumber normalises s and checks its format and check digits by the
// rules of its country.
//
// It accepts what people type and exports contain: surrounding blanks, spaces
// (also non-breaking), dots, dashes, slashes and colons anywhere, lower case, GR as
// well as EL for Greece, XI for Northern Ireland and GB for the United Kingdom;
// Belgian "(0)" and the short legacy forms of Belgian, Greek and Dutch numbers
// are padded to their current length.
//
// Errors are [*NumberError] values wrapping [ErrUnknownCountry], [ErrFormat]
// or [ErrChecksum]. When only the check digits fail, ParseNumber returns the
// normalised Number together with the ErrChecksum error, so that a caller may
// still ask VIES, which is the authority. Inputs longer than [MaxNumberLen]
// bytes are refused.
func ParseNumber(s string) (Number, error) {
	var buf [MaxNumberLen]byte
	n, c, err := compact(&buf, s, "")
	if err != nil {
		return Number{}, err
	}
	return finish(&buf, n, c)
}

// ParseNumberIn is ParseNumber for a number whose country is known from
// elsewhere (a separate column, say): the VAT prefix (or, for Greece, the ISO
// code GR) may be present or missing.
func ParseNumberIn(c Country, s string) (Number, error) {
	if !c.Known() {
		return Number{}, &NumberError{Err: ErrUnknownCountry}
	}
	var buf [MaxNumberLen]byte
	n, got, err := compact(&buf, s, c.VATPrefix())
	if err != nil {
		return Number{}, err
	}
	num, err := finish(&buf, n, got)
	if errors.Is(err, ErrFormat) && len(s) <= MaxNumberLen-2 {
		// The national number may itself begin with the prefix's letters (a
		// French key "FR…"): try it once more as a number without prefix.
		if alt, altErr := ParseNumber(c.VATPrefix() + s); altErr == nil || errors.Is(altErr, ErrChecksum) {
			return alt, altErr
		}
	}
	return num, err
}

// finish validates the compacted number in buf[:n] (prefix included), pads
// legacy forms, and makes the one allocation of a successful parse.
func finish(buf *[MaxNumberLen]byte, n int, c Country) (Number, error) {
	n = pad(buf, n, c)
	if reason, err := check(c, buf[2:n]); err != nil {
		e := &NumberError{Country: c, Err: err, Reason: reason}
		if err == ErrChecksum {
			return Number{string(buf[:n])}, e
		}
		return Number{}, e
	}
	return Number{string(buf[:n])}, nil
}

// compact copies s into buf without separators, in upper case, with the VAT
// prefix first (EL for Greece). When implied is set and s does not start with
// that prefix (or, for EL, with GR), implied is put in front.
func compact(buf *[MaxNumberLen]byte, s, implied string) (int, Country, error) {
	if len(s) > MaxNumberLen {
		return 0, "", &NumberError{Err: ErrFormat, Reason: fmt.Sprintf("longer than %d bytes", MaxNumberLen)}
	}
	n := 0
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '-' || b == '.' || b == '/' || b == ':':
			continue
		case b == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // U+00A0 NO-BREAK SPACE
			i++
			continue
		case n == len(buf):
			return 0, "", &NumberError{Err: ErrFormat, Reason: fmt.Sprintf("longer than %d bytes", MaxNumberLen)}
		}
		buf[n] = upper(b)
		n++
	}
	if implied != "" && !hasPrefix(buf[:n], implied) {
		if n+2 > len(buf) {
			return 0, "", &NumberError{Err: ErrFormat, Reason: fmt.Sprintf("longer than %d bytes", MaxNumberLen)}
		}
		copy(buf[2:], buf[:n])
		buf[0], buf[1] = implied[0], implied[1]
		n += 2
	}
	if n < 2 || !isLetter(buf[0]) || !isLetter(buf[1]) {
		return 0, "", &NumberError{Err: ErrUnknownCountry, Reason: "no country prefix"}
	}
	c, ok := countryFromPrefix(buf[0], buf[1])
	if !ok {
		return 0, "", &NumberError{Err: ErrUnknownCountry}
	}
	p := c.VATPrefix()
	buf[0], buf[1] = p[0], p[1]
	return n, c, nil
}

// hasPrefix reports whether b starts with the VAT prefix p or, for EL, with
// GR.
func hasPrefix(b []byte, p string) bool {
	if len(b) < 2 {
		return false
	}
	return b[0] == p[0] && b[1] == p[1] || p == "EL" && b[0] == 'G' && b[1] == 'R'
}

// pad rewrites the legacy short forms that national registers still print to
// the form VIES answers for: Belgian "(0)" and 9-digit numbers get a leading
// 0, 8-digit Greek numbers a leading 0, and Dutch numbers are zero-padded to 9
// digits before the B.
func pad(buf *[MaxNumberLen]byte, n int, c Country) int {
	body := buf[2:n]
	switch {
	case c == BE && len(body) >= 3 && body[0] == '(' && body[1] == '0' && body[2] == ')':
		copy(buf[3:], buf[5:n])
		n -= 2
		buf[2] = '0'
		if n == 11 && allDigits(buf[2:n]) {
			return shiftIn(buf, n, 1)
		}
	case (c == BE && len(body) == 9 || c == GR && len(body) == 8) && allDigits(body):
		return shiftIn(buf, n, 1)
	case c == NL && len(body) >= 4 && len(body) < 12 && body[len(body)-3] == 'B' && allDigits(body[:len(body)-3]):
		return shiftIn(buf, n, 12-len(body))
	}
	return n
}

// shiftIn inserts k zeros right after the prefix.
func shiftIn(buf *[MaxNumberLen]byte, n, k int) int {
	if n+k > len(buf) {
		return n
	}
	copy(buf[2+k:], buf[2:n])
	for i := 0; i < k; i++ {
		buf[2+i] = '0'
	}
	return n + k
}

// String returns the canonical form with the VAT prefix, "DE123456789".
func (n Number) String() string { return n.s }

// IsZero reports whether n is the zero Number.
func (n Number) IsZero() bool { return n.s == "" }

// Country returns the number's country: GR for an EL number.
func (n Number) Country() Country {
	if n.s == "" {
		return ""
	}
	c, _ := countryFromPrefix(n.s[0], n.s[1])
	return c
}

// Prefix returns the VAT prefix, "EL" for Greece: the countryCode VIES wants.
func (n Number) Prefix() string {
	if n.s == "" {
		return ""
	}
	return n.s[:2]
}

// National returns the number without its prefix, as VIES wants it in
// vatNumber ("U12345678" for ATU12345678).
func (n Number) National() string {
	if n.s == "" {
		return ""
	}
	return n.s[2:]
}

// MarshalText returns the canonical form.
func (n Number) MarshalText() ([]byte, error) { return []byte(n.s), nil }

// UnmarshalText parses text with ParseNumber. A number whose only fault is its
// check digits is kept (they are advisory); any other error is returned.
// Empty text gives the zero Number.
func (n *Number) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*n = Number{}
		return nil
	}
	v, err := ParseNumber(string(text))
	if err != nil && !errors.Is(err, ErrChecksum) {
		return err
	}
	*n = v
	return nil
}

func isLetter(b byte) bool { return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' }
func isDigit(b byte) bool  { return '0' <= b && b <= '9' }

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}
