package ingest

import (
	"errors"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/vatkit/vatkit/vat"
)

// numberStyle is how a file writes numbers.
type numberStyle uint8

const (
	plainDot     numberStyle = iota // 1234.56 (Amazon, the template)
	groupedDot                      // 1,234.56 (PayPal in English)
	groupedComma                    // 1.234,56 (PayPal in German, the template with DecimalComma)
	eitherMark                      // 1234.56 or 1234,56, no grouping (a VTR re-saved by Excel)
)

// The reasons of row errors about single values. They name the rule, never
// the value.
var (
	errFormula  = errors.New("formula cell refused (starts with =, +, -, @)")
	errNumber   = errors.New("not a number in the file's number format")
	errDate     = errors.New("not a valid date")
	errCountry  = errors.New("not an ISO 3166 country code")
	errCurrency = errors.New("not an ISO 4217 currency code")
	errMissing  = errors.New("required value missing")
)

// maxNumberLen bounds the text of an amount: no real amount comes close.
const maxNumberLen = 40

// parseNumber reads an amount written in style. Grouping separators must
// sit between groups of three digits, so "12,50" in an English file (a
// German amount) is refused rather than read as 1250.
func parseNumber(s string, style numberStyle) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	if len(s) == 0 || len(s) > maxNumberLen {
		return decimal.Decimal{}, errNumber
	}
	point, group := byte('.'), byte(0)
	switch style {
	case groupedDot:
		group = ','
	case groupedComma:
		point, group = ',', '.'
	case eitherMark:
		if strings.IndexByte(s, '.') < 0 {
			point = ','
		}
	}
	var b [maxNumberLen]byte
	n, err := normaliseNumber(&b, s, point, group)
	if err != nil {
		return decimal.Decimal{}, formulaOr(s, err)
	}
	if d, ok := smallDecimal(b[:n]); ok {
		return d, nil
	}
	d, err := decimal.NewFromString(string(b[:n]))
	if err != nil {
		return decimal.Decimal{}, errNumber
	}
	return d, nil
}

// smallDecimal reads a normalised [-]digits[.digits] of at most 18 digits
// without going through a string: most amounts are that short.
func smallDecimal(b []byte) (decimal.Decimal, bool) {
	var v int64
	var exp int32
	digits, neg, point := 0, false, false
	for i, c := range b {
		switch {
		case c == '-' && i == 0:
			neg = true
		case c == '.':
			point = true
		default:
			v = v*10 + int64(c-'0')
			digits++
			if point {
				exp--
			}
		}
	}
	if digits > 18 {
		return decimal.Decimal{}, false
	}
	if neg {
		v = -v
	}
	return decimal.New(v, exp), true
}

// normaliseNumber writes s as [-]digits[.digits] into b, checking signs,
// grouping and the decimal mark.
func normaliseNumber(b *[maxNumberLen]byte, s string, point, group byte) (int, error) {
	n, i := 0, 0
	if s[0] == '-' || s[0] == '+' {
		if s[0] == '-' {
			b[n] = '-'
			n++
		}
		i++
	}
	digits, sinceGroup, grouped, seenPoint := 0, 0, false, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			b[n] = c
			n++
			digits++
			sinceGroup++
		case group != 0 && c == group && !seenPoint:
			if digits == 0 || (grouped && sinceGroup != 3) || (!grouped && sinceGroup > 3) {
				return 0, errNumber
			}
			grouped, sinceGroup = true, 0
		case c == point && !seenPoint:
			if digits == 0 || (grouped && sinceGroup != 3) {
				return 0, errNumber
			}
			b[n] = '.'
			n++
			seenPoint, sinceGroup = true, 0
		default:
			return 0, errNumber
		}
	}
	if digits == 0 || (grouped && !seenPoint && sinceGroup != 3) || s[len(s)-1] == point {
		return 0, errNumber
	}
	return n, nil
}

// formulaOr tells a formula apart from a plain bad value: a spreadsheet
// would evaluate a cell starting with one of these characters (OWASP ASVS
// 1.2.10, CWE-1236), and it is never read as data.
func formulaOr(s string, err error) error {
	if isFormula(s) {
		return errFormula
	}
	return err
}

func isFormula(s string) bool {
	return len(s) > 0 && strings.IndexByte("=+-@", s[0]) >= 0
}

// parseDate reads a date laid out as order says: "DMY" with sep between
// the parts ("31-01-2026"), "MDY" ("01/31/2026") or "YMD" ("2026-01-31").
// Dates that do not exist (31-02-2026) are refused.
func parseDate(s string, order string, sep byte) (time.Time, error) {
	s = strings.TrimSpace(s)
	parts, ok := splitDate(s, sep)
	if !ok {
		return time.Time{}, formulaOr(s, errDate)
	}
	var y, m, d int
	switch order {
	case "DMY":
		d, m, y = parts[0], parts[1], parts[2]
	case "MDY":
		m, d, y = parts[0], parts[1], parts[2]
	default:
		y, m, d = parts[0], parts[1], parts[2]
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || y > 2200 || t.Day() != d || int(t.Month()) != m {
		return time.Time{}, errDate
	}
	return t, nil
}

// splitDate splits three groups of 1 to 4 digits.
func splitDate(s string, sep byte) ([3]int, bool) {
	var out [3]int
	k, digits := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9' && digits < 4:
			out[k] = out[k]*10 + int(c-'0')
			digits++
		case c == sep && k < 2 && digits > 0:
			k, digits = k+1, 0
		default:
			return out, false
		}
	}
	return out, k == 2 && digits > 0
}

// parseCountry reads an ISO 3166-1 alpha-2 code (any case, EL for Greece,
// UK for GB): a country vatkit knows or any other real country. Reserved
// and private-use codes are refused.
func parseCountry(s string) (vat.Country, error) {
	s = strings.TrimSpace(s)
	if c, err := vat.ParseCountry(s); err == nil {
		return c, nil
	}
	u := strings.ToUpper(s)
	if u == "UK" {
		return vat.GB, nil
	}
	if c := vat.Country(u); len(u) == 2 && c.Valid() {
		return c, nil
	}
	return "", formulaOr(s, errCountry)
}

// parseCurrency reads an ISO 4217 code in upper case.
func parseCurrency(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 3 || strings.ToUpper(s) != s {
		return "", formulaOr(s, errCurrency)
	}
	u, err := currency.ParseISO(s)
	if err != nil || u.String() != s {
		return "", errCurrency
	}
	return s, nil
}
