package vies

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// restWire speaks the JSON API: POST {base}/check-vat-number (the
// Commission's OpenAPI description, ec.europa.eu/assets/taxud/vow-information/swagger_publicVAT.yaml).
type restWire struct {
	url string
	hc  *http.Client
}

func newRESTWire(base string, hc *http.Client) *restWire {
	return &restWire{url: base + "/check-vat-number", hc: hc}
}

// restRequest is the JSON body: the number, and the requester's own number
// when configured (field names as in the REST SDKs built on the official
// swagger, e.g. Matav5/vies-sdk src/Request/CheckVatRequest.php).
type restRequest struct {
	CountryCode              string `json:"countryCode"`
	VatNumber                string `json:"vatNumber"`
	RequesterMemberStateCode string `json:"requesterMemberStateCode,omitempty"`
	RequesterNumber          string `json:"requesterNumber,omitempty"`
}

// restAnswer holds both shapes the endpoint sends: an answer, or
// {"actionSucceed":false,"errorWrappers":[{"error":CODE}]} — often with
// HTTP 200 (jofme/D365FinanceToolbox#73; znojil/vies README). Valid is a
// pointer so that a missing "valid" is a protocol error, never "invalid".
type restAnswer struct {
	Valid             *bool   `json:"valid"`
	RequestDate       string  `json:"requestDate"`
	Name              *string `json:"name"`
	Address           *string `json:"address"`
	RequestIdentifier string  `json:"requestIdentifier"`
	ActionSucceed     *bool   `json:"actionSucceed"`
	ErrorWrappers     []struct {
		Error string `json:"error"`
	} `json:"errorWrappers"`
}

func (w *restWire) check(ctx context.Context, r request) (answer, error) {
	body, err := json.Marshal(restRequest{
		CountryCode:              r.countryCode,
		VatNumber:                r.vatNumber,
		RequesterMemberStateCode: r.requesterCountry,
		RequesterNumber:          r.requesterNumber,
	})
	if err != nil {
		return answer{}, inputError(r.country, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return answer{}, inputError(r.country, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	resp, err := w.hc.Do(req)
	if err != nil {
		return answer{}, classify(ctx, r.country, 0, err, "REST request failed")
	}
	defer resp.Body.Close()
	limitBody(resp)
	a, err := decodeREST(r, resp.StatusCode, resp.Body)
	if e, ok := err.(*Error); ok && e.Kind == ErrProtocol {
		// A read that failed because the deadline passed or the network
		// broke is an outage, not a malformed answer.
		if ctx.Err() != nil {
			return answer{}, unavailable(r.country, resp.StatusCode, ctx.Err())
		}
	}
	return a, err
}

// decodeREST decodes one answer body of POST /check-vat-number.
func decodeREST(r request, status int, body io.Reader) (answer, error) {
	var ra restAnswer
	if err := json.NewDecoder(body).Decode(&ra); err != nil {
		if status >= 500 {
			return answer{}, unavailable(r.country, status, nil)
		}
		return answer{}, classify(context.Background(), r.country, status, err, "cannot decode REST answer")
	}
	if len(ra.ErrorWrappers) > 0 {
		return answer{}, faultError(r.country, ra.ErrorWrappers[0].Error, status)
	}
	if ra.ActionSucceed != nil && !*ra.ActionSucceed || status >= 500 {
		return answer{}, unavailable(r.country, status, nil)
	}
	if status < 200 || status > 299 {
		return answer{}, protocolError(r.country, status, "unexpected HTTP status")
	}
	if ra.Valid == nil {
		return answer{}, protocolError(r.country, status, "REST answer without valid")
	}
	date, err := time.Parse(time.RFC3339Nano, ra.RequestDate)
	if err != nil || date.Year() < 2000 {
		return answer{}, protocolError(r.country, status, "missing or unreadable requestDate")
	}
	return answer{
		valid:        *ra.Valid,
		date:         date,
		name:         disclosed(ra.Name),
		address:      disclosed(ra.Address),
		consultation: ra.RequestIdentifier,
	}, nil
}
