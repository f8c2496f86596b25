// Package secret holds what the API clients' Secret types (amazon.Secret,
// paypal.Secret) share: how they print, and why they refuse to be encoded.
// Each client declares its own type, so that its methods are documented
// where a host uses them.
package secret

import (
	"errors"
	"fmt"
)

// Redacted is all a Secret ever prints.
const Redacted = "[redacted]"

// Format writes Redacted, whatever the verb.
func Format(f fmt.State) { f.Write([]byte(Redacted)) }

// ErrEncode is why a Secret refuses every encoder: writing "[redacted]"
// would make a config saved as JSON (or XML, YAML, gob) lose its
// credential without a word, and writing the bytes would leak it.
var ErrEncode = errors.New("a Secret is never encoded (a saved config would lose or leak the credential): " +
	"store the credential in a secret store and set it when building the Config")

// EncodeError returns ErrEncode prefixed with the client's package name.
func EncodeError(pkg string) error { return fmt.Errorf("%s: %w", pkg, ErrEncode) }

// Decode returns a copy of text: a decoder may reuse the buffer it passes.
func Decode(text []byte) []byte { return append([]byte(nil), text...) }
