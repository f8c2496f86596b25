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

// writeOSS builds the OSS return of period from every transaction the
// seller uploaded (earlier quarters count towards the €10,000 threshold and
// link refunds to their sales), writes it in format and returns its line
// count. Decrypted transactions live in memory only for the call.
func (s *server) writeOSS(ctx context.Context, w io.Writer, ses *vault.Session, period vat.Period, home vat.Country, format string) (int, error) {
	data, err := report.Load(ctx, ses)
	if err != nil {
		return 0, err
	}
	defer clear(data.Txs)
	seller, err := sellerForReport(ctx, ses, home, data.Txs)
	if err != nil {
		return 0, err
	}
	b := report.OSS{Seller: seller, FX: s.cfg.FX}
	ret, err := b.Build(ctx, period, data.Txs, data.Reviews)
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
// with a warehouse in every other member state its goods left from (which
// makes the €10,000 threshold unavailable, Art 59c(1)(b)). What it does not
// know and the return depends on, last year's total above all, the return
// lists for review.
func assumedSeller(home vat.Country, txs []vat.Transaction) vat.Seller {
	return vat.Seller{Established: home, OSS: vat.OSSRegistration{MemberState: home},
		Warehouses: vat.DispatchCountries(txs, home)}
}

// reportFailed maps a build error to its status: the seller can fix a
// missing exchange rate or a corrupt upload, not a failing store.
func (s *server) reportFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errOtherMSID):
		fail(w, http.StatusUnprocessableEntity, "your seller facts identify you for the One-Stop-Shop in another member state: ask for the report with that home")
	case errors.Is(err, report.ErrBeforeScheme):
		fail(w, http.StatusUnprocessableEntity, "the One-Stop-Shop began on 1 July 2021: there is no OSS return for an earlier quarter")
	case errors.Is(err, report.ErrNoFX):
		fail(w, http.StatusUnprocessableEntity, "some amounts are not in EUR and this server has no exchange rates (start it with -fx)")
	case errors.Is(err, report.ErrBZStTooLarge):
		fail(w, http.StatusUnprocessableEntity, "the return has more lines than one BZSt file may hold; use csv or json")
	case errors.Is(err, vault.ErrSessionClosed):
		fail(w, http.StatusUnauthorized, "session ended; log in again")
	default:
		s.internal(w, r, "report", err)
	}
}
