package main

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/vatkit/vatkit/vault"
)

// An upload is one request, so its progress is told by a second one: the
// page names the upload in the X-Upload-Progress header (32 hex digits of
// its own choosing) and asks GET /api/uploads/progress/{that name} while
// the upload runs. The browser knows the bytes it sent; the server tells
// the rows read and stored, which go on after the last byte arrived (an
// XLSX workbook is read only once it is whole).

// progressHeader names an upload for GET /api/uploads/progress/{id}.
const progressHeader = "X-Upload-Progress"

// uploadTrack is the progress of one upload under way.
type uploadTrack struct {
	tenant        string
	read, stored  atomic.Int64
	bytesReceived atomic.Int64
}

// uploadTracks are the uploads under way that the page named, by name.
type uploadTracks struct {
	mu sync.Mutex
	m  map[string]*uploadTrack
}

// track registers the upload of r under the name its header gives and
// returns its track and the function that drops it, or nil and a no-op
// when the header is absent, malformed or its name is taken.
func (ts *uploadTracks) track(r *http.Request, tenant string) (*uploadTrack, func()) {
	id := r.Header.Get(progressHeader)
	if !isID(id) {
		return nil, func() {}
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.m == nil {
		ts.m = make(map[string]*uploadTrack)
	}
	if ts.m[id] != nil {
		return nil, func() {}
	}
	t := &uploadTrack{tenant: tenant}
	ts.m[id] = t
	return t, func() {
		ts.mu.Lock()
		delete(ts.m, id)
		ts.mu.Unlock()
	}
}

// get returns the tenant's upload named id, or nil.
func (ts *uploadTracks) get(tenant, id string) *uploadTrack {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t := ts.m[id]; t != nil && t.tenant == tenant {
		return t
	}
	return nil
}

// uploadProgress answers the progress of the seller's upload under way
// named id: 200 {"bytes_received", "rows_read", "rows_stored"}; 404 when
// no upload of this seller runs under that name (not started yet, or
// finished: its own answer then says what it did).
func (s *server) uploadProgress(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	t := s.uploads.get(ses.Tenant(), r.PathValue("id"))
	if t == nil {
		fail(w, http.StatusNotFound, "This upload is not running.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"bytes_received": t.bytesReceived.Load(),
		"rows_read": t.read.Load(), "rows_stored": t.stored.Load()})
}

// countingReader counts the bytes read through it into n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}
