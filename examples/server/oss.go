package main

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// writeReturn writes ret in format.
func writeReturn(w io.Writer, ret *report.OSSReturn, format string) error {
	switch format {
	case "csv":
		return report.WriteCSV(w, ret)
	case "bzst":
		return report.WriteBZSt(w, ret)
	case "xlsx":
		return report.WriteXLSX(w, ret)
	}
	return report.WriteJSON(w, ret)
}

// assumedSeller is the seller a report assumes before the seller saved its
// facts (PUT /api/seller): established and identified for OSS in home,
// with a warehouse in every other member state its goods left from (the
// build infers them: report.OSS.InferWarehouses), which makes the €10,000
// threshold unavailable (Art 59c(1)(b)). What it does not know and the
// return depends on, last year's total above all, the return lists for
// review.
func assumedSeller(home vat.Country) vat.Seller {
	return vat.Seller{Established: home, OSS: vat.OSSRegistration{MemberState: home}}
}

// reportFailed maps a build error to the status and message to answer:
// the seller can fix a missing exchange rate or a corrupt upload, not a
// failing store, whose error goes to the log.
func (s *server) reportFailed(ctx context.Context, err error) (int, string) {
	switch {
	case errors.Is(err, errOtherMSID):
		return http.StatusUnprocessableEntity, msgOtherMSID
	case errors.Is(err, report.ErrNoIOSS):
		return http.StatusUnprocessableEntity, msgNoIOSS
	case errors.Is(err, report.ErrEstablished):
		return http.StatusUnprocessableEntity, msgEstablished
	case errors.Is(err, report.ErrBeforeScheme):
		return http.StatusUnprocessableEntity, msgBeforeScheme
	case errors.Is(err, report.ErrNoFX):
		return http.StatusUnprocessableEntity, msgNoFX
	case errors.Is(err, report.ErrBZStTooLarge):
		return http.StatusUnprocessableEntity, msgBZStTooLarge
	case errors.Is(err, vault.ErrSessionClosed):
		return http.StatusUnauthorized, msgSessionEnded
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusGone, msgReportStopped
	}
	s.logError(ctx, "report", err)
	if busy(err) {
		return http.StatusServiceUnavailable, msgReportBusy
	}
	return http.StatusInternalServerError, msgReportFailed
}
