package main

import (
	"context"
	"io"
	"net/http"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// writeOSS writes the OSS return of period and returns its line count.
func (s *server) writeOSS(ctx context.Context, w io.Writer, ses *vault.Session, period vat.Period, home vat.Country, format string) (int, error) {
	return 0, errReportsUnavailable
}

func (s *server) reportFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.internal(w, r, "report", err)
}
