package main

import (
	"bytes"
	"net/http"
	"strconv"

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
	s.audit(r.Context(), ses.Tenant(), vault.EventReportBuilt, int64(lines))
	f := formats[req.Format]
	name := "oss-" + string(home) + "-" + period.String() + "." + f[1]
	id := s.downloads.put(ses.Tenant(), buf.Bytes(), f[0], name)
	writeJSON(w, http.StatusCreated, map[string]string{"id": id, "download": "/api/reports/" + id})
}

// downloadReport hands out a report once; afterwards 410 Gone.
func (s *server) downloadReport(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	dl, found := s.downloads.take(ses.Tenant(), r.PathValue("id"))
	switch {
	case !found:
		fail(w, http.StatusNotFound, "no such report")
		return
	case dl.body == nil:
		fail(w, http.StatusGone, "report already downloaded or expired; build it again")
		return
	}
	defer clear(dl.body)
	w.Header().Set("Content-Type", dl.contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+dl.filename+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(dl.body)))
	w.Write(dl.body)
	s.audit(r.Context(), ses.Tenant(), vault.EventReportDownloaded, int64(len(dl.body)))
}
