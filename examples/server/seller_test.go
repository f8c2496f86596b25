package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault"
)

// sellerFacts is a pan-EU seller, in vat.Seller's JSON.
const sellerFacts = `{"established":"DE","oss_from":"2021-07-01","previous_year_eur":"12500.00",` +
	`"vat_numbers":{"CZ":"CZ25123891","PL":"PL5211355116"},"warehouses":["PL","CZ"]}`

// putFacts sends body as the seller's facts and returns the status and the
// answer.
func (c *client) putFacts(body string) (int, string) {
	c.t.Helper()
	resp, b := c.do("PUT", "/api/seller", "application/json", []byte(body))
	return resp.StatusCode, string(b)
}

// GET and PUT /api/seller keep the seller's facts as one record sealed in
// the seller's own vault: saved as sent, read back the same, never readable
// in the store, never another seller's.
func TestSellerFacts(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "facts")
	resp, _ := c.do("GET", "/api/seller", "", nil)
	require.Equal(t, http.StatusNotFound, resp.StatusCode, "facts before the first PUT")

	status, saved := c.putFacts(sellerFacts)
	require.Equal(t, http.StatusOK, status, saved)
	assert.JSONEq(t, sellerFacts, saved)
	resp, got := c.do("GET", "/api/seller", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, sellerFacts, string(got))

	// Sealed: the store holds the record, and not one byte of the facts in
	// the clear.
	var recs int
	for r, err := range e.srv.cfg.Store.Records(context.Background(), vault.Query{Tenant: e.srv.tenantID(testCreds("facts").Login), Kind: sellerKind}) {
		require.NoError(t, err)
		recs++
		assert.False(t, bytes.Contains(r.Sealed, []byte("PL5211355116")) || bytes.Contains(r.Sealed, []byte("12500")), "facts in the clear")
	}
	assert.Equal(t, 1, recs, "seller records")

	// Replacing keeps one record.
	status, _ = c.putFacts(`{"established":"DE"}`)
	require.Equal(t, http.StatusOK, status)
	_, got = c.do("GET", "/api/seller", "", nil)
	assert.JSONEq(t, `{"established":"DE"}`, string(got))

	other := e.seller(t, "other")
	resp, _ = other.do("GET", "/api/seller", "", nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "another seller's facts")
}

// Facts that are not valid are refused with the field named (by its label
// on the page) and the value
// not repeated; nothing is saved. The usual guards hold: JSON only, the
// CSRF header, a session.
func TestSellerFactsRefused(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "refused")
	require.Equal(t, http.StatusOK, first(c.putFacts(sellerFacts)))
	for _, tc := range []struct{ name, body, want string }{
		{"number of another state", `{"established":"DE","vat_numbers":{"PL":"CZ25123891"}}`, "“Your VAT numbers”"},
		{"misspelt field", `{"established":"DE","previous_year":"12500"}`, "not one of the seller facts"},
		{"negative total", `{"established":"DE","previous_year_eur":"-5"}`, "“Last year's cross-border sales”"},
		{"not an object", `["DE"]`, "JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, answer := c.putFacts(tc.body)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Contains(t, answer, tc.want)
			assert.NotContains(t, answer, "CZ25123891")
			assert.NotContains(t, answer, `previous_year\"`)
		})
	}
	_, got := c.do("GET", "/api/seller", "", nil)
	assert.JSONEq(t, sellerFacts, string(got), "a refused PUT changed the facts")

	resp, _ := c.do("PUT", "/api/seller", "text/plain", []byte(sellerFacts))
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
	c.noCSRF = true
	resp, _ = c.do("PUT", "/api/seller", "application/json", []byte(sellerFacts))
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "PUT without the CSRF header")
	anon := e.client(t)
	resp, _ = anon.do("GET", "/api/seller", "", nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func first(status int, _ string) int { return status }

// thisYearOnly is a German seller's 2026 sales to France and Austria at
// German VAT: €1,500 in Q3. Last year it passed €10,000, which the file
// cannot show.
const thisYearOnly = "type,id,line,date,original_id,supply,ship_from,ship_to,net,vat,gross,rate,currency,marketplace,scheme,consignment_value,buyer_name,buyer_address,buyer_email,buyer_vat_number\n" +
	"sale,S-1,1,2026-07-03,,goods,DE,FR,1000.00,200.00,1200.00,20,EUR,no,,,,,,\n" +
	"sale,S-2,1,2026-08-04,,goods,DE,AT,500.00,100.00,600.00,20,EUR,no,,,,,,\n"

// Reports use the saved facts (Art 59c(1)(c)): without them, the return
// keeps the sales at home and says what it assumed; with last year's
// total over €10,000 they are OSS lines; facts that identify the seller
// elsewhere than the report's home are refused.
func TestReportsUseSellerFacts(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "reports")
	require.Equal(t, http.StatusOK, c.upload("file", []byte(thisYearOnly), nil))

	var ret struct {
		Lines       []map[string]string `json:"lines"`
		NeedsReview []map[string]any    `json:"needs_review"`
	}
	require.NoError(t, json.Unmarshal(c.buildOSS(), &ret))
	assert.Empty(t, ret.Lines)
	require.NotEmpty(t, ret.NeedsReview)
	assert.True(t, strings.Contains(ret.NeedsReview[0]["reason"].(string), "previous_year_eur"), "review %v", ret.NeedsReview)

	require.Equal(t, http.StatusOK, first(c.putFacts(`{"established":"DE","previous_year_eur":"12500.00"}`)))
	ret.Lines, ret.NeedsReview = nil, nil
	require.NoError(t, json.Unmarshal(c.buildOSS(), &ret))
	require.Len(t, ret.Lines, 2)
	assert.Equal(t, "200.00", ret.Lines[1]["vat_amount"], "FR at 20 %%: %v", ret.Lines)
	assert.Empty(t, ret.NeedsReview)

	require.Equal(t, http.StatusOK, first(c.putFacts(`{"established":"AT"}`)))
	got := c.json("POST", "/api/reports", map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE"}, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, got, "facts established in AT, report for DE")
	got = c.json("POST", "/api/reports", map[string]string{"kind": "oss", "period": "2021-Q2", "home": "AT"}, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, got, "a quarter before the One-Stop-Shop")
}
