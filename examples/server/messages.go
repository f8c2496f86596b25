package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vies"
)

// What the page shows is written for a seller: each message below is a
// sentence that says what happened and what to do, with no package
// prefix, no address and nothing of the server's internals. The error
// behind it, when it is the server's own, goes to the log (which never
// holds a cell, a number checked or a login: the errors of ingest, vies
// and vault carry none).

// Messages of the session, shared by every seller endpoint.
const (
	msgNotLoggedIn   = "You are not logged in: log in first."
	msgSessionEnded  = "Your session has ended: log in again."
	msgStalePage     = "This page is out of date: reload it and try again."
	msgDatabaseBusy  = "The server is busy right now: try again in a moment."
	msgServerTrouble = "Something went wrong on the server; nothing was changed. Try again later."
)

// Messages of a request the server cannot read; the page sends none of
// these, but a page out of date or another client might.
const (
	msgBadRequest      = "The request could not be read: reload the page and try again."
	msgNotJSON         = "The request must be sent as JSON (Content-Type: application/json): reload the page and try again."
	msgRequestTooLarge = "The request is too large."
	msgRequestSlow     = "The request arrived too slowly: check your connection and try again."
	msgBadFormat       = "Choose a format: JSON, CSV, BZSt or Excel (XLSX)."
)

// Messages of enrolment and login.
const (
	msgWrongCredentials   = "The login or the password is wrong."
	msgAccountBusy        = "Your account is busy with an erase or a password change: try again in a moment."
	msgLoginStopped       = "The login stopped before it finished: try again."
	msgLoginCrowd         = "Too many sellers are logging in right now: try again in a moment."
	msgTooManyAttempts    = "Too many attempts: wait a moment before you try again."
	msgCredentialsMissing = "Give your login and your password (a login of up to 254 bytes, a password of up to 1024)."
	msgCrossOrigin        = "This request came from another site and was refused."
)

// passwordRefused says why the password policy refused a password; the
// reason names the rule, never the password.
func passwordRefused(pe *vault.PolicyError) string {
	return "This password cannot be used (" + pe.Reason + "): choose a longer one that is not a common password or a pattern."
}

// Messages of an upload. Nothing of a failed upload is kept, and each
// says so, so that the seller knows to upload the whole file again.
const (
	msgNoFile          = "Choose a file to upload."
	msgUnknownFormat   = "vatkit cannot read this file: upload an Amazon VAT Transactions Report, a PayPal activity download or the vatkit template, as CSV or XLSX. Nothing was stored."
	msgNoHeader        = "The file is empty: it has no header line. Nothing was stored."
	msgNoData          = "The file has a header but no rows. Nothing was stored."
	msgBadXLSX         = "The workbook cannot be read: open it in your spreadsheet program, save it again as .xlsx or CSV and upload that. Nothing was stored."
	msgXLSXTooLarge    = "The workbook is too large once unpacked: save it as CSV and upload that, or split it. Nothing was stored."
	msgUploadCut       = "The upload was cut off on its way to the server. Nothing was stored: upload the file again."
	msgUploadCancelled = "The upload stopped before it finished. Nothing was stored: upload the file again."
	msgUploadFailed    = "The server could not store the upload. Nothing was stored: try again later."
	msgNoSuchUpload    = "This upload is not there any more: it may have been undone already."
	msgUploadNotMulti  = "The file must be sent as a form upload (multipart/form-data)."
)

// uploadMessage returns the status and the sentence for an upload error,
// and whether the error is the server's own (to be logged).
func uploadMessage(err error, maxUpload int64) (status int, msg string, internal bool) {
	var tooBig *http.MaxBytesError
	var fe *ingest.FormatError
	var le *ingest.LanguageError
	var be *bodyError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, "The file is larger than the " + mebibytes(maxUpload) +
			" this server takes: split it into smaller files (for example one per quarter). Nothing was stored.", false
	case errors.Is(err, errNoFile):
		return http.StatusBadRequest, msgNoFile, false
	case errors.As(err, &le):
		return http.StatusUnprocessableEntity, "This PayPal download is in " + le.Language +
			", which vatkit cannot read: download the activity report in English or German. Nothing was stored.", false
	case errors.Is(err, ingest.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, msgXLSXTooLarge, false
	case errors.As(err, &fe):
		return http.StatusUnprocessableEntity, formatMessage(fe), false
	case errors.Is(err, ingest.ErrNoData):
		return http.StatusUnprocessableEntity, msgNoData, false
	case errors.Is(err, vault.ErrSessionClosed):
		return http.StatusUnauthorized, msgSessionEnded + " Nothing of this upload was stored.", false
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, msgUploadCancelled, false
	case errors.As(err, &be):
		return http.StatusBadRequest, msgUploadCut, false
	case busy(err):
		return http.StatusServiceUnavailable, msgDatabaseBusy + " Nothing of this upload was stored.", true
	}
	return http.StatusInternalServerError, msgUploadFailed, true
}

// formatMessage says why a file as a whole cannot be read. The reasons
// ingest gives name only its own columns and limits, never a cell.
func formatMessage(fe *ingest.FormatError) string {
	switch {
	case errors.Is(fe, ingest.ErrNoHeader):
		return msgNoHeader
	case errors.Is(fe, ingest.ErrUnsupported) && strings.Contains(fe.Reason, "VAT Calculation"):
		return "This is Amazon's VAT Calculation Report, which vatkit does not read: upload the VAT Transactions Report for the same months. Nothing was stored."
	case errors.Is(fe, ingest.ErrUnsupported) && strings.Contains(fe.Reason, ".xls"):
		return "This is an old .xls workbook: save it as .xlsx or CSV and upload that. Nothing was stored."
	case strings.Contains(fe.Reason, "XLSX"), strings.Contains(fe.Reason, "worksheet"):
		return msgBadXLSX
	case fe.Format == ingest.AmazonVTR && strings.HasPrefix(fe.Reason, "missing columns "):
		return "This looks like an Amazon VAT Transactions Report, but columns are missing (" +
			strings.TrimPrefix(fe.Reason, "missing columns ") + "): download the full report again. Nothing was stored."
	}
	return msgUnknownFormat
}

// mebibytes writes n bytes as "64 MiB".
func mebibytes(n int64) string {
	return strconv.FormatInt(n>>20, 10) + " MiB"
}

// The statuses of a VAT number in POST /api/vies/check.
const (
	statusValid       = "valid"
	statusInvalid     = "invalid"
	statusUnavailable = "unavailable"
	statusNotVIES     = "not_vies"
)

// numberProblem is the status and the sentence for a number that
// vat.ParseNumber refused before VIES was asked.
func numberProblem(err error) (status, reason string) {
	var ne *vat.NumberError
	if !errors.As(err, &ne) || ne.Country == "" || errors.Is(err, vat.ErrUnknownCountry) {
		return statusInvalid, "This does not start with the code of a country that has VAT numbers (such as DE or FR)."
	}
	s := "This cannot be a VAT number of " + ne.Country.Name()
	if ne.Reason != "" {
		s += ": " + ne.Reason
	}
	return statusInvalid, s + "."
}

// checksumWarning is the advisory sentence for check digits that do not
// match the country's rule: VIES decides.
func checksumWarning(err error) string {
	var ne *vat.NumberError
	where := "its country"
	if errors.As(err, &ne) && ne.Country != "" {
		where = ne.Country.Name()
	}
	return "The check digits do not match the rule of " + where + ": check the number for a typing error. VIES has the last word."
}

// viesProblem is the status and the sentence for a number VIES did not
// answer for.
func viesProblem(err error) (status, reason string) {
	var ve *vies.Error
	where := "the tax office of that country"
	if errors.As(err, &ve) && ve.Country != "" {
		where = "the tax office of " + ve.Country.Name()
	}
	switch {
	case errors.Is(err, vies.ErrNotInVIES):
		return statusNotVIES, "UK (GB) numbers are not in VIES: check them with HMRC's VAT number service. Numbers for goods from Northern Ireland start with XI and are in VIES."
	case errors.Is(err, vies.ErrInvalidInput):
		return statusInvalid, "VIES refused this number as not a VAT number."
	case errors.Is(err, vies.ErrBlocked):
		return statusUnavailable, "VIES refuses to check this number: ask " + where + "."
	}
	return statusUnavailable, "VIES could not be asked now: this number could not be checked. Try again later."
}

// Messages of a report.
const (
	msgOtherMSID      = "Your seller facts identify you for the One-Stop-Shop in another member state: choose that member state and build the return again."
	msgBeforeScheme   = "The One-Stop-Shop began on 1 July 2021: there is no OSS return for an earlier quarter."
	msgNoFX           = "Some amounts are not in euros and this server has no exchange rates: ask its operator to start it with exchange rates (-fx)."
	msgBZStTooLarge   = "The return has more lines than one BZSt file may hold: download it as CSV or JSON instead."
	msgReportStopped  = "Building the return stopped before it finished: build it again."
	msgReportFailed   = "The server could not build the return: try again later."
	msgReportBusy     = "The server is busy right now: build the return again in a moment."
	msgReportGone     = "This return was downloaded already or has expired: build it again."
	msgTooManyReports = "Four returns are being built or waiting to be downloaded: download them first."
	msgBadPeriod      = "Give the quarter as year and quarter, such as 2026-Q3."
	msgBadHome        = "Give the member state where you are registered for the One-Stop-Shop as its two-letter code, such as DE."
)

// sellerFactLabels name the seller facts as the page's form does.
var sellerFactLabels = map[string]string{
	"established":          "Country where your business is established",
	"identified_in":        "Member state of identification",
	"oss_from":             "Start of your OSS registration",
	"previous_year_eur":    "Last year's cross-border sales",
	"vat_numbers":          "Your VAT numbers",
	"warehouses":           "Countries with your stock",
	"fixed_establishments": "Fixed establishments",
	"ioss_number":          "IOSS number",
	"non_union_number":     "Non-Union scheme number",
	"opted_in":             "Option to tax every sale where it ends",
}

// sellerFactsMessage turns vat's message for facts that are not valid
// ("vat: seller facts: oss_from: want a date such as 2021-07-01", which
// never repeats a value) into a sentence naming the form's field.
func sellerFactsMessage(err error) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(err.Error(), vat.ErrSeller.Error()), ": ")
	field, why, found := strings.Cut(rest, ": ")
	label, known := sellerFactLabels[field]
	if !found || !known {
		return "Your seller facts were not saved: " + strings.TrimSuffix(rest, ".") + "."
	}
	return "Your seller facts were not saved: “" + label + "”: " + strings.TrimSuffix(why, ".") + "."
}

// storeFailed answers an error of the store under a seller's request: a
// session ended meanwhile (logout, erase, a password change) is the
// seller's to know; anything else is the server's (see internal).
func (s *server) storeFailed(w http.ResponseWriter, r *http.Request, op string, err error) {
	if errors.Is(err, vault.ErrSessionClosed) {
		fail(w, http.StatusUnauthorized, msgSessionEnded)
		return
	}
	s.internal(w, r, op, err)
}

// logError logs an error of the server's own under op. Errors of vatkit's
// packages never hold a cell, a VAT number or a login.
func (s *server) logError(ctx context.Context, op string, err error) {
	s.log.LogAttrs(ctx, slog.LevelError, "server: "+op+" failed", slog.String("error", err.Error()))
}
