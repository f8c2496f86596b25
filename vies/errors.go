package vies

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vatkit/vatkit/vat"
)

// Sentinels to branch on with errors.Is. Every error that Check returns
// matches exactly one of them; none of them means "the number is invalid",
// which is only ever reported as Result.Valid == false.
var (
	// ErrUnavailable means VIES could not answer now: the service or the
	// member state's system is down or slow (SERVICE_UNAVAILABLE,
	// MS_UNAVAILABLE, TIMEOUT, SERVER_BUSY), the network failed, the
	// caller's deadline passed, or VIES sent a fault code this package does
	// not know. The number's status is unknown; ask again later.
	ErrUnavailable = errors.New("vies: unavailable")
	// ErrRateLimited means VIES refused the call because too many requests
	// were running (the *_MAX_CONCURRENT_REQ family). Unknown, retry later
	// with less concurrency.
	ErrRateLimited = errors.New("vies: too many concurrent requests")
	// ErrBlocked means VIES refuses to answer for this number or from this
	// IP address (VAT_BLOCKED, IP_BLOCKED). Unknown; retrying soon does not
	// help.
	ErrBlocked = errors.New("vies: blocked")
	// ErrInvalidInput means VIES rejected the request itself (INVALID_INPUT),
	// or the number was refused before any call: the zero Number, or a
	// country VIES does not serve (see ErrNotInVIES).
	ErrInvalidInput = errors.New("vies: invalid input")
	// ErrNotInVIES means the number's country is not served by VIES on the
	// day of the check: GB since 2021 (use XI for Northern Ireland's goods
	// trade). It matches ErrInvalidInput too.
	ErrNotInVIES = fmt.Errorf("%w: country not in VIES", ErrInvalidInput)
	// ErrInvalidRequester means VIES rejected the configured requester
	// number (INVALID_REQUESTER_INFO): a configuration error of the caller.
	ErrInvalidRequester = errors.New("vies: invalid requester number")
	// ErrProtocol means the answer could not be understood: malformed or
	// oversized XML or JSON, an unexpected element, a missing or unreadable
	// date. The number's status is unknown.
	ErrProtocol = errors.New("vies: malformed response")
)

// Error is the error type behind every failed check. It carries the member
// state, the raw fault code when VIES sent one, and the underlying cause
// (a network error, context.DeadlineExceeded, an XML error…). It never
// carries the number checked or the trader's data.
type Error struct {
	Country    vat.Country // member state of the number checked
	Code       string      // VIES fault code as sent ("MS_UNAVAILABLE"), or ""
	HTTPStatus int         // HTTP status of the answer, 0 if none arrived
	Kind       error       // one of the package's sentinels
	Err        error       // underlying cause, or nil
}

// Error reads "vies: <kind>: member state DE: <code>: <cause>", leaving out
// what is empty; it never names the number checked.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.Country != "" {
		b.WriteString(": member state ")
		b.WriteString(string(e.Country))
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel and the cause, so that both
// errors.Is(err, vies.ErrUnavailable) and errors.Is(err,
// context.DeadlineExceeded) hold.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Temporary reports whether asking again later may give an answer: true for
// outages and rate limits, false for input, requester, blocking and protocol
// errors.
func (e *Error) Temporary() bool {
	return e.Kind == ErrUnavailable || e.Kind == ErrRateLimited
}

// notInVIES is the error for a country VIES does not serve.
func notInVIES(c vat.Country) *Error {
	return &Error{Country: c, Kind: ErrNotInVIES}
}

// retryable reports whether the client should retry within the same call.
// Unknown fault codes are ErrUnavailable but not retried: nothing says that
// asking again helps.
func (e *Error) retryable() bool {
	if !e.Temporary() {
		return false
	}
	_, known := faultKinds[e.Code]
	return e.Code == "" || known
}

// faultKinds maps each VIES fault code to its sentinel. Codes and meanings:
// the WSDLs' documentation blocks (checkVatService.wsdl, 2024 and 2018
// copies) and the test-service table; the undocumented *_TIME, VAT_BLOCKED
// and IP_BLOCKED codes from checkVatTestService.wsdl and valvat's
// lib/valvat/lookup/vies.rb classification.
var faultKinds = map[string]error{
	"INVALID_INPUT":                  ErrInvalidInput,
	"INVALID_REQUESTER_INFO":         ErrInvalidRequester,
	"SERVICE_UNAVAILABLE":            ErrUnavailable,
	"MS_UNAVAILABLE":                 ErrUnavailable,
	"TIMEOUT":                        ErrUnavailable,
	"SERVER_BUSY":                    ErrUnavailable,
	"GLOBAL_MAX_CONCURRENT_REQ":      ErrRateLimited,
	"GLOBAL_MAX_CONCURRENT_REQ_TIME": ErrRateLimited,
	"MS_MAX_CONCURRENT_REQ":          ErrRateLimited,
	"MS_MAX_CONCURRENT_REQ_TIME":     ErrRateLimited,
	"VAT_BLOCKED":                    ErrBlocked,
	"IP_BLOCKED":                     ErrBlocked,
	// REST-only codes: VOW-ERR-1 malformed request, VOW-ERR-11 empty number
	// (znojil/vies README; Matav5/vies-sdk integration tests).
	"VOW-ERR-1":  ErrInvalidInput,
	"VOW-ERR-11": ErrInvalidInput,
}

// faultError builds the error for a fault code. PHP-style renderings such as
// "{ MS_UNAVAILABLE }" or "[soap:Server] MS_UNAVAILABLE" are reduced to the
// bare code first (DragonBe/vies#15); codes that remain unknown are kept,
// truncated, and classed as ErrUnavailable because unknown is not invalid.
func faultError(c vat.Country, code string, status int) *Error {
	code = normalizeCode(code)
	kind, ok := faultKinds[code]
	if !ok {
		kind = ErrUnavailable
	}
	return &Error{Country: c, Code: code, HTTPStatus: status, Kind: kind}
}

// maxCodeLen bounds what an unknown fault string may add to an error
// message: a hostile server must not fill logs through it.
const maxCodeLen = 40

func normalizeCode(s string) string {
	if known := longestKnownIn(s); known != "" {
		return known
	}
	clean := make([]byte, 0, min(len(s), maxCodeLen))
	for i := 0; i < len(s) && len(clean) < maxCodeLen; i++ {
		if b := s[i]; b == '_' || b == '-' || '0' <= b && b <= '9' || 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' {
			clean = append(clean, b)
		}
	}
	return string(clean)
}

// longestKnownIn returns the longest known code inside s, so that
// "MS_MAX_CONCURRENT_REQ_TIME" is not mistaken for "MS_MAX_CONCURRENT_REQ".
func longestKnownIn(s string) string {
	best := ""
	for code := range faultKinds {
		if len(code) > len(best) && strings.Contains(s, code) {
			best = code
		}
	}
	return best
}

// inputError is the error for numbers refused before any call.
func inputError(c vat.Country, cause error) *Error {
	return &Error{Country: c, Kind: ErrInvalidInput, Err: cause}
}

// unavailable wraps a transport failure (network, timeout, HTTP status
// without a fault) as an unknown answer.
func unavailable(c vat.Country, status int, cause error) *Error {
	return &Error{Country: c, HTTPStatus: status, Kind: ErrUnavailable, Err: cause}
}

// protocolError reports an answer that could not be understood. The reason
// is a fixed text of this package, never the decoder's message: decoder
// errors may quote the hostile bytes they choked on.
func protocolError(c vat.Country, status int, reason string) *Error {
	return &Error{Country: c, HTTPStatus: status, Kind: ErrProtocol, Err: errors.New(reason)}
}
