package vies

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vies/viestest"
)

// Numbers used across the tests. Valid ones are from python-stdnum
// tests/test_eu_vat.doctest (via shared/data/vat-numbers.tsv); XI432525179
// from the same doctest.
const (
	numDE        = "DE113866163"
	numDE2       = "DE213806597"
	numEL        = "EL039868210"
	numXI        = "XI432525179"
	numAT        = "ATU14243102"
	numFR        = "FR04409414364"
	numCZ        = "CZ25123891"
	numRequester = "NL003376734B77"
)

func mustNumber(t testing.TB, s string) vat.Number {
	t.Helper()
	n, err := vat.ParseNumber(s)
	if n.IsZero() {
		t.Fatalf("vat.ParseNumber(%q): %v", s, err)
	}
	return n
}

// newFake starts a viestest server that is closed with the test.
func newFake(t testing.TB) *viestest.Server {
	t.Helper()
	srv := viestest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a Client aimed at srv with quick retries and no overall
// rate cap, so tests do not wait on the production defaults.
func newClient(srv *viestest.Server, tr Transport) *Client {
	return &Client{
		Transport:    tr,
		SOAPEndpoint: srv.SOAPURL(),
		RESTEndpoint: srv.RESTURL(),
		HTTPClient:   &http.Client{},
		Timeout:      2 * time.Second,
		RetryBase:    time.Millisecond,
		Rate:         rate.Inf,
	}
}

var transports = []struct {
	name string
	tr   Transport
}{{"soap", SOAP}, {"rest", REST}}

func asError(t testing.TB, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *vies.Error", err, err)
	}
	return e
}

func ctxTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
