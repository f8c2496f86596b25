package vault

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeLogin returns the form of a login that enters the key
// derivation: Unicode NFC (so "é" typed as one code point or as "e" plus a
// combining accent is the same login), lower-cased by [strings.ToLower]
// (Unicode lower-case mapping), and with leading and trailing white space
// removed. Inner white space and every other character are kept.
//
// The login is never stored: it only enters Argon2id, and the password
// policy (which refuses a password that contains it).
func NormalizeLogin(login string) string {
	return strings.TrimFunc(strings.ToLower(norm.NFC.String(login)), unicode.IsSpace)
}
