package vault

import (
	"bytes"
	_ "embed"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/vatkit/vatkit/vault/internal/breach"
)

// Password policy, after NIST SP 800-63B (rev. 3 §5.1.1.2, carried into
// rev. 4 §3.1.1.2): a minimum length, no composition rules, every printable
// and Unicode character allowed, long passwords allowed, and new passwords
// screened against a list of commonly used, expected or compromised
// values, repetitive or sequential characters, and context-specific words
// such as the user name. The key is only as strong as the password: an
// attacker with a copy of the store can guess offline at Argon2id's cost.
const (
	// MinPasswordLength is the shortest password accepted, in characters
	// (Unicode code points after NFC normalisation). The product promises
	// 12; NIST SP 800-63B rev. 4 recommends 15 when the password is the
	// only factor, which hosts may enforce on top.
	MinPasswordLength = 12
	// MaxPasswordBytes bounds the input to the key derivation. NIST asks to
	// allow at least 64 characters; 1024 bytes leaves room for any
	// passphrase.
	MaxPasswordBytes = 1024
)

// blocklist holds the few well-known passwords of 12 characters or more,
// one per line, folded, that the breach corpus lacks: a keypad walk, an
// interleaved run, and phrases known from password-cracking folklore
// ("correct horse battery staple"). A test keeps it to entries nothing
// else refuses.
//
//go:embed blocklist.txt
var blocklist string

// basewords holds words that, padded with digits or symbols, make the
// commonest passwords ("Password123!", "Welcome2026!!").
//
//go:embed basewords.txt
var basewords string

// PasswordPolicy screens new passwords (at enrolment and password change).
// The zero value is the policy described above, with the embedded
// breached-password list.
type PasswordPolicy struct {
	// Breached is the list of known passwords; nil means
	// [BreachedPasswords].
	Breached PasswordList
}

// CheckPassword applies the default [PasswordPolicy].
func CheckPassword(password []byte, login string) error {
	return PasswordPolicy{}.Check(password, login)
}

// Check applies the policy to a new password for login (normalised as by
// [NormalizeLogin]). It returns nil or a *PolicyError whose Reason never
// quotes the password or the login. It works on byte copies of the
// password, each sized before it is filled so that no copy is left behind
// by a growing buffer, and wipes them all, never making a string of it.
// (Buffers inside the hash and normalisation code of the libraries it
// calls are beyond its reach.)
func (p PasswordPolicy) Check(password []byte, login string) error {
	if len(password) > MaxPasswordBytes {
		return &PolicyError{Reason: "longer than 1024 bytes"}
	}
	nfc := breach.Normalize(norm.NFC, password)
	defer wipe(nfc)
	if utf8.RuneCount(nfc) < MinPasswordLength {
		return &PolicyError{Reason: "shorter than 12 characters"}
	}
	folded := breach.Fold(nfc)
	defer wipe(folded)
	compact := bytes.Join(bytes.Fields(folded), nil)
	defer wipe(compact)
	plain := deLeet(compact)
	defer wipe(plain)
	list := p.Breached
	if list == nil {
		list = BreachedPasswords()
	}
	switch {
	case list.Contains(folded) || list.Contains(compact) || list.Contains(plain),
		listed(blocklist, folded) || listed(blocklist, compact) || listed(blocklist, plain):
		return &PolicyError{Reason: "a commonly used password"}
	case paddedListed(list, plain):
		return &PolicyError{Reason: "a commonly used password with digits or symbols added"}
	case commonWord(plain):
		return &PolicyError{Reason: "a common word with digits or symbols added"}
	case repetitive(compact):
		return &PolicyError{Reason: "repeated characters or a repeated sequence"}
	case walk(compact):
		return &PolicyError{Reason: "a keyboard or alphabet sequence"}
	case containsLogin(compact, login):
		return &PolicyError{Reason: "contains the login"}
	}
	return nil
}

// minCore is the shortest listed password that, padded with digits or
// symbols, is refused ("sunflower" + "2026!" but not "abc" + "…").
const minCore = 6

// paddedListed reports whether s with its leading and trailing digits and
// symbols dropped is a listed password of at least minCore characters.
func paddedListed(list PasswordList, s []byte) bool {
	core := bytes.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	return len(core) < len(s) && utf8.RuneCount(core) >= minCore && list.Contains(core)
}

// listed reports whether s is a line of list.
func listed(list string, s []byte) bool {
	for line := range strings.Lines(list) {
		if strings.TrimRight(line, "\r\n") == string(s) {
			return true
		}
	}
	return false
}

// deLeet undoes the usual letter-for-symbol swaps in runs that stand
// between two letters ("p@ssw0rd", "pa$$word" → "password"), leaving
// leading and trailing digits and symbols alone. It returns a new slice.
func deLeet(s []byte) []byte {
	swap := func(c rune) rune {
		if i := strings.IndexRune("013457@$!", c); i >= 0 {
			return rune("oieastasi"[i])
		}
		return 0
	}
	r := bytes.Runes(s)
	defer clear(r)
	for i := 1; i < len(r); i++ {
		if swap(r[i]) == 0 || !unicode.IsLetter(r[i-1]) {
			continue
		}
		j := i
		for j < len(r) && swap(r[j]) != 0 {
			j++
		}
		if j < len(r) && unicode.IsLetter(r[j]) {
			for k := i; k < j; k++ {
				r[k] = swap(r[k])
			}
		}
		i = j
	}
	n := 0
	for _, c := range r {
		n += utf8.RuneLen(c)
	}
	out := make([]byte, 0, n) // sized first: growing it would leave copies
	for _, c := range r {
		out = utf8.AppendRune(out, c)
	}
	return out
}

// commonWord reports whether the letters of s, digits and symbols dropped,
// are a base word or one repeated.
func commonWord(s []byte) bool {
	letters := bytes.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
	defer wipe(letters)
	if len(letters) == 0 {
		return false
	}
	for line := range strings.Lines(basewords) {
		w := strings.TrimRight(line, "\r\n")
		if w != "" && len(letters)%len(w) == 0 && isRepeat(letters, w) {
			return true
		}
	}
	return false
}

// isRepeat reports whether s is w repeated one or more times.
func isRepeat(s []byte, w string) bool {
	for len(s) > 0 {
		if !bytes.HasPrefix(s, []byte(w)) {
			return false
		}
		s = s[len(w):]
	}
	return true
}

// repetitive reports fewer than five distinct characters, or a string that
// is one shorter unit repeated ("abcdefabcdef").
func repetitive(s []byte) bool {
	r := bytes.Runes(s)
	defer clear(r)
	for p := 1; p <= len(r)/2; p++ {
		if len(r)%p == 0 && slices.Equal(r[p:], r[:len(r)-p]) {
			return true
		}
	}
	slices.Sort(r) // counted in place, not in a map that could not be wiped
	return len(slices.Compact(r)) < 5
}

// containsLogin reports whether the password contains the login, or the
// part of an e-mail login before '@', when that is at least 3 characters.
func containsLogin(s []byte, login string) bool {
	for _, part := range []string{login, strings.Split(login, "@")[0]} {
		part = strings.Join(strings.Fields(part), "")
		if utf8.RuneCountInString(part) >= 3 && bytes.Contains(s, []byte(part)) {
			return true
		}
	}
	return false
}
