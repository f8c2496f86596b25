package viestest

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"time"
)

// magic is the Commission's test-service table: the documentation block of
// checkVatTestService.wsdl (ec.europa.eu/taxation_customs/vies/checkVatTestService.wsdl;
// a copy in DragonBe/vies tests/Vies/_files).
// The same numbers work with any country code.
var magic = map[string]Answer{
	"100": {Valid: true, Name: "John Doe", Address: "123 Main St, Anytown, UK"},
	"200": {Valid: false},
	"201": Fault("INVALID_INPUT"),
	"202": Fault("INVALID_REQUESTER_INFO"),
	"300": Fault("SERVICE_UNAVAILABLE"),
	"301": Fault("MS_UNAVAILABLE"),
	"302": Fault("TIMEOUT"),
	"400": Fault("VAT_BLOCKED"),
	"401": Fault("IP_BLOCKED"),
	"500": Fault("GLOBAL_MAX_CONCURRENT_REQ"),
	"501": Fault("GLOBAL_MAX_CONCURRENT_REQ_TIME"),
	"600": Fault("MS_MAX_CONCURRENT_REQ"),
	"601": Fault("MS_MAX_CONCURRENT_REQ_TIME"),
}

// The WSDL's usage notes: countryCode [A-Z]{2}, vatNumber
// [0-9A-Za-z\+\*\.]{2,12}; anything else is INVALID_INPUT.
var (
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	numberPattern  = regexp.MustCompile(`^[0-9A-Za-z+*.]{2,12}$`)
)

// checked is one decoded check request.
type checked struct {
	countryCode, vatNumber       string
	requesterCountry, requesterN string
}

// record stores a request and counts it as a call.
func (s *Server) record(r *http.Request, transport string, body []byte, c checked) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.requests = append(s.requests, Request{
		Transport: transport, Method: r.Method, Path: r.URL.Path,
		Header: r.Header.Clone(), Body: body,
		CountryCode: c.countryCode, VATNumber: c.vatNumber,
		RequesterCountryCode: c.requesterCountry, RequesterNumber: c.requesterN,
	})
}

// resolve picks the answer for a request, enforces the per-state cap and
// waits out the latency. The returned function releases the cap slot.
func (s *Server) resolve(ctx context.Context, c checked) (Answer, func()) {
	a, wait, admitted := s.pick(c)
	release := func() {}
	if admitted {
		release = func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.inflight[c.countryCode]--
		}
	}
	if a.Hang {
		<-ctx.Done()
		return a, release
	}
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	return a, release
}

func (s *Server) pick(c checked) (a Answer, wait time.Duration, admitted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !countryPattern.MatchString(c.countryCode) || !numberPattern.MatchString(c.vatNumber) {
		return Fault("INVALID_INPUT"), 0, false
	}
	if s.cap > 0 && s.inflight[c.countryCode] >= s.cap {
		return Fault("MS_MAX_CONCURRENT_REQ"), 0, false
	}
	s.inflight[c.countryCode]++
	s.peak[c.countryCode] = max(s.peak[c.countryCode], s.inflight[c.countryCode])
	a, ok := s.forcedFor(c.countryCode)
	if !ok {
		a, ok = s.answers[c.countryCode+c.vatNumber]
	}
	if !ok {
		a, ok = magic[c.vatNumber]
	}
	if !ok {
		a = s.fallback
	}
	return a, s.latency + a.Delay, true
}

// consultation returns the requestIdentifier for an answer: the programmed
// one, or a made-up one shaped like VIES's ("WAPIAAAAWaXGj4Ra", DragonBe/vies
// README).
func (s *Server) consultation(a Answer) string {
	if a.ConsultationNumber != "" {
		return a.ConsultationNumber
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issued++
	return fmt.Sprintf("WAPI%012d", s.issued)
}

// orUndisclosed is what VIES sends for details it does not disclose.
func orUndisclosed(s string) string {
	if s == "" {
		return "---"
	}
	return s
}

// writeSlow writes body, split in two around a pause when the answer asks
// for a slow body.
func writeSlow(ctx context.Context, w http.ResponseWriter, a Answer, body []byte) {
	if a.SlowBody <= 0 {
		w.Write(body)
		return
	}
	half := len(body) / 2
	w.Write(body[:half])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	t := time.NewTimer(a.SlowBody)
	defer t.Stop()
	select {
	case <-t.C:
		w.Write(body[half:])
	case <-ctx.Done():
	}
}

// forcedFor returns and uses up a forced answer for a member state. The
// caller holds s.mu.
func (s *Server) forcedFor(countryCode string) (Answer, bool) {
	f, ok := s.countries[countryCode]
	if !ok {
		return Answer{}, false
	}
	if f.left > 0 {
		f.left--
		if f.left == 0 {
			delete(s.countries, countryCode)
		} else {
			s.countries[countryCode] = f
		}
	}
	return f.a, true
}

// answerFor records the request and resolves its answer, freeing the
// state's slot before the answer is written (by the time a client has read
// it, the state must take a new request). It reports false when nothing is
// to be written: the answer is a hang, or the client has gone.
func (s *Server) answerFor(r *http.Request, proto string, body []byte, c checked) (Answer, bool) {
	s.record(r, proto, body, c)
	a, release := s.resolve(r.Context(), c)
	release()
	return a, !a.Hang && r.Context().Err() == nil
}
