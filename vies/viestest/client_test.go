package viestest_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vies"
	"github.com/vatkit/vatkit/vies/viestest"
)

// TestHTTPClient: a vies.Client with only HTTPClient set reaches the fake
// for SOAP checks, REST checks and the status call, and nowhere else.
func TestHTTPClient(t *testing.T) {
	srv := viestest.NewServer()
	defer srv.Close()
	srv.Set("DE113866163", viestest.Valid("", ""))
	srv.Set("CZ25123891", viestest.Invalid())
	srv.SetStatus("DE", "Unavailable")
	n := func(s string) vat.Number { v, err := vat.ParseNumber(s); require.NoError(t, err); return v }
	ctx := context.Background()

	for _, tr := range []struct {
		name string
		tr   vies.Transport
	}{{"soap", vies.SOAP}, {"rest", vies.REST}} {
		c := &vies.Client{HTTPClient: srv.HTTPClient(), Transport: tr.tr, Rate: rate.Inf, MaxRetries: -1}
		r, err := c.Check(ctx, n("DE113866163"))
		require.NoError(t, err, tr.name)
		assert.True(t, r.Valid, tr.name)
		r, err = c.Check(ctx, n("CZ25123891"))
		require.NoError(t, err, tr.name)
		assert.False(t, r.Valid, tr.name)
		reqs := srv.Requests()
		assert.Equal(t, tr.name, reqs[len(reqs)-1].Transport)
	}
	st, err := (&vies.Client{HTTPClient: srv.HTTPClient()}).Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, vies.Availability("Unavailable"), st.Countries["DE"])

	calls := srv.Calls()
	other := &vies.Client{HTTPClient: srv.HTTPClient(), SOAPEndpoint: "https://vies.example/checkVatService", MaxRetries: -1}
	_, err = other.Check(ctx, n("DE113866163"))
	assert.ErrorContains(t, err, "refused")
	assert.Equal(t, calls, srv.Calls(), "a request for another host reached the fake")
}

// TestProductionHost: the host HTTPClient redirects is the one of vies's
// production endpoints.
func TestProductionHost(t *testing.T) {
	for _, e := range []string{vies.DefaultSOAPEndpoint, vies.DefaultRESTEndpoint} {
		u, err := url.Parse(e)
		require.NoError(t, err)
		assert.Equal(t, "ec.europa.eu", u.Host)
	}
}

func ExampleServer_HTTPClient() {
	srv := viestest.NewServer()
	defer srv.Close()
	srv.Set("DE113866163", viestest.Valid("", ""))

	// Production endpoints, the fake behind them: SOAP and REST alike.
	for _, tr := range []vies.Transport{vies.SOAP, vies.REST} {
		c := &vies.Client{HTTPClient: srv.HTTPClient(), Transport: tr, MaxRetries: -1}
		n, _ := vat.ParseNumber("DE 113 866 163")
		r, err := c.Check(context.Background(), n)
		fmt.Println(r.Valid, err, srv.Requests()[len(srv.Requests())-1].Transport)
	}
	// Output:
	// true <nil> soap
	// true <nil> rest
}
