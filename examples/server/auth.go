package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"unicode/utf8"

	"github.com/vatkit/vatkit/vault"
)

// credentials is the body of enrol and login.
type credentials struct {
	Login    string   `json:"login"`
	Password password `json:"password"`
}

// password holds a typed password as bytes, so that it can be wiped, and
// prints as "[redacted]".
type password []byte

func (p password) String() string { return "[redacted]" }

// UnmarshalJSON copies a JSON string without making a Go string of it when
// it has no escapes (the usual case); escaped ones go through encoding/json.
func (p *password) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return errors.New("server: password must be a JSON string")
	}
	inner := b[1 : len(b)-1]
	plain := utf8.Valid(inner)
	for _, c := range inner {
		if c == '\\' || c == '"' || c < 0x20 {
			plain = false
		}
	}
	if plain {
		*p = append(password(nil), inner...)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*p = password(s)
	return nil
}

func (p password) wipe() { clear(p) }

// tenantID turns a login into the opaque id the vault and the audit log
// see: an HMAC under the server's tenant key, so that neither the database
// nor the log holds an e-mail address, and the id cannot be computed from
// a login without the key.
func (s *server) tenantID(login string) string {
	m := hmac.New(sha256.New, s.cfg.TenantKey)
	m.Write([]byte(vault.NormalizeLogin(login)))
	return "t" + hex.EncodeToString(m.Sum(nil)[:16])
}

func (s *server) readCredentials(w http.ResponseWriter, r *http.Request) (credentials, bool) {
	var c credentials
	if err := readJSON(w, r, &c); err != nil {
		failBody(w, err)
		return c, false
	}
	if c.Login == "" || len(c.Login) > 254 || len(c.Password) == 0 || len(c.Password) > 1024 {
		c.Password.wipe()
		fail(w, http.StatusBadRequest, "login and password are required (login up to 254 bytes, password up to 1024)")
		return c, false
	}
	return c, true
}

// enroll creates a seller account: 201, or 422 with the policy's reason.
func (s *server) enroll(w http.ResponseWriter, r *http.Request) {
	c, ok := s.readCredentials(w, r)
	if !ok {
		return
	}
	defer c.Password.wipe()
	tenant := s.tenantID(c.Login)
	setTenant(r, tenant)
	err := s.vault.Enroll(r.Context(), tenant, c.Login, c.Password)
	var pe *vault.PolicyError
	switch {
	case err == nil:
		writeJSON(w, http.StatusCreated, map[string]bool{"enrolled": true})
	case errors.As(err, &pe):
		fail(w, http.StatusUnprocessableEntity, "password refused: "+pe.Reason)
	case errors.Is(err, vault.ErrExists):
		fail(w, http.StatusConflict, "an account with this login exists")
	case errors.Is(err, vault.ErrEraseIncomplete):
		fail(w, http.StatusConflict, "this account is still being erased; try again")
	default:
		s.internal(w, r, "enroll", err)
	}
}

// login derives the key (waiting its turn behind other logins) and starts
// a session.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	c, ok := s.readCredentials(w, r)
	if !ok {
		return
	}
	defer c.Password.wipe()
	tenant := s.tenantID(c.Login)
	setTenant(r, tenant)
	tok, err := s.sessions.Login(r.Context(), tenant, c.Login, c.Password)
	switch {
	case err == nil:
		s.setCookies(w, tok.Value())
		writeJSON(w, http.StatusOK, map[string]bool{"logged_in": true})
	case errors.Is(err, vault.ErrWrongCredentials):
		fail(w, http.StatusUnauthorized, "wrong login or password")
	case errors.Is(err, vault.ErrBusy):
		fail(w, http.StatusConflict, "the account is busy (erase or password change); try again")
	case r.Context().Err() != nil:
		fail(w, http.StatusServiceUnavailable, "login cancelled")
	default:
		s.internal(w, r, "login", err)
	}
}

// logout ends the session and wipes its key.
func (s *server) logout(w http.ResponseWriter, r *http.Request, ses *vault.Session, token string) {
	s.sessions.Logout(token)
	clearCookies(w)
	w.WriteHeader(http.StatusNoContent)
}

// erase deletes everything of the seller now: the salt first (after which
// nothing can be opened), then the records, reports not downloaded
// included.
func (s *server) erase(w http.ResponseWriter, r *http.Request, ses *vault.Session, token string) {
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
	s.log.LogAttrs(r.Context(), slog.LevelError, "server: "+op+" failed", slog.String("error", err.Error()))
	if busy(err) {
		w.Header().Set("Retry-After", "1")
		fail(w, http.StatusServiceUnavailable, "the database is busy; try again")
		return
	}
	fail(w, http.StatusInternalServerError, op+" failed")
}

// busy reports whether err is SQLITE_BUSY (primary result code 5), from
// modernc.org/sqlite's error type, without depending on the driver.
func busy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == 5
}
