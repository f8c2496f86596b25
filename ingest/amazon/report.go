package amazon

import (
	"context"
	"errors"
	"github.com/vatkit/vatkit/internal/wait"
	"net/url"
	"time"
)

// ReportType is the report the client requests: Amazon's VAT Transactions
// Report, restricted because it holds buyers' data.
const ReportType = "GET_VAT_TRANSACTION_DATA"

// Request says which report to make.
type Request struct {
	// Marketplaces are the marketplace ids, e.g. "A1PA6795UKMFR9"
	// (Germany); at least one.
	Marketplaces []string
	// Start and End bound the report's data; End is exclusive. The VAT
	// transactions report is made per calendar month: use Month.
	Start, End time.Time
}

// Month returns the request for the calendar month (UTC) that holds t.
func Month(t time.Time, marketplaces ...string) Request {
	y, m, _ := t.UTC().Date()
	start := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return Request{Marketplaces: marketplaces, Start: start, End: start.AddDate(0, 1, 0)}
}

type createReportBody struct {
	ReportType     string   `json:"reportType"`
	MarketplaceIDs []string `json:"marketplaceIds"`
	DataStartTime  string   `json:"dataStartTime,omitempty"`
	DataEndTime    string   `json:"dataEndTime,omitempty"`
}

type reportStatus struct {
	ReportID         string `json:"reportId"`
	ProcessingStatus string `json:"processingStatus"`
	ReportDocumentID string `json:"reportDocumentId"`
}

// createReport asks for the report and returns its id.
func (c *Client) createReport(ctx context.Context, r Request) (string, error) {
	in := createReportBody{ReportType: ReportType, MarketplaceIDs: r.Marketplaces}
	if !r.Start.IsZero() {
		in.DataStartTime = r.Start.UTC().Format(time.RFC3339)
	}
	if !r.End.IsZero() {
		// dataEndTime is inclusive in the API.
		in.DataEndTime = r.End.Add(-time.Second).UTC().Format(time.RFC3339)
	}
	var out struct {
		ReportID string `json:"reportId"`
	}
	if err := c.call(ctx, OpCreateReport, "POST", "/reports/2021-06-30/reports", in, &out, ""); err != nil {
		return "", err
	}
	if out.ReportID == "" {
		return "", &APIError{Op: OpCreateReport, Status: 200, Code: "no reportId"}
	}
	return out.ReportID, nil
}

// wait polls getReport, backing off from PollInterval to
// MaxPollInterval, until the report is DONE, CANCELLED or FATAL, and
// returns the id of its document.
func (c *Client) wait(parent context.Context, id string) (string, error) {
	limit := time.Now().Add(c.cfg.MaxWait)
	ctx, cancel := context.WithDeadlineCause(parent, limit, ErrTimeout)
	defer cancel()
	// timedOut returns ErrTimeout when MaxWait, not the caller, ended the
	// wait, or would have before the next call could be made.
	timedOut := func(err error) error {
		if context.Cause(ctx) == ErrTimeout {
			return ErrTimeout
		}
		if d, ok := parent.Deadline(); errors.Is(err, context.DeadlineExceeded) && (!ok || d.After(limit)) {
			return ErrTimeout
		}
		return err
	}
	interval := c.cfg.PollInterval
	for {
		var st reportStatus
		err := c.call(ctx, OpGetReport, "GET", "/reports/2021-06-30/reports/"+url.PathEscape(id), nil, &st, "")
		if err != nil {
			return "", timedOut(err)
		}
		switch st.ProcessingStatus {
		case "DONE":
			if st.ReportDocumentID == "" {
				return "", &APIError{Op: OpGetReport, Status: 200, Code: "DONE without reportDocumentId"}
			}
			return st.ReportDocumentID, nil
		case "FATAL":
			return "", &ReportError{ReportID: id, Status: "FATAL", Early: c.cfg.Now().UTC().Day() < 3}
		case "CANCELLED":
			return "", &ReportError{ReportID: id, Status: "CANCELLED"}
		}
		if err := wait.Sleep(ctx, interval); err != nil {
			return "", timedOut(err)
		}
		interval = min(2*interval, c.cfg.MaxPollInterval)
	}
}
