package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// codedError stands in for modernc.org/sqlite's *Error, which carries the
// SQLite result code (https://www.sqlite.org/rescode.html).
type codedError int

func (e codedError) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e codedError) Code() int     { return int(e) }

// TestBusyIs503: a database locked past its busy timeout answers 503 with
// Retry-After; every other internal error 500.
func TestBusyIs503(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"SQLITE_BUSY", fmt.Errorf("sqlstore: put records: %w", codedError(5)), 503},
		{"SQLITE_BUSY_SNAPSHOT", fmt.Errorf("sqlstore: put records: %w", codedError(517)), 503},
		{"SQLITE_CONSTRAINT", fmt.Errorf("sqlstore: put records: %w", codedError(19)), 500},
		{"plain error", errors.New("disk on fire"), 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			e.srv.internal(w, httptest.NewRequest("POST", "/api/uploads", nil), "upload", tt.err)
			if w.Code != tt.want || (tt.want == 503) != (w.Header().Get("Retry-After") != "") {
				t.Errorf("status %d, Retry-After %q; want %d", w.Code, w.Header().Get("Retry-After"), tt.want)
			}
			if tt.want == http.StatusInternalServerError && w.Body.Len() == 0 {
				t.Error("no error message")
			}
		})
	}
}
