package amazon_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/ingest/amazon/amazontest"
)

// TestFakeRefusesWithoutTokens: the fake answers 403 Unauthorized to a
// call without a valid access token, and to getReportDocument with the
// plain access token instead of a restricted data token for that path;
// the tests of the client therefore prove it sends both.
func TestFakeRefusesWithoutTokens(t *testing.T) {
	s := newFake(t, 10, amazontest.Config{})
	for _, tc := range []struct {
		name, method, path, token string
	}{
		{"createReport without token", "POST", "/reports/2021-06-30/reports", ""},
		{"getReport with a made-up token", "GET", "/reports/2021-06-30/reports/50000", "Atza|made-up"},
		{"getReportDocument without RDT", "GET", "/reports/2021-06-30/documents/amzn1.spdoc.1.4.50000", ""},
		{"document URL unsigned", "GET", "/storage/amzn1.spdoc.1.4.50000", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, s.URL+tc.path, strings.NewReader(`{"reportType":"GET_VAT_TRANSACTION_DATA","marketplaceIds":["A1PA6795UKMFR9"]}`))
			if tc.token != "" {
				req.Header.Set("x-amz-access-token", tc.token)
			}
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d", resp.StatusCode)
			}
		})
	}
}
