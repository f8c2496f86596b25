package amazon

import (
	"errors"
	"strconv"
)

// Errors to branch on with errors.Is. Every error the client returns
// wraps one of them (or the context's error).
var (
	// ErrAuth means Login with Amazon refused the credentials: an
	// expired or revoked refresh token, or a wrong client id or secret.
	// The seller must authorise the application again.
	ErrAuth = errors.New("amazon: authorisation refused")
	// ErrReportFatal means Amazon could not make the report.
	ErrReportFatal = errors.New("amazon: report failed (FATAL)")
	// ErrReportCancelled means Amazon cancelled the report, which it also
	// does when there is no data for the period.
	ErrReportCancelled = errors.New("amazon: report cancelled (no data for the period?)")
	// ErrDownload means the report document could not be downloaded in
	// full: the URL was refused (it expires five minutes after it was
	// issued) or the connection was cut.
	ErrDownload = errors.New("amazon: report document download failed")
	// ErrThrottled means a call was still throttled (HTTP 429) after the
	// configured retries.
	ErrThrottled = errors.New("amazon: throttled")
	// ErrAPI means the Selling Partner API answered with an error other
	// than throttling.
	ErrAPI = errors.New("amazon: API error")
	// ErrTimeout means the report was still being prepared when
	// Config.MaxWait ran out.
	ErrTimeout = errors.New("amazon: report not ready in time")
)

// AuthError is the error for a refused token exchange. Code is LWA's
// OAuth error code ("invalid_grant", "invalid_client"); the response
// body is not kept, and no credential is ever part of the message.
type AuthError struct {
	Status int
	Code   string
}

func (e *AuthError) Error() string {
	s := "amazon: authorisation refused by Login with Amazon"
	if e.Status != 0 {
		s += " (HTTP " + strconv.Itoa(e.Status) + ")"
	}
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Code == "invalid_grant" {
		s += ": the refresh token has expired or was revoked; the seller must authorise the application again"
	}
	return s
}

// Unwrap returns ErrAuth.
func (e *AuthError) Unwrap() error { return ErrAuth }

// APIError is an error answer of the Selling Partner API: the operation,
// the HTTP status and the first error code of the body.
type APIError struct {
	Op     string // "createReport", "getReport", …
	Status int
	Code   string // e.g. "QuotaExceeded", "Unauthorized", "InvalidInput"
}

func (e *APIError) Error() string {
	s := "amazon: " + e.Op + ": HTTP " + strconv.Itoa(e.Status)
	if e.Code != "" {
		s += ": " + e.Code
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

// ReportError is the error for a report that ended FATAL or CANCELLED.
type ReportError struct {
	ReportID string
	Status   string // "FATAL" or "CANCELLED"
	// Early is set for a FATAL VAT transactions report requested before
	// the 3rd of the month, when Amazon is known to fail it: the previous
	// month's data is not complete until then.
	Early bool
}

func (e *ReportError) Error() string {
	s := "amazon: report " + e.ReportID + " ended " + e.Status
	switch {
	case e.Early:
		s += ": expected before the 3rd of the month, when Amazon has not finished the previous month's VAT transactions; request it again on or after the 3rd"
	case e.Status == "CANCELLED":
		s += ": Amazon cancels a report that has no data for the period"
	}
	return s
}

// Unwrap returns ErrReportFatal or ErrReportCancelled.
func (e *ReportError) Unwrap() error {
	if e.Status == "CANCELLED" {
		return ErrReportCancelled
	}
	return ErrReportFatal
}

// DownloadError is the error for a report document that could not be
// read in full.
type DownloadError struct {
	Status int   // the HTTP status when the URL was refused; 0 otherwise
	Err    error // the read error when the transfer broke off
}

func (e *DownloadError) Error() string {
	switch {
	case e.Status == 403:
		return "amazon: report document URL refused (HTTP 403): pre-signed URLs expire five minutes after getReportDocument; pull again"
	case e.Status != 0:
		return "amazon: report document download: HTTP " + strconv.Itoa(e.Status)
	case e.Err != nil:
		return "amazon: report document download cut off: " + e.Err.Error()
	}
	return ErrDownload.Error()
}

// Unwrap returns ErrDownload and the read error.
func (e *DownloadError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrDownload, e.Err}
	}
	return []error{ErrDownload}
}
