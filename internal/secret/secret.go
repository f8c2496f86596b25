// Package secret holds the type the API clients keep credentials in.
package secret

import (
	"fmt"
	"log/slog"
)

// Secret holds a credential: a client secret or a refresh token. It
// never prints: fmt, slog and encoding/json all see
// "[redacted]". Call Wipe when the client that uses it is done.
type Secret []byte

const redacted = "[redacted]"

// String returns "[redacted]".
func (Secret) String() string { return redacted }

// GoString returns "[redacted]", so that %#v does not print the bytes.
func (Secret) GoString() string { return redacted }

// Format prints "[redacted]" for every verb, %x and %d included.
func (Secret) Format(f fmt.State, _ rune) { f.Write([]byte(redacted)) }

// LogValue keeps the secret out of structured logs.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON writes "[redacted]": a config dumped as JSON holds no
// credential.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// Wipe overwrites the secret's bytes.
func (s Secret) Wipe() { clear(s) }
