package amazon

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
)

type documentInfo struct {
	ReportDocumentID     string `json:"reportDocumentId"`
	URL                  string `json:"url"`
	CompressionAlgorithm string `json:"compressionAlgorithm"`
}

// restrictedToken gets a Restricted Data Token for exactly one path, as
// the Tokens API 2021-03-01 requires for reports that hold personal data.
func (c *Client) restrictedToken(ctx context.Context, method, path string) (string, error) {
	type resource struct {
		Method string `json:"method"`
		Path   string `json:"path"`
	}
	in := struct {
		RestrictedResources []resource `json:"restrictedResources"`
	}{[]resource{{method, path}}}
	var out struct {
		RestrictedDataToken string `json:"restrictedDataToken"`
	}
	if err := c.call(ctx, OpRestrictedToken, "POST", "/tokens/2021-03-01/restrictedDataToken", in, &out, ""); err != nil {
		return "", err
	}
	if out.RestrictedDataToken == "" {
		return "", &APIError{Op: OpRestrictedToken, Status: 200, Code: "no restrictedDataToken"}
	}
	return out.RestrictedDataToken, nil
}

// document gets the document's pre-signed URL with a restricted data
// token and starts the download.
func (c *Client) document(ctx context.Context, docID string) (*Document, error) {
	path := "/reports/2021-06-30/documents/" + url.PathEscape(docID)
	rdt, err := c.restrictedToken(ctx, "GET", path)
	if err != nil {
		return nil, err
	}
	var info documentInfo
	if err := c.call(ctx, OpGetReportDocument, "GET", path, nil, &info, rdt); err != nil {
		return nil, err
	}
	if info.URL == "" {
		return nil, &APIError{Op: OpGetReportDocument, Status: 200, Code: "no url"}
	}
	return c.download(ctx, info)
}

// Document is a report document being downloaded: reading it yields the
// report's text, gunzipped when Amazon compressed it, as it arrives. A
// transfer that breaks off is a *DownloadError. Close it when done.
type Document struct {
	ID   string // Amazon's reportDocumentId
	body io.ReadCloser
	r    io.Reader
}

func (c *Client) download(ctx context.Context, info documentInfo) (*Document, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", info.URL, nil)
	if err != nil {
		return nil, &DownloadError{Err: errors.New("bad document URL")}
	}
	resp, err := c.dl.Do(req)
	if err != nil {
		// The URL is pre-signed: its query is a credential, so the
		// *url.Error, which quotes it, is not passed on.
		return nil, &DownloadError{Err: urlFree(err)}
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, &DownloadError{Status: resp.StatusCode}
	}
	d := &Document{ID: info.ReportDocumentID, body: resp.Body}
	br := bufio.NewReaderSize(cutReader{resp.Body}, 64<<10)
	d.r = br
	if info.CompressionAlgorithm == "GZIP" {
		zr, err := gzip.NewReader(br)
		if err != nil {
			resp.Body.Close()
			return nil, &DownloadError{Err: err}
		}
		d.r = cutReader{zr}
	}
	return d, nil
}

// Read reads the report's text.
func (d *Document) Read(p []byte) (int, error) { return d.r.Read(p) }

// Close ends the download.
func (d *Document) Close() error { return d.body.Close() }

// cutReader turns every read error but io.EOF into a *DownloadError, so
// that a cut connection or a truncated gzip stream reaches the reader of
// the report, and through it the caller, as a typed error.
type cutReader struct{ r io.Reader }

func (c cutReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF {
		var de *DownloadError
		if !errors.As(err, &de) {
			err = &DownloadError{Err: urlFree(err)}
		}
	}
	return n, err
}

// urlFree drops the URL from a *url.Error: a pre-signed URL must not
// reach a log.
func urlFree(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
