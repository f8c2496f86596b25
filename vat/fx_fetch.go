package vat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// The ECB's reference-rate files (ECB, "Euro foreign exchange reference
// rates"): the latest day, the last 90 days, and every day since 1999. Rates
// appear at about 16:00 CET on every TARGET working day.
const (
	ECBDailyURL   = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
	ECBHist90dURL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
	ECBHistURL    = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.xml"
)

// ErrFXUnavailable is the sentinel for a rate source that could not be
// reached or did not answer properly. It is not [ErrNoFXRate]: the rate may
// well exist, vatkit could not ask.
var ErrFXUnavailable = errors.New("vat: exchange-rate source unavailable")

// FXFetchError says why a download failed. It unwraps to [ErrFXUnavailable]
// and to the transport error, if any.
type FXFetchError struct {
	URL        string
	StatusCode int // 0 when no HTTP answer arrived
	Reason     string
	Err        error
}

func (e *FXFetchError) Error() string {
	return fmt.Sprintf("vat: fetching %s: %s", e.URL, e.Reason)
}

// Unwrap returns ErrFXUnavailable and the underlying error, if any.
func (e *FXFetchError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrFXUnavailable, e.Err}
	}
	return []error{ErrFXUnavailable}
}

// ECBClient downloads one of the ECB's reference-rate files and parses it
// into an [FXTable]. The zero value fetches [ECBHistURL] with a 60-second
// timeout. It keeps no state between calls: cache the table (a history file
// is about 30 MB) and fetch again after 16:00 CET for a new day.
type ECBClient struct {
	// HTTPClient does the request; nil means a client with a 60 s timeout.
	// Its own Timeout, if any, applies too.
	HTTPClient *http.Client
	// URL is the file to fetch; "" means ECBHistURL. ECBHist90dURL suffices
	// for returns filed within 90 days of the period's end.
	URL string
	// MaxBytes caps the document size; 0 means 64 MiB.
	MaxBytes int64
}

// Fetch downloads and parses the file. ctx bounds the whole download. A
// transport failure, a status other than 200 or an oversized body is an
// [*FXFetchError] (errors.Is ErrFXUnavailable); a malformed document is an
// [*ECBFormatError].
func (c *ECBClient) Fetch(ctx context.Context) (*FXTable, error) {
	url := c.URL
	if url == "" {
		url = ECBHistURL
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, &FXFetchError{URL: url, Reason: "bad request", Err: err}
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, &FXFetchError{URL: url, Reason: "request failed", Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &FXFetchError{URL: url, StatusCode: resp.StatusCode, Reason: "HTTP status " + resp.Status}
	}
	body := &cappedReader{r: resp.Body, left: c.maxBytes()}
	t, err := ParseECB(body)
	if err != nil {
		if body.over {
			return nil, &FXFetchError{URL: url, StatusCode: resp.StatusCode, Reason: fmt.Sprintf("document larger than %d bytes", c.maxBytes()), Err: errTooLarge}
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, &FXFetchError{URL: url, StatusCode: resp.StatusCode, Reason: "download interrupted", Err: ctxErr}
		}
		// A failed read means the connection, not the document, failed.
		if body.err != nil {
			return nil, &FXFetchError{URL: url, StatusCode: resp.StatusCode, Reason: "download failed", Err: body.err}
		}
		return nil, err
	}
	return t, nil
}

func (c *ECBClient) client() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return &http.Client{Timeout: 60 * time.Second}
}

func (c *ECBClient) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return 64 << 20
}

var errTooLarge = errors.New("vat: document too large")

// cappedReader fails with errTooLarge once more than left bytes were read,
// and remembers any other read error so that Fetch can tell a broken download
// from a broken document.
type cappedReader struct {
	r    io.Reader
	left int64
	over bool
	err  error
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Probe one byte, so that a body of exactly the cap is not refused.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n == 0 && err != nil {
			c.keep(err)
			return 0, err
		}
		if n == 0 {
			return 0, nil
		}
		c.over = true
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	c.keep(err)
	return n, err
}

func (c *cappedReader) keep(err error) {
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
}
