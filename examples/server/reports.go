package main

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// reportRequest is the body of POST /api/reports.
type reportRequest struct {
	Kind   string `json:"kind"`   // "oss"
	Period string `json:"period"` // a quarter: "2026-Q3"
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

// buildReport builds the seller's OSS return and keeps it for one
// download.
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
	switch {
	case req.Kind != "oss":
		fail(w, http.StatusBadRequest, `kind: only "oss" is supported`)
		return
	case perr != nil || period.Quarter == 0:
		fail(w, http.StatusBadRequest, `period: a quarter such as "2026-Q3"`)
		return
	case !home.Known() || home == "GB":
		fail(w, http.StatusBadRequest, "home: a member state code such as DE")
		return
	case !known:
		fail(w, http.StatusBadRequest, `format: "json", "csv", "bzst" or "xlsx"`)
		return
	}
	var buf bytes.Buffer
	lines, err := s.writeOSS(r.Context(), &buf, ses, period, home, req.Format)
	if err != nil {
		s.reportFailed(w, r, err)
		return
	}
	f := formats[req.Format]
	name := "oss-" + string(home) + "-" + period.String() + "." + f[1]
	dls := s.reportStore(ses)
	if _, err := dls.Sweep(r.Context()); err != nil { // reports never downloaded, expired
		s.internal(w, r, "report", err)
		return
	}
	id, err := dls.Save(r.Context(), name, f[0], buf.Bytes(), lines)
	clear(buf.Bytes())
	if err != nil {
		s.internal(w, r, "report", err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": id, "download": "/api/reports/" + id})
}

// reportStore keeps a seller's built reports sealed in the seller's own
// vault until their one download (an hour at most): a report is personal
// data, erased with the account like everything else.
func (s *server) reportStore(ses *vault.Session) *report.Downloads {
	return &report.Downloads{Vault: ses, TTL: time.Hour, Audit: s.counter}
}

// downloadReport hands out a report once; afterwards, and for an id that
// is not one of this seller's reports, 410 Gone.
func (s *server) downloadReport(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	id := r.PathValue("id")
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
		fail(w, http.StatusGone, "no such report: build it again")
		return
	}
	dl, err := s.reportStore(ses).Take(r.Context(), id)
	switch {
	case errors.Is(err, report.ErrGone):
		fail(w, http.StatusGone, "report already downloaded or expired: build it again")
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
