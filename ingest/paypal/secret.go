package paypal

import "github.com/vatkit/vatkit/internal/secret"

// Secret holds a credential: the REST app's client secret. It never
// prints: fmt, slog and encoding/json all see "[redacted]". Call Wipe when the client that uses it is done.
type Secret = secret.Secret
