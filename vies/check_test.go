package vies

import (
	"errors"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vies/viestest"
)

func TestCheckAnswers(t *testing.T) {
	for _, tt := range transports {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Set(numCZ, viestest.Valid("Ing. Test", "Line 1\nLine 2"))
			srv.Set(numDE, viestest.Valid("", ""))
			srv.Set(numFR, viestest.Invalid())
			c := newClient(srv, tt.tr)
			tests := []struct {
				name, number, wantName, wantAddr string
				valid                            bool
			}{
				{"valid with details", numCZ, "Ing. Test", "Line 1\nLine 2", true},
				{"valid, details not disclosed", numDE, "", "", true},
				{"invalid", numFR, "", "", false},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					before := time.Now().Add(-48 * time.Hour)
					r, err := c.Check(ctxTimeout(t, 5*time.Second), mustNumber(t, tc.number))
					if err != nil {
						t.Fatalf("Check: %v", err)
					}
					if r.Valid != tc.valid || r.Name != tc.wantName || r.Address != tc.wantAddr {
						t.Errorf("got valid=%v name=%q address=%q, want %v %q %q", r.Valid, r.Name, r.Address, tc.valid, tc.wantName, tc.wantAddr)
					}
					if r.Source != Live || r.Number.String() != tc.number || r.ConsultationNumber != "" {
						t.Errorf("got source=%v number=%v consultation=%q", r.Source, r.Number, r.ConsultationNumber)
					}
					if r.RequestDate.Before(before) || r.RequestDate.After(time.Now().Add(48*time.Hour)) {
						t.Errorf("request date %v is not around today", r.RequestDate)
					}
				})
			}
		})
	}
}

func TestCheckFaults(t *testing.T) {
	// The test-service magic numbers (the documentation block of the
	// Commission's checkVatTestService.wsdl) reach the fake through a
	// forced country answer, since vat.Number cannot hold "100".
	tests := []struct {
		code string
		want error
	}{
		{"INVALID_INPUT", ErrInvalidInput},
		{"INVALID_REQUESTER_INFO", ErrInvalidRequester},
		{"SERVICE_UNAVAILABLE", ErrUnavailable},
		{"MS_UNAVAILABLE", ErrUnavailable},
		{"TIMEOUT", ErrUnavailable},
		{"SERVER_BUSY", ErrUnavailable},
		{"VAT_BLOCKED", ErrBlocked},
		{"IP_BLOCKED", ErrBlocked},
		{"GLOBAL_MAX_CONCURRENT_REQ", ErrRateLimited},
		{"GLOBAL_MAX_CONCURRENT_REQ_TIME", ErrRateLimited},
		{"MS_MAX_CONCURRENT_REQ", ErrRateLimited},
		{"MS_MAX_CONCURRENT_REQ_TIME", ErrRateLimited},
		{"SOMETHING_NEW", ErrUnavailable},
	}
	for _, tt := range transports {
		for _, status := range []int{200, 500} {
			for _, tc := range tests {
				t.Run(tt.name+"/"+tc.code+"/"+httpName(status), func(t *testing.T) {
					srv := newFake(t)
					srv.FailCountry("DE", viestest.Answer{Fault: tc.code, FaultStatus: status})
					c := newClient(srv, tt.tr)
					r, err := c.Check(ctxTimeout(t, 5*time.Second), mustNumber(t, numDE))
					if !errors.Is(err, tc.want) {
						t.Fatalf("err = %v, want %v", err, tc.want)
					}
					e := asError(t, err)
					if e.Code != tc.code || e.Country != "DE" || e.HTTPStatus != status {
						t.Errorf("got code=%q country=%q status=%d", e.Code, e.Country, e.HTTPStatus)
					}
					if r.Valid || !r.Number.IsZero() {
						t.Errorf("a fault produced a result: %+v", r)
					}
					wantCalls := 1
					if e.retryable() {
						wantCalls = 1 + DefaultMaxRetries
					}
					if got := srv.Calls(); got != wantCalls {
						t.Errorf("calls = %d, want %d", got, wantCalls)
					}
				})
			}
		}
	}
}

func httpName(status int) string {
	if status == 500 {
		return "http500"
	}
	return "http200"
}
