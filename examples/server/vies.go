package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vies"
)

// maxNumbers bounds one check request.
const maxNumbers = 100

// checkResult is one number's outcome. Status is "valid", "invalid" (VIES
// said so, or the number cannot be one: Reason says why), "unavailable"
// (VIES could not answer: unknown, ask again later) or "not_vies" (a
// country VIES does not serve: UK numbers are checked with HMRC). Reason
// and Warning are sentences for the seller.
type checkResult struct {
	Number string `json:"number,omitempty"` // canonical form
	Status string `json:"status"`
	// Date is the consultation date VIES gave (YYYY-MM-DD); empty when VIES
	// was not asked or did not answer.
	Date               string `json:"date,omitempty"`
	ConsultationNumber string `json:"consultation_number,omitempty"`
	Reason             string `json:"reason,omitempty"`
	// Warning is advisory and given whatever the status: the local check
	// digits disagree (VIES decides).
	Warning string `json:"warning,omitempty"`
}

// checkVIES checks numbers with VIES (only the country code and the number
// leave the system) and seals each answer in the seller's vault as
// evidence. Answers are cached per seller (a vies.Scope per tenant): each
// seller's evidence is its own consultation, and no check answers faster
// because another seller checked the same number.
func (s *server) checkVIES(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	var req struct {
		Numbers []string `json:"numbers"`
	}
	if err := readJSON(w, r, &req); err != nil {
		failBody(w, err)
		return
	}
	if len(req.Numbers) == 0 || len(req.Numbers) > maxNumbers {
		fail(w, http.StatusBadRequest, "Give 1 to 100 VAT numbers, one per line.")
		return
	}
	out := make([]checkResult, len(req.Numbers))
	var ask []vat.Number
	var at []int
	for i, in := range req.Numbers {
		n, err := vat.ParseNumber(in)
		switch {
		case err == nil:
		case errors.Is(err, vat.ErrChecksum):
			out[i].Warning = checksumWarning(err)
		default:
			out[i].Status, out[i].Reason = numberProblem(err)
			continue
		}
		out[i].Number = n.String()
		ask = append(ask, n)
		at = append(at, i)
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	for k, br := range s.cfg.VIES.Scope(ses.Tenant()).CheckBatch(ctx, ask) {
		res := &out[at[k]]
		if br.Err != nil {
			// vies's errors name the member state and the cause, never
			// the number checked.
			if !errors.Is(br.Err, vies.ErrNotInVIES) {
				s.logError(r.Context(), "vies check", br.Err)
			}
			res.Status, res.Reason = viesProblem(br.Err)
			continue
		}
		res.Status, res.Reason = statusInvalid, "VIES says this number is not valid."
		if br.Result.Valid {
			res.Status, res.Reason = statusValid, ""
		}
		res.Date = br.Result.RequestDate.Format(time.DateOnly)
		res.ConsultationNumber = br.Result.ConsultationNumber
		if err := s.keepEvidence(r.Context(), ses, br.Result); err != nil {
			s.internal(w, r, "vies evidence", err)
			return
		}
	}
	s.audit(r.Context(), ses.Tenant(), vault.EventVIESCheck, int64(len(ask)))
	writeJSON(w, http.StatusOK, map[string]any{"results": out})
}

// keepEvidence seals VIES's answer (trader details included: personal
// data) as a record of kind "vies".
func (s *server) keepEvidence(ctx context.Context, ses *vault.Session, res vies.Result) error {
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	rec, err := ses.Seal("vies", newID(), "", b)
	clear(b)
	if err != nil {
		return err
	}
	return ses.Put(ctx, rec)
}
