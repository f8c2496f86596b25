package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// templateCSV is vatkit's upload template with the given rows.
func templateCSV(rows ...string) []byte {
	s := "type,id,line,date,original_id,supply,ship_from,ship_to,net,vat,gross,rate,currency,marketplace,scheme,consignment_value\n"
	for _, r := range rows {
		s += r + "\n"
	}
	return []byte(s)
}

// sellerWith enrols a seller, saves its facts unless they are "", and
// uploads the template with rows.
func (e *env) sellerWith(t *testing.T, name, facts string, rows ...string) *client {
	t.Helper()
	c := e.seller(t, name)
	if facts != "" {
		require.Equal(t, http.StatusOK, c.json("PUT", "/api/seller", json.RawMessage(facts), nil))
	}
	require.Equal(t, http.StatusOK, c.upload("file", templateCSV(rows...), nil))
	return c
}

type schemeReturn struct {
	Scheme string `json:"scheme"`
	MSID   string `json:"member_state_of_identification"`
	Number string `json:"vat_number"`
	Period string `json:"period"`
	Due    string `json:"due"`
	Lines  []map[string]string
	Total  string                    `json:"total_vat"`
	Review []struct{ Reason string } `json:"needs_review"`
}

// The import-scheme return of a month: the seller's IOSS number from its
// facts, the consignment over €150 for review, no dispatched_from.
func TestReportIOSS(t *testing.T) {
	c := newEnv(t, nil).sellerWith(t, "ioss", `{"established":"DE","ioss_number":"IM2760000001"}`,
		"sale,I1,,2026-07-02,,goods,CN,FR,140.00,28.00,,20,EUR,no,,140.00",
		"sale,I2,,2026-07-03,,goods,CN,FR,160.00,32.00,,20,EUR,no,,160.00",
		"sale,I3,,2026-08-03,,goods,CN,IT,100.00,22.00,,22,EUR,no,,100.00",
	)
	resp, body := c.report(map[string]string{"kind": "ioss", "period": "2026-07", "home": "DE"})
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Contains(t, resp.Header.Get("Content-Disposition"), `filename="ioss-DE-2026-07.json"`)
	var r schemeReturn
	require.NoError(t, json.Unmarshal(body, &r))
	assert.Equal(t, "import", r.Scheme)
	assert.Equal(t, "IM2760000001", r.Number)
	assert.Equal(t, "2026-08-31", r.Due)
	require.Len(t, r.Lines, 1)
	assert.Equal(t, map[string]string{"country": "FR", "supply": "goods", "rate_type": "standard", "rate": "20",
		"taxable_amount": "140.00", "vat_amount": "28.00"}, r.Lines[0])
	require.Len(t, r.Review, 1)
	assert.Contains(t, r.Review[0].Reason, "over €150")
}

// The non-Union return of a quarter for a seller established outside the
// EU, identified in home.
func TestReportNonUnion(t *testing.T) {
	c := newEnv(t, nil).sellerWith(t, "nonunion", "",
		"sale,E1,,2026-07-02,,electronic,,FR,10.00,2.00,,20,EUR,no,,",
		"sale,E2,,2026-08-02,,electronic,,DE,10.00,1.90,,19,EUR,no,,",
	)
	resp, body := c.report(map[string]string{"kind": "non-union", "period": "2026-Q3", "home": "IE"})
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	var r schemeReturn
	require.NoError(t, json.Unmarshal(body, &r))
	assert.Equal(t, "non-union", r.Scheme)
	assert.Equal(t, "IE", r.MSID)
	assert.Equal(t, "3.90", r.Total)
	require.Len(t, r.Lines, 2)
	assert.NotContains(t, r.Lines[0], "dispatched_from")
}

// What a kind cannot build is refused at once, saying what to give.
func TestReportKindsRefused(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "refused")
	for _, tc := range []struct {
		name string
		req  map[string]string
		want int
		msg  string
	}{
		{"unknown kind", map[string]string{"kind": "moss", "period": "2026-Q3", "home": "DE"}, http.StatusBadRequest, msgBadKind},
		{"ioss for a quarter", map[string]string{"kind": "ioss", "period": "2026-Q3", "home": "DE"}, http.StatusBadRequest, msgBadMonth},
		{"non-union for a month", map[string]string{"kind": "non-union", "period": "2026-07", "home": "IE"}, http.StatusBadRequest, msgBadPeriod},
		{"bzst of the import scheme", map[string]string{"kind": "ioss", "period": "2026-07", "home": "DE", "format": "bzst"},
			http.StatusBadRequest, msgBZStUnionOnly},
		{"bzst of a reconciliation", map[string]string{"kind": "reconciliation", "period": "2026-07", "home": "DE", "format": "bzst"},
			http.StatusBadRequest, msgBZStUnionOnly},
		{"reconciliation of a year", map[string]string{"kind": "reconciliation", "period": "2026", "home": "DE"},
			http.StatusBadRequest, msgBadAnyPeriod},
		{"ioss without an IOSS number", map[string]string{"kind": "ioss", "period": "2026-07", "home": "DE"},
			http.StatusUnprocessableEntity, msgNoIOSS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, msg := c.refused(tc.req)
			assert.Equal(t, tc.want, status)
			sellerSentence(t, msg, tc.msg)
		})
	}
	require.Equal(t, http.StatusOK, c.json("PUT", "/api/seller", json.RawMessage(`{"established":"DE"}`), nil))
	status, msg := c.refused(map[string]string{"kind": "non-union", "period": "2026-Q3", "home": "DE"})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	sellerSentence(t, msg, msgEstablished)
}

// refused posts a report request and returns the status and the error
// message of the answer.
func (c *client) refused(req map[string]string) (int, string) {
	c.t.Helper()
	body, _ := json.Marshal(req)
	resp, b := c.do("POST", "/api/reports", "application/json", body)
	var out struct{ Error string }
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out.Error
}

// The reconciliation of a quarter: the VAT the file states against
// vatkit's, per country and rate, and the row that differs, with its
// reason; as a workbook too.
func TestReportReconciliation(t *testing.T) {
	c := newEnv(t, nil).sellerWith(t, "reconcile", `{"established":"DE","previous_year_eur":"50000"}`,
		"sale,R1,,2026-07-02,,goods,DE,FR,100.00,20.00,,20,EUR,no,,",
		"sale,R2,,2026-07-03,,goods,DE,IT,100.00,22.00,,22,EUR,yes,,",
	)
	resp, body := c.report(map[string]string{"kind": "reconciliation", "period": "2026-Q3", "home": "DE"})
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Contains(t, resp.Header.Get("Content-Disposition"), `filename="reconciliation-DE-2026-Q3.json"`)
	var r struct {
		Period      string
		Lines       []map[string]string
		Differences []struct {
			Line                 int
			SourceVAT, VATkitVAT string
			Reason               string
		}
	}
	require.NoError(t, json.Unmarshal(body, &r))
	assert.Equal(t, "2026-Q3", r.Period)
	assert.Equal(t, []map[string]string{
		{"country": "FR", "rate": "20", "source_vat": "20.00", "vatkit_vat": "20.00", "difference": "0.00"},
		{"country": "IT", "rate": "22", "source_vat": "22.00", "vatkit_vat": "0.00", "difference": "22.00"},
	}, r.Lines)
	require.Len(t, r.Differences, 1)
	assert.Contains(t, r.Differences[0].Reason, "Deemed-supplier mismatch")

	resp, body = c.report(map[string]string{"kind": "reconciliation", "period": "2026-07", "home": "DE", "format": "xlsx"})
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Equal(t, "PK", string(body[:2]), "a workbook")
}
