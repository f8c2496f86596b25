package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// reportRequest is the body of POST /api/reports.
type reportRequest struct {
	Kind   string `json:"kind"`   // "oss", "ioss", "non-union" or "reconciliation"
	Period string `json:"period"` // a quarter, "2026-Q3", or for "ioss" (and "reconciliation") a month, "2026-07"
	Home   string `json:"home"`   // member state of identification: "DE"
	Format string `json:"format"` // "json" (default), "csv", "bzst" or "xlsx"
}

// formats maps a report format to its content type and file extension.
var formats = map[string][2]string{
	"json": {"application/json; charset=utf-8", "json"},
	"csv":  {"text/csv; charset=utf-8", "csv"},
	"bzst": {"text/csv; charset=utf-8", "csv"},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
}

// buildReport starts building the seller's report in the background
// and answers 202 at once with the report's id and download link: a
// seller's whole history is read, which takes a while for a large one.
func (s *server) buildReport(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	var req reportRequest
	if err := readJSON(w, r, &req); err != nil {
		failBody(w, err)
		return
	}
	if req.Format == "" {
		req.Format = "json"
	}
	period, perr := vat.ParsePeriod(req.Period)
	home := vat.Country(req.Home)
	_, known := formats[req.Format]
	fits, want := kindPeriod(req.Kind, period)
	switch {
	case want == "":
		fail(w, http.StatusBadRequest, msgBadKind)
		return
	case perr != nil || !fits:
		fail(w, http.StatusBadRequest, want)
		return
	case !home.Known() || home == "GB":
		fail(w, http.StatusBadRequest, msgBadHome)
		return
	case !known:
		fail(w, http.StatusBadRequest, msgBadFormat)
		return
	case req.Format == "bzst" && req.Kind != kindOSS:
		fail(w, http.StatusBadRequest, msgBZStUnionOnly)
		return
	}
	// What can be refused at once is: a quarter before the scheme, facts
	// that name another member state of identification.
	seller, infer, err := sellerForKind(r.Context(), ses, home, req.Kind)
	if err == nil && period.End().Before(vat.UnionSchemeStart()) {
		err = report.ErrBeforeScheme
	}
	if err != nil {
		status, msg := s.reportFailed(r.Context(), err)
		fail(w, status, msg)
		return
	}
	b := reportBuild{kind: req.Kind, seller: seller, fx: s.cfg.FX, infer: infer}
	id, err := s.jobs.start(ses.Tenant(), func(ctx context.Context, job *reportJob) (int, string) {
		return s.runReport(ctx, job, ses, &b, req.Format, period)
	})
	if errors.Is(err, errTooManyJobs) {
		fail(w, http.StatusTooManyRequests, msgTooManyReports)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"id": id, "download": "/api/reports/" + id, "status": "building"})
}

// runReport builds the report of a job and saves it for its one download
// under the job's id; it returns 0, or the status and message to answer
// instead.
func (s *server) runReport(ctx context.Context, job *reportJob, ses *vault.Session, b *reportBuild, format string, period vat.Period) (int, string) {
	var buf bytes.Buffer
	defer func() { clear(buf.Bytes()) }()
	lines, err := b.write(ctx, &buf, ses, period, format, &job.read)
	if err == nil {
		f := formats[format]
		name := b.name(period) + "." + f[1]
		dls := s.reportStore(ses)
		if _, err = dls.Sweep(ctx); err == nil { // reports never downloaded, expired
			err = dls.SaveAs(ctx, job.id, name, f[0], buf.Bytes(), lines)
		}
	}
	if err != nil {
		return s.reportFailed(ctx, err)
	}
	return 0, ""
}

// reportStore keeps a seller's built reports sealed in the seller's own
// vault until their one download (an hour at most): a report is personal
// data, erased with the account like everything else.
func (s *server) reportStore(ses *vault.Session) *report.Downloads {
	return &report.Downloads{Vault: ses, TTL: time.Hour, Audit: s.counter}
}

// downloadReport answers 202 with the records read so far while the
// report is being built, then hands it out once; afterwards, and for an id
// that is not one of this seller's reports, 410 Gone. A build that failed
// answers its error once.
func (s *server) downloadReport(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	id := r.PathValue("id")
	if !isID(id) {
		fail(w, http.StatusGone, msgReportGone)
		return
	}
	if job := s.jobs.get(ses.Tenant(), id); job != nil {
		select {
		case <-job.done:
			s.jobs.forget(id)
			if job.status != 0 {
				fail(w, job.status, job.message)
				return
			}
		default:
			writeJSON(w, http.StatusAccepted, map[string]any{"id": id, "status": "building", "records_read": job.read.Load()})
			return
		}
	}
	dl, err := s.reportStore(ses).Take(r.Context(), id)
	switch {
	case errors.Is(err, report.ErrGone):
		fail(w, http.StatusGone, msgReportGone)
		return
	case err != nil:
		s.internal(w, r, "download", err)
		return
	}
	defer clear(dl.Content)
	w.Header().Set("Content-Type", dl.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+dl.Name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(dl.Content)))
	w.Write(dl.Content)
}
