package paypaltest

import (
	"net/http"
	"sort"
	"strconv"
	"time"
)

// search is GET /v1/reporting/transactions.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.Searches++
	n := s.stats.Searches
	s.mu.Unlock()
	if ok, expired := s.authorised(r); !ok {
		s.mu.Lock()
		s.stats.Refused++
		s.mu.Unlock()
		desc := "Authentication failed due to invalid authentication credentials or a missing Authorization header."
		if expired {
			desc = "Access Token not found in cache"
		}
		writeJSON(w, 401, map[string]string{"error": "invalid_token", "error_description": desc})
		return
	}
	if s.cfg.ThrottleEvery > 0 && n%s.cfg.ThrottleEvery == 0 {
		s.mu.Lock()
		s.stats.Throttled++
		s.mu.Unlock()
		apiError(w, 429, "RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting.")
		return
	}
	if n == s.cfg.MalformedSearch {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"transaction_details":[{"transaction_info":{"transaction_id":"9X`))
		return
	}
	q := r.URL.Query()
	start, err1 := time.Parse(time.RFC3339, q.Get("start_date"))
	end, err2 := time.Parse(time.RFC3339, q.Get("end_date"))
	size, err3 := strconv.Atoi(q.Get("page_size"))
	page, err4 := strconv.Atoi(q.Get("page"))
	switch {
	case err1 != nil || err2 != nil || err3 != nil || err4 != nil || page < 1 || size < 1:
		apiError(w, 400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.")
		return
	case size > 500 || end.Before(start) || end.Sub(start) > 31*24*time.Hour:
		apiError(w, 400, "INVALID_REQUEST", "Date range is greater than 31 days, or page size above 500.")
		return
	}
	// end_date is inclusive.
	lo := sort.Search(len(s.txs), func(i int) bool { return !s.txs[i].Date.Before(start) })
	hi := sort.Search(len(s.txs), func(i int) bool { return s.txs[i].Date.After(end) })
	total := hi - lo
	if total > s.cfg.MaxResults {
		s.mu.Lock()
		s.stats.TooLarge++
		s.mu.Unlock()
		apiError(w, 400, "RESULTSET_TOO_LARGE", "Result set size is greater than the maximum limit. Change the filter criteria and try again.")
		return
	}
	from := min(lo+(page-1)*size, hi)
	to := min(from+size, hi)
	details := make([]any, 0, to-from)
	for i := from; i < to; i++ {
		details = append(details, s.detail(&s.txs[i], q.Get("fields") == "all"))
	}
	writeJSON(w, 200, map[string]any{
		"transaction_details": details, "account_number": "XZXSPECYZZZZZ",
		"start_date": ppTime(start), "end_date": ppTime(end), "last_refreshed_datetime": ppTime(time.Now()),
		"page": page, "total_items": total, "total_pages": (total + size - 1) / size,
	})
}

func (s *Server) detail(t *Transaction, all bool) map[string]any {
	money := func(d interface{ StringFixed(int32) string }) map[string]string {
		return map[string]string{"currency_code": t.Currency, "value": d.StringFixed(2)}
	}
	info := map[string]any{
		"paypal_account_id": "ZZZZSELLER123", "transaction_id": t.ID, "transaction_event_code": t.EventCode,
		"transaction_initiation_date": ppTime(t.Date), "transaction_updated_date": ppTime(t.Date),
		"transaction_amount": money(t.Amount), "transaction_status": t.Status,
	}
	if !t.Tax.IsZero() {
		info["sales_tax_amount"] = money(t.Tax)
	}
	if t.ReferenceID != "" {
		info["paypal_reference_id"], info["paypal_reference_id_type"] = t.ReferenceID, "TXN"
	}
	d := map[string]any{"transaction_info": info}
	if !all {
		return d
	}
	d["payer_info"] = map[string]any{"email_address": t.Email, "country_code": t.PayerCountry,
		"payer_name": map[string]string{"alternate_full_name": t.Name}}
	if t.ShipTo != "" {
		d["shipping_info"] = map[string]any{"name": t.Name,
			"address": map[string]string{"line1": "1 Example Street", "city": "Example", "country_code": t.ShipTo, "postal_code": "10115"}}
	}
	return d
}
