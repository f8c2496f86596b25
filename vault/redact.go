package vault

import (
	"fmt"
	"log/slog"
)

// redactedText is what every secret-holding type prints.
const redactedText = "[redacted]"

// redacted is embedded in every type that holds a secret, so that fmt (all
// verbs, including %#v and %+v), and log/slog print "[redacted]" instead of
// the value.
type redacted struct{}

// String returns "[redacted]".
func (redacted) String() string { return redactedText }

// GoString returns "[redacted]".
func (redacted) GoString() string { return redactedText }

// Format prints "[redacted]" for every verb.
func (redacted) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redactedText)) }

// LogValue returns "[redacted]".
func (redacted) LogValue() slog.Value { return slog.StringValue(redactedText) }

// wipe overwrites b with zeros.
func wipe(b []byte) { clear(b) }
