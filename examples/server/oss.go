package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// writeOSS builds the OSS return of period with b from every transaction
// the seller uploaded up to the period's end (earlier quarters count
// towards the €10,000 threshold and link refunds to their sales), reading
// them month by month, writes it in format and returns its line count.
// read counts the records read so far.
func writeOSS(ctx context.Context, w io.Writer, ses *vault.Session, b *report.OSS, period vat.Period, format string, read *atomic.Int64) (int, error) {
	h := report.History{Vault: ses, Progress: func(n int) { read.Store(int64(n)) }}
	ret, err := b.BuildFrom(ctx, period, &h)
	if err != nil {
		return 0, err
	}
	switch format {
	case "csv":
		err = report.WriteCSV(w, ret)
	case "bzst":
		err = report.WriteBZSt(w, ret)
	case "xlsx":
		err = report.WriteXLSX(w, ret)
	default:
		err = report.WriteJSON(w, ret)
	}
	return len(ret.Lines), err
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
