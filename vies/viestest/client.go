package viestest

import (
	"fmt"
	"net/http"
)

// productionHost is the host of vies.DefaultSOAPEndpoint and
// vies.DefaultRESTEndpoint (a test keeps them in step: this package cannot
// import vies, whose own tests import it).
const productionHost = "ec.europa.eu"

// HTTPClient returns an HTTP client wired to this server for both
// transports: every request for the Commission's production VIES — SOAP
// checks, REST checks, the status call — is delivered here instead, on the
// same paths, and any other address is refused without a connection. Give
// it to a vies.Client and leave the endpoints empty:
//
//	srv := viestest.NewServer()
//	defer srv.Close()
//	c := &vies.Client{HTTPClient: srv.HTTPClient()} // Transport: vies.REST for REST
//
// A test then cannot reach the real service by mistake, whichever
// transport or call the code under test uses.
func (s *Server) HTTPClient() *http.Client {
	return &http.Client{Transport: toFake{next: s.srv.Client().Transport, addr: s.srv.Listener.Addr().String()}}
}

// toFake sends requests for productionHost to the fake's address.
type toFake struct {
	next http.RoundTripper
	addr string
}

func (t toFake) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != productionHost {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, fmt.Errorf("viestest: request for %s refused: only the production VIES goes to the fake", r.URL.Host)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = "http", t.addr
	return t.next.RoundTrip(r)
}
