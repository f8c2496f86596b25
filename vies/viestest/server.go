// Package viestest runs a fake VIES on the loopback interface for tests: the
// SOAP checkVatService (checkVat and checkVatApprox) and the REST API
// (POST /check-vat-number, POST /check-vat-test-service, GET /check-status),
// following the published contracts (the Commission's checkVatService.wsdl
// and its OpenAPI description swagger_publicVAT.yaml, both linked from
// ec.europa.eu/taxation_customs/vies/#/technical-information), with the answers programmed per number,
// the official test-service magic numbers, injectable latency and faults,
// per-member-state concurrency caps, and a record of every request.
//
// Wire a vies.Client to it, both transports at once, with
// HTTPClient: srv.HTTPClient() (see [Server.HTTPClient]); or point the
// endpoints at it one by one with SOAPEndpoint: srv.SOAPURL() and
// RESTEndpoint: srv.RESTURL().
package viestest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Answer is what the server replies for a number. The zero Answer is a
// valid number without trader details.
type Answer struct {
	Valid bool
	// Name and Address are the trader details; empty sends "---", as VIES
	// does for states that do not disclose them.
	Name, Address string
	// ConsultationNumber is sent as requestIdentifier when the request
	// carries a requester number; empty means one is made up.
	ConsultationNumber string

	// Fault, when set, makes the answer this VIES fault code instead
	// ("MS_UNAVAILABLE", "MS_MAX_CONCURRENT_REQ"…), sent with HTTP
	// FaultStatus (zero: 200, as VIES usually does).
	Fault       string
	FaultStatus int

	Delay     time.Duration // extra latency before answering
	Hang      bool          // never answer: the client must time out
	Malformed bool          // send a body that is neither SOAP nor JSON
	// SlowBody sends the first half of the body, then waits this long
	// before the rest.
	SlowBody time.Duration
}

// Valid returns the answer for a valid number with the given details.
func Valid(name, address string) Answer { return Answer{Valid: true, Name: name, Address: address} }

// Invalid returns the answer for an invalid number.
func Invalid() Answer { return Answer{Valid: false} }

// Fault returns an answer that is the VIES fault code, with HTTP 200.
func Fault(code string) Answer { return Answer{Fault: code} }

// Request is one request as the server received it.
type Request struct {
	Transport string // "soap" or "rest"
	Method    string
	Path      string
	Header    http.Header
	Body      []byte

	// What the body asked for, as decoded by the server.
	CountryCode, VATNumber                string
	RequesterCountryCode, RequesterNumber string
}

// Server is a fake VIES. Its methods are safe for concurrent use, including
// while requests are served.
type Server struct {
	// URL is the base address, "http://127.0.0.1:port".
	URL string

	srv *httptest.Server

	mu        sync.Mutex
	answers   map[string]Answer // by countryCode+vatNumber
	countries map[string]forced // forced answers by countryCode
	fallback  Answer
	latency   time.Duration
	cap       int
	inflight  map[string]int
	peak      map[string]int
	requests  []Request
	calls     int
	status    map[string]string
	issued    int
}

// NewServer starts a server on a loopback port. Numbers that are neither
// programmed nor magic get SERVICE_UNAVAILABLE, as on the Commission's test
// service; SetDefault changes that. Close it when done.
func NewServer() *Server {
	s := &Server{
		answers:   make(map[string]Answer),
		countries: make(map[string]forced),
		fallback:  Fault("SERVICE_UNAVAILABLE"),
		inflight:  make(map[string]int),
		peak:      make(map[string]int),
		status:    make(map[string]string),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/taxation_customs/vies/services/checkVatService", s.serveSOAP)
	mux.HandleFunc("POST /taxation_customs/vies/rest-api/check-vat-number", s.serveREST)
	mux.HandleFunc("POST /taxation_customs/vies/rest-api/check-vat-test-service", s.serveREST)
	mux.HandleFunc("GET /taxation_customs/vies/rest-api/check-status", s.serveStatus)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down, ending hanging requests.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// SOAPURL is the checkVatService endpoint, for vies.Client.SOAPEndpoint.
func (s *Server) SOAPURL() string { return s.URL + "/taxation_customs/vies/services/checkVatService" }

// RESTURL is the REST API base, for vies.Client.RESTEndpoint.
func (s *Server) RESTURL() string { return s.URL + "/taxation_customs/vies/rest-api" }

// Set programs the answer for a number, written as VIES sees it: the VAT
// prefix and the national part, "DE123456789", "EL094259216" (a
// vat.Number's String form).
func (s *Server) Set(number string, a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[number] = a
}

// SetDefault sets the answer for numbers neither programmed nor magic.
func (s *Server) SetDefault(a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = a
}

// FailCountry forces the answer for every number of a member state
// (its VAT prefix: "DE", "EL", "XI"), e.g. Fault("MS_UNAVAILABLE") or
// Answer{Hang: true}; RestoreCountry undoes it.
func (s *Server) FailCountry(countryCode string, a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.countries[countryCode] = forced{a: a, left: -1}
}

// FailNext forces the answer for the next n checks of a member state only;
// later checks get their usual answers. It is how a test makes a transient
// fault go away.
func (s *Server) FailNext(countryCode string, n int, a Answer) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.countries[countryCode] = forced{a: a, left: n}
}

// forced is an answer set by FailCountry (left < 0: for ever) or FailNext.
type forced struct {
	a    Answer
	left int
}

// RestoreCountry removes a forced answer set by FailCountry.
func (s *Server) RestoreCountry(countryCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.countries, countryCode)
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetCountryCap caps concurrent checks per member state: a check beyond n
// running for its state gets MS_MAX_CONCURRENT_REQ at once. Zero: no cap.
func (s *Server) SetCountryCap(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cap = n
}

// SetStatus sets a member state's availability in GET /check-status
// ("Available", "Unavailable", "Monitoring Disabled").
func (s *Server) SetStatus(countryCode, availability string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status[countryCode] = availability
}

// Requests returns a copy of every request received, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Calls returns how many check requests were received.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Peak returns the most checks of a member state that ran at once, since
// the start or the last Reset: what a client's concurrency really was.
func (s *Server) Peak(countryCode string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak[countryCode]
}

// Reset forgets the recorded requests, the call count and the peaks.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.calls = nil, 0
	clear(s.peak)
}
