package viestest

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func soapBody(cc, number string) string {
	return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
		`<checkVat xmlns="urn:ec.europa.eu:taxud:vies:services:checkVat:types"><countryCode>` + cc +
		`</countryCode><vatNumber>` + number + `</vatNumber></checkVat></soap:Body></soap:Envelope>`
}

type soapReply struct {
	Body struct {
		Resp *struct {
			Valid bool   `xml:"valid"`
			Name  string `xml:"name"`
			Date  string `xml:"requestDate"`
		} `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types checkVatResponse"`
		Fault *struct {
			String string `xml:"faultstring"`
		} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Fault"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

func postSOAP(t *testing.T, url, body string, header map[string]string) (int, soapReply) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r soapReply
	b, _ := io.ReadAll(resp.Body)
	if err := xml.Unmarshal(b, &r); err != nil {
		t.Fatalf("answer is not SOAP: %v: %s", err, b)
	}
	return resp.StatusCode, r
}

// TestMagicNumbers checks the test-service table (the documentation block
// of checkVatTestService.wsdl) on both APIs.
func TestMagicNumbers(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	tests := []struct {
		number, fault string
		valid         bool
	}{
		{"100", "", true}, {"200", "", false},
		{"201", "INVALID_INPUT", false}, {"202", "INVALID_REQUESTER_INFO", false},
		{"300", "SERVICE_UNAVAILABLE", false}, {"301", "MS_UNAVAILABLE", false}, {"302", "TIMEOUT", false},
		{"400", "VAT_BLOCKED", false}, {"401", "IP_BLOCKED", false},
		{"500", "GLOBAL_MAX_CONCURRENT_REQ", false}, {"501", "GLOBAL_MAX_CONCURRENT_REQ_TIME", false},
		{"600", "MS_MAX_CONCURRENT_REQ", false}, {"601", "MS_MAX_CONCURRENT_REQ_TIME", false},
		{"999", "SERVICE_UNAVAILABLE", false},
	}
	for _, tc := range tests {
		t.Run("soap/"+tc.number, func(t *testing.T) {
			status, r := postSOAP(t, srv.SOAPURL(), soapBody("BE", tc.number), nil)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			switch {
			case tc.fault != "":
				if r.Body.Fault == nil || r.Body.Fault.String != tc.fault {
					t.Errorf("fault = %+v, want %s", r.Body.Fault, tc.fault)
				}
			case r.Body.Resp == nil || r.Body.Resp.Valid != tc.valid || r.Body.Resp.Date == "":
				t.Errorf("answer = %+v", r.Body.Resp)
			}
		})
		t.Run("rest/"+tc.number, func(t *testing.T) {
			resp, err := http.Post(srv.RESTURL()+"/check-vat-test-service", "application/json",
				strings.NewReader(`{"countryCode":"BE","vatNumber":"`+tc.number+`"}`))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var m struct {
				Valid         bool
				ErrorWrappers []struct{ Error string }
			}
			if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
				t.Fatal(err)
			}
			if tc.fault != "" && (len(m.ErrorWrappers) != 1 || m.ErrorWrappers[0].Error != tc.fault) || tc.fault == "" && m.Valid != tc.valid {
				t.Errorf("answer = %+v", m)
			}
		})
	}
}

func TestSOAPContract(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	tests := []struct {
		name      string
		body      string
		header    map[string]string
		status    int
		wantFault string
	}{
		{"empty SOAPAction accepted", soapBody("DE", "100"), map[string]string{"SOAPAction": ""}, 200, ""},
		{"quoted empty SOAPAction accepted", soapBody("DE", "100"), map[string]string{"SOAPAction": `""`}, 200, ""},
		{"action name refused", soapBody("DE", "100"), map[string]string{"SOAPAction": "checkVat"}, 500, "The given SOAPAction checkVat does not match an operation."},
		{"wrong content type", soapBody("DE", "100"), map[string]string{"Content-Type": "application/soap+xml"}, 500, "Unsupported Content-Type"},
		{"not SOAP", "hello", nil, 500, "Unmarshalling Error"},
		{"bad country code", soapBody("de", "100"), nil, 200, "INVALID_INPUT"},
		{"number too long", soapBody("DE", "1234567890123"), nil, 200, "INVALID_INPUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, r := postSOAP(t, srv.SOAPURL(), tc.body, tc.header)
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
			got := ""
			if r.Body.Fault != nil {
				got = r.Body.Fault.String
			}
			if got != tc.wantFault {
				t.Errorf("fault %q, want %q", got, tc.wantFault)
			}
		})
	}
}

func TestCountryCapAndRecord(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	srv.SetDefault(Valid("", ""))
	srv.SetLatency(time.Second) // long enough for all five to overlap
	srv.SetCountryCap(2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	faults := 0
	for range 5 {
		wg.Go(func() {
			_, r := postSOAP(t, srv.SOAPURL(), soapBody("DE", "123456789"), nil)
			mu.Lock()
			defer mu.Unlock()
			if r.Body.Fault != nil && r.Body.Fault.String == "MS_MAX_CONCURRENT_REQ" {
				faults++
			}
		})
	}
	wg.Wait()
	if faults != 3 {
		t.Errorf("%d of 5 concurrent checks refused, want 3 over a cap of 2", faults)
	}
	reqs := srv.Requests()
	if len(reqs) != 5 || reqs[0].CountryCode != "DE" || reqs[0].VATNumber != "123456789" || reqs[0].Transport != "soap" {
		t.Errorf("recorded %+v", reqs)
	}
}
