package vies

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hooklift/gowsdl/soap"

	"github.com/vatkit/vatkit/vies/internal/checkvat"
	"github.com/vatkit/vatkit/vies/viestest"
)

// fixtureServer serves one fixed body over loopback and counts the TCP
// connections opened to it.
type fixtureServer struct {
	*httptest.Server
	conns atomic.Int32

	mu      sync.Mutex
	headers []http.Header
}

func serveBytes(t testing.TB, status int, body []byte) *fixtureServer {
	t.Helper()
	fs := &fixtureServer{}
	fs.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		fs.headers = append(fs.headers, r.Header.Clone())
		fs.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		w.WriteHeader(status)
		w.Write(body)
	}))
	fs.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			fs.conns.Add(1)
		}
	}
	fs.Start()
	t.Cleanup(fs.Close)
	return fs
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "soap", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixtureClient(fs *fixtureServer) *Client {
	return &Client{SOAPEndpoint: fs.URL, HTTPClient: &http.Client{}, MaxRetries: -1, Rate: 1000, ValidTTL: -1, InvalidTTL: -1}
}

// generatedPort is the gowsdl client used as generated, without this
// package's corrections: the tests show each fault it has.
func generatedPort(url string) checkvat.CheckVatPortType {
	return checkvat.NewCheckVatPortType(soap.NewClient(url, soap.WithHTTPClient(&http.Client{})))
}

func TestGowsdlSOAPAction(t *testing.T) {
	srv := newFake(t) // refuses any non-empty SOAPAction, as VIES does
	srv.Set(numDE, viestest.Valid("", ""))
	t.Run("generated client is refused", func(t *testing.T) {
		_, err := generatedPort(srv.SOAPURL()).CheckVatContext(context.Background(), &checkvat.CheckVat{CountryCode: "DE", VatNumber: "113866163"})
		var he *soap.HTTPError
		if !errors.As(err, &he) {
			t.Fatalf("err = %v, want *soap.HTTPError", err)
		}
		if f, ok := decodeFault(he.ResponseBody); !ok || !strings.Contains(f.String, "SOAPAction '' does not match") {
			t.Fatalf("fault = %+v, want the SOAPAction fault", f)
		}
	})
	t.Run("wrapper sends it empty", func(t *testing.T) {
		srv.Reset()
		if _, err := newClient(srv, SOAP).Check(context.Background(), mustNumber(t, numDE)); err != nil {
			t.Fatal(err)
		}
		h := srv.Requests()[0].Header
		if got := h.Values("SOAPAction"); len(got) != 1 || got[0] != "" {
			t.Errorf("SOAPAction = %q, want one empty value", got)
		}
		if got := h.Get("User-Agent"); got != UserAgent {
			t.Errorf("User-Agent = %q, want %q", got, UserAgent)
		}
		if got := h.Get("Content-Type"); !strings.HasPrefix(got, "text/xml") {
			t.Errorf("Content-Type = %q", got)
		}
	})
}

func TestGowsdlFaultOnHTTP500(t *testing.T) {
	fs := serveBytes(t, http.StatusInternalServerError, fixture(t, "fault-ms-unavailable.xml"))
	_, err := generatedPort(fs.URL).CheckVatContext(context.Background(), &checkvat.CheckVat{CountryCode: "DE", VatNumber: "113866163"})
	var he *soap.HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("generated client: err = %T %v, want *soap.HTTPError (the fault this test covers)", err, err)
	}
	_, err = fixtureClient(fs).Check(context.Background(), mustNumber(t, numDE))
	e := asError(t, err)
	if !errors.Is(err, ErrUnavailable) || e.Code != "MS_UNAVAILABLE" || e.HTTPStatus != 500 {
		t.Fatalf("wrapper: err = %v (code %q, status %d), want MS_UNAVAILABLE on 500", err, e.Code, e.HTTPStatus)
	}
}

func TestGowsdlSilentDate(t *testing.T) {
	for _, name := range []string{"bad-date.xml", "no-date.xml"} {
		t.Run(name, func(t *testing.T) {
			fs := serveBytes(t, http.StatusOK, fixture(t, name))
			resp, err := generatedPort(fs.URL).CheckVatContext(context.Background(), &checkvat.CheckVat{CountryCode: "DE", VatNumber: "113866163"})
			if err != nil || !resp.RequestDate.ToGoTime().IsZero() || !resp.Valid {
				t.Fatalf("generated client: err=%v date=%v; expected a silent zero date", err, resp.RequestDate.ToGoTime())
			}
			_, err = fixtureClient(fs).Check(context.Background(), mustNumber(t, numDE))
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("wrapper: err = %v, want ErrProtocol", err)
			}
		})
	}
}

func TestGowsdlConnectionReuse(t *testing.T) {
	const checks = 4
	t.Run("generated client", func(t *testing.T) {
		fs := serveBytes(t, http.StatusOK, fixture(t, "valid-env.xml"))
		port := generatedPort(fs.URL)
		for range checks {
			if _, err := port.CheckVatContext(context.Background(), &checkvat.CheckVat{CountryCode: "DE", VatNumber: "113866163"}); err != nil {
				t.Fatal(err)
			}
		}
		if got := fs.conns.Load(); got != checks {
			t.Errorf("connections = %d, want %d (one per call: the fault this test covers)", got, checks)
		}
	})
	t.Run("wrapper", func(t *testing.T) {
		fs := serveBytes(t, http.StatusOK, fixture(t, "valid-env.xml"))
		c := fixtureClient(fs)
		c.HTTPClient = nil // the package's default client
		for range checks {
			if _, err := c.Check(context.Background(), mustNumber(t, numDE)); err != nil {
				t.Fatal(err)
			}
		}
		if got := fs.conns.Load(); got != 1 {
			t.Errorf("connections = %d, want 1", got)
		}
	})
}

func TestGowsdlUserAgent(t *testing.T) {
	fs := serveBytes(t, http.StatusOK, fixture(t, "valid-env.xml"))
	if _, err := generatedPort(fs.URL).CheckVatContext(context.Background(), &checkvat.CheckVat{CountryCode: "DE", VatNumber: "113866163"}); err != nil {
		t.Fatal(err)
	}
	if _, err := fixtureClient(fs).Check(context.Background(), mustNumber(t, numDE)); err != nil {
		t.Fatal(err)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if got := fs.headers[0].Get("User-Agent"); got != "gowsdl/0.1" {
		t.Errorf("generated User-Agent = %q; the fault this test covers is gone", got)
	}
	if got := fs.headers[1].Get("User-Agent"); got != UserAgent {
		t.Errorf("wrapper User-Agent = %q, want %q", got, UserAgent)
	}
}

func TestDecodeSOAP(t *testing.T) {
	date := time.Date(2026, 11, 20, 0, 0, 0, 0, time.FixedZone("", 3600))
	tests := []struct {
		file     string
		status   int
		valid    bool
		name     string
		wantErr  error
		wantCode string
	}{
		{file: "valid-env.xml", status: 200, valid: true, name: "Example GmbH"},
		{file: "valid-soap-default-ns.xml", status: 200, valid: true, name: "Example GmbH"},
		{file: "valid-odd-prefixes.xml", status: 200, valid: true},
		{file: "invalid-dashes.xml", status: 200},
		{file: "invalid-no-details.xml", status: 200},
		{file: "fault-ms-unavailable.xml", status: 200, wantErr: ErrUnavailable, wantCode: "MS_UNAVAILABLE"},
		{file: "fault-php-style.xml", status: 500, wantErr: ErrRateLimited, wantCode: "MS_MAX_CONCURRENT_REQ"},
		{file: "fault-invalid-input.xml", status: 200, wantErr: ErrInvalidInput, wantCode: "INVALID_INPUT"},
		{file: "bad-date.xml", status: 200, wantErr: ErrProtocol},
		{file: "no-date.xml", status: 200, wantErr: ErrProtocol},
		{file: "wrong-namespace.xml", status: 200, wantErr: ErrProtocol},
		{file: "wrong-envelope.xml", status: 200, wantErr: ErrProtocol},
		{file: "empty-body.xml", status: 200, wantErr: ErrProtocol},
		{file: "bad-boolean.xml", status: 200, wantErr: ErrProtocol},
		{file: "no-valid.xml", status: 200, wantErr: ErrProtocol},
		{file: "truncated.xml", status: 200, wantErr: ErrProtocol},
		{file: "redirect-page.html", status: 200, wantErr: ErrProtocol},
		{file: "redirect-page.html", status: 502, wantErr: ErrUnavailable},
		{file: "redirect-page.html", status: 404, wantErr: ErrProtocol},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+httpName(tc.status), func(t *testing.T) {
			fs := serveBytes(t, tc.status, fixture(t, tc.file))
			r, err := fixtureClient(fs).Check(context.Background(), mustNumber(t, numDE))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || asError(t, err).Code != tc.wantCode {
					t.Fatalf("err = %v, want %v with code %q", err, tc.wantErr, tc.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Valid != tc.valid || r.Name != tc.name || (tc.file != "valid-odd-prefixes.xml" && !r.RequestDate.Equal(date)) {
				t.Errorf("got valid=%v name=%q date=%v", r.Valid, r.Name, r.RequestDate)
			}
		})
	}
}

// TestGowsdlMissingValid shows the generated types read a missing <valid>
// as false, and the wrapper refusing to call that "invalid".
func TestGowsdlMissingValid(t *testing.T) {
	fs := serveBytes(t, http.StatusOK, fixture(t, "no-valid.xml"))
	resp, err := generatedPort(fs.URL).CheckVatContext(context.Background(), &checkvat.CheckVat{CountryCode: "DE", VatNumber: "113866163"})
	if err != nil || resp.Valid {
		t.Fatalf("generated client: %+v, %v; expected a silent false", resp, err)
	}
	if _, err := fixtureClient(fs).Check(context.Background(), mustNumber(t, numDE)); !errors.Is(err, ErrProtocol) {
		t.Fatalf("wrapper: err = %v, want ErrProtocol", err)
	}
}

func TestDecodeSOAPHostile(t *testing.T) {
	const env = `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body>`
	tests := []struct {
		name string
		body string
	}{
		{"over the size limit", env + `<x>` + strings.Repeat("y", maxAnswerBytes) + `</x></env:Body></env:Envelope>`},
		{"deep nesting within the limit", env + strings.Repeat("<a>", 20000)},
		{"deep nesting in the answer", env + `<ns2:checkVatResponse xmlns:ns2="` + typesNS + `"><ns2:name>` +
			strings.Repeat("<b>", 15000) + strings.Repeat("</b>", 15000) + `</ns2:name></ns2:checkVatResponse></env:Body></env:Envelope>`},
		{"entity expansion", `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>` + env + `&b;</env:Body></env:Envelope>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := serveBytes(t, http.StatusOK, []byte(tc.body))
			_, err := fixtureClient(fs).Check(context.Background(), mustNumber(t, numDE))
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("err = %v, want ErrProtocol", err)
			}
		})
	}
}
