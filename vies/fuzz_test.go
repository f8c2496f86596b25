package vies

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// bodyTransport answers every request with one status and body, so the
// fuzzers drive the real decoders without a socket per input.
type bodyTransport struct {
	status int
	body   []byte
}

func (b bodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: b.status, Header: http.Header{"Content-Type": {"text/xml"}},
		Body: io.NopCloser(bytes.NewReader(b.body)), Request: req,
	}, nil
}

var fuzzRequest = request{country: "DE", countryCode: "DE", vatNumber: "113866163"}

// checkOutcome holds what every decode must guarantee: an answer with a
// date, or an *Error of one of the package's kinds — never a panic.
func checkOutcome(t *testing.T, a answer, err error) {
	if err == nil {
		if a.date.IsZero() {
			t.Fatal("answer without a date")
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not *Error", err, err)
	}
	switch e.Kind {
	case ErrUnavailable, ErrRateLimited, ErrBlocked, ErrInvalidInput, ErrInvalidRequester, ErrProtocol:
	default:
		t.Fatalf("unknown kind %v", e.Kind)
	}
	if len(e.Error()) > 300 {
		t.Fatalf("error message of %d bytes", len(e.Error()))
	}
}

// seedFiles adds the package's fixtures and, when present, the recorded
// answers in the shared data folder.
func seedFiles(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(200, b)
			f.Add(500, b)
		}
	}
}

func FuzzDecodeSOAP(f *testing.F) {
	seedFiles(f, "testdata/soap/*", filepath.Join(sharedDir(), "vies", "responses", "soap-*.xml"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			status = 200
		}
		hc := &http.Client{Transport: bodyTransport{status, body}}
		for _, r := range []request{fuzzRequest, {country: "DE", countryCode: "DE", vatNumber: "1", requesterCountry: "NL", requesterNumber: "2"}} {
			a, err := newSOAPWire("http://vies.invalid/", hc).check(context.Background(), r)
			checkOutcome(t, a, err)
			if err == nil && !a.valid && !bytes.Contains(body, []byte("valid")) {
				t.Fatal("an answer without <valid> decoded as invalid")
			}
		}
	})
}

func FuzzDecodeREST(f *testing.F) {
	seedFiles(f, filepath.Join(sharedDir(), "vies", "responses", "rest-*.json"))
	for _, s := range []string{
		`{"valid":true,"requestDate":"2026-11-20T11:33:23.919Z","name":"---"}`,
		`{"actionSucceed":false,"errorWrappers":[{"error":"MS_UNAVAILABLE"}]}`,
		`{"valid":null}`, `[[[[[[[[[[`, `{"errorWrappers":[{"error":"` + string(make([]byte, 100)) + `"}]}`,
	} {
		f.Add(200, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		a, err := decodeREST(fuzzRequest, status, &limitedBody{r: io.NopCloser(bytes.NewReader(body)), left: maxAnswerBytes})
		checkOutcome(t, a, err)
	})
}

func FuzzStatus(f *testing.F) {
	f.Add([]byte(`{"vow":{"available":true},"countries":[{"countryCode":"EL","availability":"Available"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewReader(body))}
		limitBody(resp)
		s, err := decodeStatus(context.Background(), resp)
		if err == nil && s.Countries == nil {
			t.Fatal("status without a country map")
		}
	})
}
