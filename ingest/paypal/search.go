package paypal

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/vatkit/vatkit/internal/wait"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxPage caps one page read into memory: 500 detailed transactions are
// well under it.
const maxPage = 32 << 20

// page is one page of a search.
type page struct {
	Details    []detail `json:"transaction_details"`
	Page       int      `json:"page"`
	TotalItems int      `json:"total_items"`
	TotalPages int      `json:"total_pages"`
}

// search gets one page of GET /v1/reporting/transactions for
// [start, end), retrying throttled and failed calls, and fetching a new
// token once when PayPal refuses the current one.
func (c *Client) search(ctx context.Context, start, end time.Time, n int) (*page, error) {
	q := url.Values{}
	q.Set("start_date", start.UTC().Format(time.RFC3339))
	// end_date is inclusive: stop a second before the next window.
	q.Set("end_date", end.Add(-time.Second).UTC().Format(time.RFC3339))
	q.Set("fields", "all")
	q.Set("page_size", strconv.Itoa(c.cfg.PageSize))
	q.Set("page", strconv.Itoa(n))
	u := c.base + "/v1/reporting/transactions?" + q.Encode()
	backoff := c.cfg.RetryBackoff
	renewed := false
	for attempt := 0; ; attempt++ {
		p, err := c.get(ctx, u, n)
		ae, _ := err.(*AuthError)
		switch {
		case ae != nil && ae.Status == http.StatusUnauthorized && !renewed:
			renewed = true
			continue
		case !retryable(err) || attempt >= c.cfg.Retries:
			return p, err
		}
		pause := wait.Jitter(backoff)
		backoff *= 2
		if err := wait.Sleep(ctx, pause); err != nil {
			return nil, err
		}
	}
}

func retryable(err error) bool {
	ae, ok := err.(*APIError)
	return ok && (ae.Status == http.StatusTooManyRequests || ae.Status >= 500)
}

func (c *Client) get(ctx context.Context, u string, n int) (*page, error) {
	tok, ts, err := c.token()
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxPage+1))
	switch {
	case err != nil:
		return nil, &MalformedError{Page: n, Reason: "cut off"}
	case len(raw) > maxPage:
		return nil, &MalformedError{Page: n, Reason: "too large"}
	case resp.StatusCode == http.StatusUnauthorized:
		c.refused(ts)
		return nil, &AuthError{Status: 401, Code: errorName(raw)}
	case resp.StatusCode == http.StatusForbidden:
		return nil, &AuthError{Status: 403, Code: errorName(raw)}
	case resp.StatusCode/100 != 2:
		return nil, &APIError{Status: resp.StatusCode, Name: errorName(raw)}
	}
	var p page
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, &MalformedError{Page: n, Reason: jsonReason(err)}
	}
	if p.TotalPages < 0 || p.TotalItems < 0 || len(p.Details) > c.cfg.PageSize {
		return nil, &MalformedError{Page: n, Reason: "impossible page counts"}
	}
	return &p, nil
}

// errorName reads PayPal's error name: "name" of the REST error body, or
// "error" of an OAuth error. Messages are not kept: they may quote the
// request.
func errorName(raw []byte) string {
	var e struct {
		Name  string `json:"name"`
		Error string `json:"error"`
	}
	if json.Unmarshal(raw, &e) != nil {
		return ""
	}
	s := e.Name
	if s == "" {
		s = e.Error
	}
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// jsonReason says what was wrong with a page without quoting it.
func jsonReason(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var de *timeError
	switch {
	case errors.As(err, &se):
		return "invalid JSON at byte " + strconv.FormatInt(se.Offset, 10)
	case errors.As(err, &te):
		return "field " + te.Field + " has the wrong type"
	case errors.As(err, &de):
		return de.Error()
	}
	return "a value is not what the search response holds there"
}
