package main

import "net/http"

// crossOrigin refuses, with 403, every request that is not GET, HEAD or
// OPTIONS and that a browser says comes from another origin: its
// Sec-Fetch-Site header is not "same-origin" or "none", or, without that
// header, its Origin is not this host (net/http.CrossOriginProtection).
// This covers every route, enrolment and login included, so another site
// can neither act in a logged-in seller's name nor log a browser into an
// account of its choosing. Requests with neither header are not from a
// browser page and go on: they carry no ambient credential a forger could
// borrow, except in a browser too old to send either header, which the
// X-CSRF-Token check of [server.seller] still covers.
func crossOrigin(h http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fail(w, http.StatusForbidden, msgCrossOrigin)
	}))
	return p.Handler(h)
}
