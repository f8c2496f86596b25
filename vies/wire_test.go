package vies

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/vies/viestest"
)

// leaves returns every element that holds text in an XML document, by
// local name, with its text: what a SOAP request actually carries.
func leaves(t *testing.T, body []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	d := xml.NewDecoder(bytes.NewReader(body))
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("request is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			for _, a := range tok.Attr {
				if a.Name.Space != "xmlns" && a.Name.Local != "xmlns" {
					out["@"+a.Name.Local] = a.Value
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				out[stack[len(stack)-1]] = s
			}
		}
	}
}

// TestOnlyNumbersLeave inspects the bytes each transport puts on the wire:
// the country code and number, the requester's when configured, and
// nothing else (the package's promise: only a country code and a number
// leave).
func TestOnlyNumbersLeave(t *testing.T) {
	tests := []struct {
		name      string
		requester bool
		soap      map[string]string
		rest      map[string]string
	}{
		{
			name: "checkVat",
			soap: map[string]string{"countryCode": "DE", "vatNumber": "113866163"},
			rest: map[string]string{"countryCode": "DE", "vatNumber": "113866163"},
		},
		{
			name:      "with requester",
			requester: true,
			soap: map[string]string{"countryCode": "DE", "vatNumber": "113866163",
				"requesterCountryCode": "NL", "requesterVatNumber": "003376734B77"},
			rest: map[string]string{"countryCode": "DE", "vatNumber": "113866163",
				"requesterMemberStateCode": "NL", "requesterNumber": "003376734B77"},
		},
	}
	for _, tt := range transports {
		for _, tc := range tests {
			t.Run(tt.name+"/"+tc.name, func(t *testing.T) {
				srv := newFake(t)
				srv.Set(numDE, viestest.Valid("Example GmbH", "Musterstr. 1"))
				c := newClient(srv, tt.tr)
				if tc.requester {
					c.Requester = mustNumber(t, numRequester)
				}
				if _, err := c.Check(context.Background(), mustNumber(t, numDE)); err != nil {
					t.Fatal(err)
				}
				req := srv.Requests()[0]
				var got, want map[string]string
				if tt.tr == SOAP {
					got, want = leaves(t, req.Body), tc.soap
				} else {
					got, want = jsonFields(t, req.Body), tc.rest
				}
				if !maps.Equal(got, want) {
					t.Errorf("sent %v, want exactly %v", got, want)
				}
				if strings.Contains(req.Path, "113866163") || req.Header.Get("Cookie") != "" || req.Header.Get("Authorization") != "" {
					t.Errorf("number or credentials outside the body: %s %v", req.Path, req.Header)
				}
				allowed := []string{"Accept", "Accept-Encoding", "Content-Length", "Content-Type", "Soapaction", "User-Agent"}
				for k := range req.Header {
					if !slices.Contains(allowed, k) {
						t.Errorf("unexpected header %s: %q", k, req.Header.Get(k))
					}
				}
			})
		}
	}
}

func jsonFields(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("request is not JSON: %v", err)
	}
	out := map[string]string{}
	for k, v := range m {
		s, ok := v.(string)
		if !ok {
			t.Errorf("field %s is %T", k, v)
		}
		out[k] = s
	}
	return out
}

// TestDefaultTLS does real handshakes with the package's default transport:
// a server capped at TLS 1.1 is refused, a TLS 1.2 one accepted.
func TestDefaultTLS(t *testing.T) {
	tests := []struct {
		name   string
		maxTLS uint16
		ok     bool
	}{
		{"TLS 1.1 refused", tls.VersionTLS11, false},
		{"TLS 1.2 accepted", tls.VersionTLS12, true},
		{"TLS 1.3 accepted", tls.VersionTLS13, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Write(fixture(t, "valid-env.xml"))
			}))
			srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tc.maxTLS}
			srv.Config.ErrorLog = log.New(io.Discard, "", 0)
			srv.StartTLS()
			defer srv.Close()
			hc := defaultHTTPClient()
			tr := hc.Transport.(*http.Transport)
			if tr.TLSClientConfig.MinVersion != tls.VersionTLS12 {
				t.Fatalf("default MinVersion = %x", tr.TLSClientConfig.MinVersion)
			}
			// Trust the test certificate, keeping every other setting.
			tr.TLSClientConfig.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
			c := &Client{SOAPEndpoint: srv.URL, HTTPClient: hc, MaxRetries: -1}
			_, err := c.Check(context.Background(), mustNumber(t, numDE))
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if !tc.ok && !errors.Is(err, ErrUnavailable) {
				t.Errorf("a refused handshake should be ErrUnavailable: %v", err)
			}
		})
	}
}
