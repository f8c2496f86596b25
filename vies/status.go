package vies

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/vatkit/vatkit/vat"
)

// Availability is a member state's status as GET /check-status reports it:
// "Available", "Unavailable" or "Monitoring Disabled" (Matav5/vies-sdk
// src/Response/StatusInformationResponse.php).
type Availability string

// Availability values VIES is known to send.
const (
	Available          Availability = "Available"
	Unavailable        Availability = "Unavailable"
	MonitoringDisabled Availability = "Monitoring Disabled"
)

// Status is VIES's own view of its availability.
type Status struct {
	Available bool                         // VIES as a whole answers
	Countries map[vat.Country]Availability // per member state; GR for EL
}

type restStatus struct {
	Vow struct {
		Available bool `json:"available"`
	} `json:"vow"`
	Countries []struct {
		CountryCode  string `json:"countryCode"`
		Availability string `json:"availability"`
	} `json:"countries"`
}

// Status asks the REST API which member states are available (GET
// {RESTEndpoint}/check-status), whatever the Transport. Useful before a
// batch run; it sends no number.
func (c *Client) Status(ctx context.Context) (Status, error) {
	st := c.state()
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, st.restBase+"/check-status", nil)
	if err != nil {
		return Status{}, inputError("", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	resp, err := st.hc.Do(req)
	if err != nil {
		return Status{}, classify(ctx, "", 0, err, "status request failed")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Status{}, unavailable("", resp.StatusCode, nil)
	}
	limitBody(resp)
	return decodeStatus(ctx, resp)
}

func decodeStatus(ctx context.Context, resp *http.Response) (Status, error) {
	var rs restStatus
	if err := json.NewDecoder(resp.Body).Decode(&rs); err != nil {
		return Status{}, classify(ctx, "", resp.StatusCode, err, "cannot decode status")
	}
	s := Status{Available: rs.Vow.Available, Countries: make(map[vat.Country]Availability, len(rs.Countries))}
	for _, cs := range rs.Countries {
		if c, err := vat.ParseCountry(cs.CountryCode); err == nil {
			s.Countries[c] = Availability(cs.Availability)
		}
	}
	return s, nil
}
