package viestest

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"time"
)

type restRequest struct {
	CountryCode              string `json:"countryCode"`
	VatNumber                string `json:"vatNumber"`
	RequesterMemberStateCode string `json:"requesterMemberStateCode"`
	RequesterNumber          string `json:"requesterNumber"`
}

type restAnswer struct {
	CountryCode       string `json:"countryCode"`
	VatNumber         string `json:"vatNumber"`
	RequestDate       string `json:"requestDate"`
	Valid             bool   `json:"valid"`
	RequestIdentifier string `json:"requestIdentifier"`
	Name              string `json:"name"`
	Address           string `json:"address"`
}

type restError struct {
	ActionSucceed bool           `json:"actionSucceed"`
	ErrorWrappers []restErrorRow `json:"errorWrappers"`
}

type restErrorRow struct {
	Error   string `json:"error"`
	Message string `json:"message,omitempty"`
}

// serveREST answers POST /check-vat-number (and the test-service path) with
// the fields of the Commission's OpenAPI description (swagger_publicVAT.yaml);
// errors as {"actionSucceed":false,
// "errorWrappers":[…]}, with HTTP 200 unless told otherwise.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequest))
	var req restRequest
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, restError{ErrorWrappers: []restErrorRow{{Error: "VOW-ERR-1"}}})
		return
	}
	c := checked{req.CountryCode, req.VatNumber, req.RequesterMemberStateCode, req.RequesterNumber}
	a, ok := s.answerFor(r, "rest", body, c)
	switch {
	case !ok:
		return
	case a.Malformed:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"valid": tr`))
	case a.Fault != "":
		status := a.FaultStatus
		if status == 0 {
			status = http.StatusOK
		}
		writeJSON(w, status, restError{ErrorWrappers: []restErrorRow{{Error: a.Fault}}})
	default:
		ans := restAnswer{
			CountryCode: c.countryCode, VatNumber: c.vatNumber,
			RequestDate: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
			Valid:       a.Valid, Name: orUndisclosed(a.Name), Address: orUndisclosed(a.Address),
		}
		if c.requesterCountry != "" {
			ans.RequestIdentifier = s.consultation(a)
		}
		b, _ := json.Marshal(ans)
		w.Header().Set("Content-Type", "application/json")
		writeSlow(r.Context(), w, a, b)
	}
}

type statusAnswer struct {
	Vow struct {
		Available bool `json:"available"`
	} `json:"vow"`
	Countries []statusRow `json:"countries"`
}

type statusRow struct {
	CountryCode  string `json:"countryCode"`
	Availability string `json:"availability"`
}

// serveStatus answers GET /check-status (swagger_publicVAT.yaml) from SetStatus.
func (s *Server) serveStatus(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	var st statusAnswer
	st.Vow.Available = true
	for cc, av := range s.status {
		st.Countries = append(st.Countries, statusRow{cc, av})
	}
	s.mu.Unlock()
	sort.Slice(st.Countries, func(i, j int) bool { return st.Countries[i].CountryCode < st.Countries[j].CountryCode })
	writeJSON(w, http.StatusOK, st)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
