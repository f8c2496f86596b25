package main

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vault"
)

// uploadResult is the answer to an upload. Rejected lists the first
// rejected rows (line, column, reason: never a cell's contents).
type uploadResult struct {
	ID          string      `json:"id"`
	Format      string      `json:"format"`
	Rows        int         `json:"rows"`
	Accepted    int         `json:"accepted"`
	Duplicates  int         `json:"duplicates"`
	NeedsReview int         `json:"needs_review"`
	Rejected    []rejection `json:"rejected"`
	// RejectedTotal counts every rejected row; Rejected may hold fewer.
	RejectedTotal int `json:"rejected_total"`
}

type rejection struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// upload streams the multipart part "file" through the ingest pipeline
// into the seller's vault: nothing is written to disk in clear, and the
// file is never held whole (except an XLSX workbook, capped by ingest).
func (s *server) upload(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		fail(w, http.StatusUnsupportedMediaType, msgUploadNotMulti)
		return
	}
	track, untrack := s.uploads.track(r, ses.Tenant())
	defer untrack()
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	if track != nil {
		r.Body = struct {
			io.Reader
			io.Closer
		}{countingReader{r.Body, &track.bytesReceived}, r.Body}
	}
	part, err := filePart(r)
	if err != nil {
		s.uploadFailed(w, r, &bodyError{err})
		return
	}
	body := &trackedReader{r: part}
	p := ingest.Pipeline{Vault: ses, MaxErrors: 200}
	if track != nil {
		p.Progress = func(read, staged int) { track.read.Store(int64(read)); track.stored.Store(int64(staged)) }
	}
	res, err := p.Ingest(r.Context(), body, ingest.Options{Source: "upload", Name: part.FileName(), MaxXLSXBytes: s.cfg.MaxUpload})
	if err != nil && body.err != nil && errors.Is(err, body.err) {
		err = &bodyError{err}
	}
	if err == nil && res.Rows == 0 {
		// A header without rows is no upload: the history keeps none.
		err = ingest.ErrNoData
		if res.Upload != "" {
			if _, uerr := p.Undo(r.Context(), res.Upload); uerr != nil && !errors.Is(uerr, ingest.ErrUnknownUpload) {
				err = uerr
			}
		}
	}
	if err != nil {
		s.uploadFailed(w, r, err)
		return
	}
	s.audit(r.Context(), ses.Tenant(), vault.EventUpload, int64(res.Stored))
	out := uploadResult{ID: res.Upload, Format: string(res.Format), Rows: res.Rows, Accepted: res.Accepted,
		Duplicates: res.Duplicates, NeedsReview: res.NeedsReview, RejectedTotal: res.Rejected,
		Rejected: make([]rejection, 0, len(res.Errors))}
	for _, e := range res.Errors {
		out.Rejected = append(out.Rejected, rejection{Line: e.Line, Column: e.Column, Reason: e.Reason})
	}
	writeJSON(w, http.StatusOK, out)
}

// errNoFile is a multipart body without a "file" part.
var errNoFile = errors.New("server: no multipart part named file")

// filePart returns the part named "file".
func filePart(r *http.Request) (*multipart.Part, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, errNoFile
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() == "file" {
			return part, nil
		}
	}
}

// bodyError is a failure to read the request body: a malformed multipart
// body, a client gone, or the size limit.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "server: reading the upload: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// trackedReader remembers its read error, so that a failure of the body
// is told apart from a failure of the store.
type trackedReader struct {
	r   io.Reader
	err error
}

func (t *trackedReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		t.err = err
	}
	return n, err
}

// uploadFailed answers an upload error with a sentence for the seller
// (see uploadMessage); the server's own errors go to the log. Nothing of
// a failed upload stays stored: the pipeline discarded it.
func (s *server) uploadFailed(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && !errors.Is(err, vault.ErrSessionClosed) {
		err = errors.Join(err, r.Context().Err())
	}
	status, msg, internal := uploadMessage(err, s.cfg.MaxUpload)
	if internal {
		s.logError(r.Context(), "upload", err)
	}
	if status == http.StatusServiceUnavailable && internal {
		w.Header().Set("Retry-After", "1")
	}
	fail(w, status, msg)
}

// audit appends an event of an action the vault does not record itself.
func (s *server) audit(ctx context.Context, tenant string, t vault.EventType, count int64) {
	err := s.counter.Append(ctx, vault.Event{Time: time.Now(), Tenant: tenant, Type: t, Count: count})
	if err != nil {
		s.log.Error("server: audit append failed", "error", err.Error())
	}
}

// uploadItem is one upload in GET /api/uploads. The file's name is kept
// sealed in the vault and not listed: this example's page shows none.
type uploadItem struct {
	ID         string    `json:"id"`
	Created    time.Time `json:"created"`
	Format     string    `json:"format"`
	Rows       int       `json:"rows"`
	Stored     int       `json:"stored"`
	Duplicates int       `json:"duplicates"`
	Rejected   int       `json:"rejected"`
}

// listUploads answers the seller's committed uploads, oldest first.
func (s *server) listUploads(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	p := ingest.Pipeline{Vault: ses}
	ups, err := p.Uploads(r.Context())
	if err != nil {
		s.storeFailed(w, r, "list uploads", err)
		return
	}
	out := make([]uploadItem, 0, len(ups))
	for _, u := range ups {
		out = append(out, uploadItem{ID: u.ID, Created: u.Created, Format: string(u.Format), Rows: u.Rows,
			Stored: u.Stored, Duplicates: u.Duplicates, Rejected: u.Rejected})
	}
	writeJSON(w, http.StatusOK, map[string]any{"uploads": out})
}

// undoUpload removes what one upload of the seller stored. An id of
// another seller's upload is as unknown as one that never existed: the
// store looks it up under this seller's tenant only.
func (s *server) undoUpload(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	p := ingest.Pipeline{Vault: ses}
	n, err := p.Undo(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, ingest.ErrUnknownUpload):
		fail(w, http.StatusNotFound, msgNoSuchUpload)
		return
	case err != nil:
		s.storeFailed(w, r, "undo upload", err)
		return
	}
	s.audit(r.Context(), ses.Tenant(), vault.EventUploadUndone, int64(n))
	w.WriteHeader(http.StatusNoContent)
}

// An upload of a process that died (killed, crashed, its machine gone)
// leaves staged records that no report counts. The server removes those of
// uploads that staged nothing for staleUpload, at start and every
// maintainEvery (see maintainLoop). An upload slower than that between two
// batches would fail at its commit, never count twice.
const staleUpload = time.Hour

// sweepStaged removes what abandoned uploads staged.
func (s *server) sweepStaged(ctx context.Context) {
	if s.cfg.Store == nil {
		return // the in-memory store dies with the process
	}
	n, err := s.cfg.Store.SweepStaged(ctx, "", time.Now().Add(-staleUpload))
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("server: sweeping abandoned uploads failed", "error", err.Error())
	case n > 0:
		s.log.Info("server: removed what abandoned uploads staged", "records", n)
	}
}
