package main

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
)

// enrolled is the answer to every enrolment the policy accepts.
var enrolled = map[string]string{"message": "If no account used this login, it has been created: " +
	"log in with it now. If one did, nothing was changed."}

// enroll creates a seller account. It answers 201 with the same words,
// after the same work (one key derivation, see vault.Manager.Enroll),
// whether the login was free or taken: otherwise enrolment would tell
// anyone which logins have accounts, which login refuses to tell. The
// price is paid by a seller who enrols a login that is taken: the account
// is not theirs, nothing says so, and their next login fails as a wrong
// password does (or succeeds, if they had enrolled before with the same
// password). A weak password is refused (422) before any lookup, so that
// answer cannot depend on the login either.
func (s *server) enroll(w http.ResponseWriter, r *http.Request) {
	client := s.throttle.clientKey(clientOf(r.RemoteAddr))
	if tooSoon(w, s.throttle.clients.wait(client, s.throttle.now())) {
		return
	}
	c, ok := s.readCredentials(w, r)
	if !ok {
		return
	}
	defer c.Password.wipe()
	login := vault.NormalizeLogin(c.Login)
	var pe *vault.PolicyError
	// The vault is built with the default policy, so this is its check,
	// run first so that a refused password costs no attempt.
	if err := vault.CheckPassword(c.Password, login); errors.As(err, &pe) {
		fail(w, http.StatusUnprocessableEntity, passwordRefused(pe))
		return
	}
	done, ok := s.attempt(w, login, client, true)
	if !ok {
		return
	}
	defer done()
	tenant, err := s.enrolTenant(r.Context(), c.Login)
	if err == nil {
		setTenant(r, tenant)
		err = s.sessions.Enroll(r.Context(), tenant, c.Login, c.Password)
	}
	switch {
	case err == nil, errors.Is(err, vault.ErrExists):
		writeJSON(w, http.StatusCreated, enrolled)
	case errors.As(err, &pe):
		fail(w, http.StatusUnprocessableEntity, passwordRefused(pe))
	default:
		s.internal(w, r, "enroll", err)
	}
}

// login derives the key (waiting its turn behind other logins) and starts
// a session.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	client := s.throttle.clientKey(clientOf(r.RemoteAddr))
	if tooSoon(w, s.throttle.clients.wait(client, s.throttle.now())) {
		return
	}
	c, ok := s.readCredentials(w, r)
	if !ok {
		return
	}
	defer c.Password.wipe()
	login := vault.NormalizeLogin(c.Login)
	done, ok := s.attempt(w, login, client, false)
	if !ok {
		return
	}
	defer done()
	tenant, err := s.tenantOf(r.Context(), c.Login)
	if err != nil {
		s.internal(w, r, "login", err)
		return
	}
	setTenant(r, tenant)
	tok, err := s.sessions.Login(r.Context(), tenant, c.Login, c.Password)
	switch {
	case err == nil:
		s.throttle.logins.clear(s.throttle.loginKey(login))
		s.setCookies(w, tok.Value())
		writeJSON(w, http.StatusOK, map[string]bool{"logged_in": true})
	case errors.Is(err, vault.ErrWrongCredentials):
		s.throttle.clients.strike(client, s.throttle.now())
		fail(w, http.StatusUnauthorized, msgWrongCredentials)
	case errors.Is(err, vault.ErrBusy):
		fail(w, http.StatusConflict, msgAccountBusy)
	case r.Context().Err() != nil:
		fail(w, http.StatusServiceUnavailable, msgLoginStopped)
	default:
		s.internal(w, r, "login", err)
	}
}

// attempt admits one login or enrolment. It takes a place in the bounded
// queue of derivations, refusing with 503 when it is full; then it counts
// a strike against the login (cleared when a login succeeds) and, for an
// enrolment, against the client, refusing with 429 a key still waiting
// out its back-off. A refused attempt does no work, and one refused by the
// full queue is not counted: a client that waits as Retry-After says is
// not punished for the crowd. Call done when the attempt is over.
func (s *server) attempt(w http.ResponseWriter, login string, client throttleKey, enrol bool) (done func(), ok bool) {
	t := s.throttle
	release, ok := t.admit()
	if !ok {
		w.Header().Set("Retry-After", retryAfter(t.drain()))
		fail(w, http.StatusServiceUnavailable, msgLoginCrowd)
		return nil, false
	}
	now := t.now()
	if tooSoon(w, t.logins.attempt(t.loginKey(login), now)) || enrol && tooSoon(w, t.clients.attempt(client, now)) {
		release()
		return nil, false
	}
	return func() {
		release()
		t.took(t.now().Sub(now))
	}, true
}

// tooSoon answers 429 with Retry-After when wait is positive.
func tooSoon(w http.ResponseWriter, wait time.Duration) bool {
	if wait <= 0 {
		return false
	}
	w.Header().Set("Retry-After", retryAfter(wait))
	fail(w, http.StatusTooManyRequests, msgTooManyAttempts)
	return true
}

// retryAfter is d in whole seconds, rounded up, at least 1 (RFC 9110
// §10.2.3).
func retryAfter(d time.Duration) string {
	return strconv.FormatInt(max(1, int64((d+time.Second-1)/time.Second)), 10)
}

// logout ends the session and wipes its key.
func (s *server) logout(w http.ResponseWriter, r *http.Request, ses *vault.Session, token string) {
	s.jobs.cancel(ses.Tenant()) // reports under way stop with the session
	s.sessions.Logout(token)
	clearCookies(w)
	w.WriteHeader(http.StatusNoContent)
}

// erase deletes everything of the seller now (see vault.Vault.Erase): the
// records, reports not downloaded included, then the key material and the
// login lookup in the key store, after which nothing left anywhere can be
// opened and the tenant id leads back to no login.
func (s *server) erase(w http.ResponseWriter, r *http.Request, ses *vault.Session, token string) {
	s.jobs.cancel(ses.Tenant())
	if err := s.sessions.Erase(r.Context(), token); err != nil {
		s.internal(w, r, "erase", err)
		return
	}
	s.sessions.Logout(token)
	clearCookies(w)
	w.WriteHeader(http.StatusNoContent)
}

// internal answers 500 and logs the error, which vatkit's packages keep
// free of personal data. A database that stayed locked past its busy
// timeout (SQLite's single writer under many uploads at once) is 503 with
// Retry-After instead: repeating the request is safe, since an upload
// repeated stores only the rows not stored yet.
func (s *server) internal(w http.ResponseWriter, r *http.Request, op string, err error) {
	s.logError(r.Context(), op, err)
	if busy(err) {
		w.Header().Set("Retry-After", "1")
		fail(w, http.StatusServiceUnavailable, msgDatabaseBusy)
		return
	}
	fail(w, http.StatusInternalServerError, msgServerTrouble)
}

// busy reports whether err is worth repeating the request for: SQLITE_BUSY
// (primary result code 5), from modernc.org/sqlite's error type, without
// depending on the driver, or what sqlstore.Transient names — a conflict
// the store's own retries did not outlast, a cluster node not ready, a
// database server not reachable (a node being restarted).
func busy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == 5 || sqlstore.Transient(err)
}
