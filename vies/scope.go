package vies

import (
	"context"

	"github.com/vatkit/vatkit/vat"
)

// Scope is a view of a Client that keeps its answers to itself: a check
// made through it is served from, and shares a live call with, earlier
// and concurrent checks of the same Scope only. Everything else — the
// transport, the per-state and overall limits, the retries — is the
// Client's, shared by all its scopes.
//
// A platform checking numbers for several sellers gives each seller its
// own Scope. Each seller's evidence is then its own consultation of VIES,
// never an answer fetched for someone else, and how fast a check answers
// (from the cache, or riding on a call in flight) tells nothing of which
// numbers other sellers check. What remains shared is load: the limits
// per member state and overall are the Client's, so a seller can notice
// that VIES, or this Client, is busy, not with which numbers.
type Scope struct {
	c  *Client
	id string
}

// Scope returns the view of c for one scope, named by id (a seller's
// opaque tenant id, say: it becomes part of cache keys, so it must not be
// personal data). Scopes with the same id share answers; the empty id is
// the scope of [Client.Check] and [Client.CheckBatch]. A Scope is cheap:
// make one per request.
func (c *Client) Scope(id string) *Scope { return &Scope{c: c, id: id} }

// Check is [Client.Check] within the scope.
func (s *Scope) Check(ctx context.Context, n vat.Number) (Result, error) {
	return s.c.check(ctx, s.id, n)
}

// CheckBatch is [Client.CheckBatch] within the scope.
func (s *Scope) CheckBatch(ctx context.Context, numbers []vat.Number, opts ...BatchOption) []BatchResult {
	return s.c.batch(ctx, s.id, numbers, opts)
}

// cacheKey is a check's key in the Cache and among calls in flight: the
// number's canonical form, after the scope and a slash when there is a
// scope ("t4f2…/DE123456789"). A canonical number holds no slash, so the
// key's last slash always ends the scope.
func cacheKey(scope string, n vat.Number) string {
	if scope == "" {
		return n.String()
	}
	return scope + "/" + n.String()
}
