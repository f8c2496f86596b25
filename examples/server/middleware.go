package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// Cookie names, fixed by the API.
const (
	sessionCookie = "vatkit_session"
	csrfCookie    = "vatkit_csrf"
	csrfHeader    = "X-CSRF-Token"
)

// reqInfo is what the request log learns while a request runs.
type reqInfo struct {
	status int
	tenant string
	route  string // the path of the route matched, "" for none
}

type infoKey struct{}

// statusWriter records the status for the log.
type statusWriter struct {
	http.ResponseWriter
	info *reqInfo
}

func (w *statusWriter) WriteHeader(code int) {
	if w.info.status == 0 {
		w.info.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.info.status == 0 {
		w.info.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logged logs one line per request: method, path, status, duration and the
// tenant id. Never the query, a header, a cookie or a body: they may hold
// personal data or secrets. Nor the path as sent, which the client chooses
// (a mistyped address may hold an e-mail address): the path logged is the
// route's, wildcards as such ("/api/reports/{id}"), and "" when no route
// matched (see routed).
func (s *server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := new(reqInfo)
		h.ServeHTTP(&statusWriter{w, info}, r.WithContext(context.WithValue(r.Context(), infoKey{}, info)))
		if info.status == 0 {
			info.status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", info.route),
			slog.Int("status", info.status), slog.Duration("duration", time.Since(start)),
			slog.String("tenant", info.tenant))
	})
}

// routed serves mux and notes the route the request matched for the log:
// ServeMux sets the request's Pattern ("GET /api/reports/{id}") as it
// routes it.
func routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if info, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
			info.route = r.Pattern
			if _, path, ok := strings.Cut(r.Pattern, " "); ok {
				info.route = path
			}
		}
	})
}

func setTenant(r *http.Request, tenant string) {
	if info, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
		info.tenant = tenant
	}
}

// maxHeaderBytes bounds a request's header (net/http adds 4 KiB of slack):
// the API's own headers are a few hundred bytes, two cookies included.
// A larger header is answered 431.
const maxHeaderBytes = 16 << 10

// bodyDeadline gives every request's body BodyTimeout to arrive, counted
// from the end of its header: a client that trickles a body, on enrol or
// login or anywhere else, holds its connection and a goroutine for that
// long at most, and its read fails (408). Only a logged-in seller's
// upload gets longer (slowBody). Deadlines are per request, through
// http.ResponseController, rather than the server's ReadTimeout, which
// would have to allow every request an upload's time.
func (s *server) bodyDeadline(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		readWithin(w, r, s.cfg.BodyTimeout)
		h.ServeHTTP(w, r)
	})
}

// slowBody gives a seller's upload UploadTimeout instead, once the session
// is known to be live.
func (s *server) slowBody(h sellerHandler) sellerHandler {
	return func(w http.ResponseWriter, r *http.Request, ses *vault.Session, token string) {
		readWithin(w, r, s.cfg.UploadTimeout)
		h(w, r, ses, token)
	}
}

// readWithin gives the request's body d to arrive: it sets the read
// deadline of the request's connection (HTTP/1) or stream (HTTP/2) and
// lifts it once the body is read to its end. A deadline left in place
// would cancel the request's context when it passes, whatever the handler
// is doing: net/http keeps reading behind a handler to notice a client
// that went away, and takes the deadline's expiry for that, so a handler
// waiting on its database past the deadline would fail as if the client
// had left. A request without a body gets no deadline (its header had
// ReadHeaderTimeout); a writer that cannot take deadlines (a test's
// recorder) is left as it is.
func readWithin(w http.ResponseWriter, r *http.Request, d time.Duration) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	rc := http.NewResponseController(w)
	if rc.SetReadDeadline(time.Now().Add(d)) != nil {
		return
	}
	r.Body = &deadlineBody{ReadCloser: r.Body, lift: func() { _ = rc.SetReadDeadline(time.Time{}) }}
}

// deadlineBody lifts the read deadline when its body reaches its end.
type deadlineBody struct {
	io.ReadCloser
	lift func()
	once sync.Once
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.once.Do(b.lift)
	}
	return n, err
}

// secureHeaders sets HSTS and the headers that keep the page from being
// framed, sniffed or fed scripts from elsewhere. The page has no inline
// script or style, so the policy allows only this origin.
func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "+
			"connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

// isOperator reports whether the request carries the operator token.
func (s *server) isOperator(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	sum := sha256.Sum256([]byte(tok))
	return hmac.Equal(sum[:], s.operator[:])
}

// public guards enrol and login: an operator token is refused there, as on
// every seller endpoint.
func (s *server) public(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.isOperator(r) {
			fail(w, http.StatusForbidden, "operator token not accepted on seller endpoints")
			return
		}
		h(w, r)
	}
}

// sellerHandler is a handler for a logged-in seller.
type sellerHandler func(w http.ResponseWriter, r *http.Request, ses *vault.Session, token string)

// seller admits a request with a live session cookie and, unless it is a
// GET, an X-CSRF-Token header equal to the session's CSRF value.
//
// [crossOrigin] already refuses what a browser marks as cross-origin, and
// the SameSite=Strict session cookie is not sent cross-site, so the token
// adds one thing: it is the check left for a browser that sends neither
// Sec-Fetch-Site nor Origin and predates SameSite (Firefox before 60,
// Safari before 12), and for requests whose Origin a privacy tool removed.
// It stays because it costs one HMAC per request and the API promises it.
func (s *server) seller(h sellerHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.isOperator(r) {
			fail(w, http.StatusForbidden, "operator token not accepted on seller endpoints")
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			fail(w, http.StatusUnauthorized, msgNotLoggedIn)
			return
		}
		ses, err := s.sessions.Session(c.Value)
		if err != nil {
			clearCookies(w)
			fail(w, http.StatusUnauthorized, msgSessionEnded)
			return
		}
		setTenant(r, ses.Tenant())
		if r.Method != http.MethodGet && !hmac.Equal([]byte(r.Header.Get(csrfHeader)), []byte(s.csrf(c.Value))) {
			fail(w, http.StatusForbidden, msgStalePage)
			return
		}
		h(w, r, ses, c.Value)
	}
}

// operatorOnly admits the operator token and nothing else: a seller's
// cookie gets 403, no credentials 401.
func (s *server) operatorOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch {
		case s.isOperator(r):
			h(w, r)
		case hasCookie(r, sessionCookie):
			fail(w, http.StatusForbidden, "operator endpoint")
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="vatkit operator"`)
			fail(w, http.StatusUnauthorized, "operator token required")
		}
	}
}

func hasCookie(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

// csrf is the CSRF value of a session: an HMAC of its token, so that a
// cookie planted by someone else cannot be paired with a header they chose.
func (s *server) csrf(token string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// setCookies starts a session in the browser: the token HttpOnly, the CSRF
// value readable by the page's script, both Secure and SameSite=Strict.
func (s *server) setCookies(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/",
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: s.csrf(token), Path: "/",
		Secure: true, SameSite: http.SameSiteStrictMode})
}

func clearCookies(w http.ResponseWriter) {
	for _, name := range []string{sessionCookie, csrfCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Path: "/", MaxAge: -1,
			HttpOnly: name == sessionCookie, Secure: true, SameSite: http.SameSiteStrictMode})
	}
}
