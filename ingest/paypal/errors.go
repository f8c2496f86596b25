package paypal

import (
	"errors"
	"strconv"
	"time"
)

// Errors to branch on with errors.Is. Every error of a pull wraps one of
// them (or the context's error) inside a [*WindowError].
var (
	// ErrAuth means PayPal refused the client id and secret, or the app
	// lacks the Transaction Search permission (which can take up to nine
	// hours to apply after it is ticked in the app's settings).
	ErrAuth = errors.New("paypal: authorisation refused")
	// ErrThrottled means PayPal still answered 429 after the retries.
	ErrThrottled = errors.New("paypal: throttled")
	// ErrAPI means PayPal answered with another error.
	ErrAPI = errors.New("paypal: API error")
	// ErrMalformed means a page of results could not be decoded.
	ErrMalformed = errors.New("paypal: malformed answer")
	// ErrTooMany means a window of one second still held more results
	// than PayPal returns for one search, so it cannot be split further.
	ErrTooMany = errors.New("paypal: too many transactions in one second")
)

// AuthError is the error for a refused token request or a search PayPal
// refused as not authorised. Code is PayPal's error code
// ("invalid_client", "NOT_AUTHORIZED"); no credential or response body is
// kept.
type AuthError struct {
	Status int
	Code   string
}

func (e *AuthError) Error() string {
	s := "paypal: authorisation refused (HTTP " + strconv.Itoa(e.Status) + ")"
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Code == "NOT_AUTHORIZED" {
		s += ": tick Transaction Search in the REST app's settings (it may take up to nine hours to apply)"
	}
	return s
}

// Unwrap returns ErrAuth.
func (e *AuthError) Unwrap() error { return ErrAuth }

// APIError is an error answer of the Transaction Search API: the HTTP
// status and PayPal's error name ("INVALID_REQUEST").
type APIError struct {
	Status int
	Name   string
}

func (e *APIError) Error() string {
	s := "paypal: transaction search: HTTP " + strconv.Itoa(e.Status)
	if e.Name != "" {
		s += ": " + e.Name
	}
	return s
}

// Unwrap returns ErrThrottled for a 429 and ErrAPI otherwise.
func (e *APIError) Unwrap() error {
	if e.Status == 429 {
		return ErrThrottled
	}
	return ErrAPI
}

// MalformedError is the error for a page that is not a search response.
type MalformedError struct {
	Page   int
	Reason string // what was wrong, never the page's contents
}

func (e *MalformedError) Error() string {
	return "paypal: malformed answer: page " + strconv.Itoa(e.Page) + ": " + e.Reason
}

// Unwrap returns ErrMalformed.
func (e *MalformedError) Unwrap() error { return ErrMalformed }

// WindowError is the error that ends a pull: the window whose
// transactions could not be read in full, and why. Every window before
// Start was delivered complete; pull again from Start.
type WindowError struct {
	Start, End time.Time
	Err        error
}

func (e *WindowError) Error() string {
	return "paypal: window " + e.Start.UTC().Format(time.RFC3339) + " to " + e.End.UTC().Format(time.RFC3339) + ": " + trim(e.Err.Error())
}

// Unwrap returns the cause.
func (e *WindowError) Unwrap() error { return e.Err }

func trim(s string) string {
	const p = "paypal: "
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
