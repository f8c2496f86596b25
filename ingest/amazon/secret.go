package amazon

import (
	"fmt"
	"log/slog"

	"github.com/vatkit/vatkit/internal/secret"
)

// Secret holds a credential: the LWA client secret or a seller's refresh
// token. It never prints: fmt (every verb) and slog see "[redacted]".
//
// It is never encoded either: encoding/json, encoding/xml, encoding/gob and
// every encoder that uses MarshalText return an error, because writing
// "[redacted]" would make a config saved that way silently lose its
// credential, and writing the bytes would leak it. Keep credentials in a
// secret store and set them when building the [Config]. A Secret does
// decode from a JSON or text string, so a host may load one from its own
// config file. Call Wipe when the client that uses it is done.
type Secret []byte

// ErrSecretNotEncodable is what every encoder of a [Secret] returns,
// wrapped. It is the same error for every client's Secret.
var ErrSecretNotEncodable = secret.ErrEncode

// String returns "[redacted]".
func (Secret) String() string { return secret.Redacted }

// GoString returns "[redacted]", so that %#v does not print the bytes.
func (Secret) GoString() string { return secret.Redacted }

// Format prints "[redacted]" for every verb, %x and %d included.
func (Secret) Format(f fmt.State, _ rune) { secret.Format(f) }

// LogValue keeps the secret out of structured logs.
func (Secret) LogValue() slog.Value { return slog.StringValue(secret.Redacted) }

// MarshalJSON refuses: see [Secret].
func (Secret) MarshalJSON() ([]byte, error) { return nil, secret.EncodeError("amazon") }

// MarshalText refuses: see [Secret].
func (Secret) MarshalText() ([]byte, error) { return nil, secret.EncodeError("amazon") }

// GobEncode refuses: see [Secret].
func (Secret) GobEncode() ([]byte, error) { return nil, secret.EncodeError("amazon") }

// UnmarshalText sets the secret to a copy of text: a JSON string or a
// config file's value.
func (s *Secret) UnmarshalText(text []byte) error {
	*s = secret.Decode(text)
	return nil
}

// Wipe overwrites the secret's bytes.
func (s Secret) Wipe() { clear(s) }
