package amazon

import "github.com/vatkit/vatkit/internal/secret"

// Secret holds a credential: the LWA client secret or a seller's refresh
// token. It never prints: fmt, slog and encoding/json all see
// "[redacted]". Call Wipe when the client that uses it is done.
type Secret = secret.Secret
