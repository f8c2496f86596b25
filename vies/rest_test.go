package vies

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestDecodeREST(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		valid    bool
		who      string
		consult  string
		wantErr  error
		wantCode string
	}{
		{name: "valid", status: 200, valid: true, who: "SA EXAMPLE", consult: "WAPIAAAAWaYR0O8D",
			body: `{"countryCode":"FR","vatNumber":"04409414364","requestDate":"2026-11-20T11:33:23.919Z","valid":true,"requestIdentifier":"WAPIAAAAWaYR0O8D","name":"SA EXAMPLE","address":"1 RUE\n75001 PARIS"}`},
		{name: "invalid", status: 200,
			body: `{"countryCode":"FR","vatNumber":"04409414364","requestDate":"2026-11-20T11:33:23.919Z","valid":false,"name":"---","address":"---"}`},
		// Errors come as errorWrappers, usually with HTTP 200 (seen by
		// jofme/D365FinanceToolbox#73 and OCA/account-financial-tools PR #2154).
		{name: "fault on 200", status: 200, wantErr: ErrUnavailable, wantCode: "MS_UNAVAILABLE",
			body: `{"actionSucceed":false,"errorWrappers":[{"error":"MS_UNAVAILABLE","message":"x"}]}`},
		{name: "rate limit on 200", status: 200, wantErr: ErrRateLimited, wantCode: "MS_MAX_CONCURRENT_REQ",
			body: `{"actionSucceed":false,"errorWrappers":[{"error":"MS_MAX_CONCURRENT_REQ"}]}`},
		{name: "empty number on 400", status: 400, wantErr: ErrInvalidInput, wantCode: "VOW-ERR-11",
			body: `{"actionSucceed":false,"errorWrappers":[{"error":"VOW-ERR-11"}]}`},
		{name: "failure without a code", status: 200, wantErr: ErrUnavailable,
			body: `{"actionSucceed":false,"errorWrappers":[]}`},
		{name: "no valid field", status: 200, wantErr: ErrProtocol,
			body: `{"countryCode":"FR","requestDate":"2026-11-20T11:33:23.919Z"}`},
		{name: "no date", status: 200, wantErr: ErrProtocol, body: `{"valid":true}`},
		{name: "bad date", status: 200, wantErr: ErrProtocol, body: `{"valid":true,"requestDate":"20/11/2026"}`},
		{name: "valid as string", status: 200, wantErr: ErrProtocol, body: `{"valid":"true","requestDate":"2026-11-20T11:33:23.919Z"}`},
		{name: "not JSON", status: 200, wantErr: ErrProtocol, body: `<html>307</html>`},
		{name: "gateway error page", status: 502, wantErr: ErrUnavailable, body: `<html>bad gateway</html>`},
		{name: "unexpected status", status: 404, wantErr: ErrProtocol, body: `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := serveBytes(t, tc.status, []byte(tc.body))
			c := &Client{Transport: REST, RESTEndpoint: fs.URL, HTTPClient: &http.Client{}, MaxRetries: -1, Rate: 1000}
			r, err := c.Check(context.Background(), mustNumber(t, numFR))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || asError(t, err).Code != tc.wantCode {
					t.Fatalf("err = %v, want %v code %q", err, tc.wantErr, tc.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Valid != tc.valid || r.Name != tc.who || r.ConsultationNumber != tc.consult || r.RequestDate.IsZero() {
				t.Errorf("got %+v", r)
			}
		})
	}
}
