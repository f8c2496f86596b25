package amazon

import (
	"context"

	"github.com/vatkit/vatkit/ingest"
)

// Report makes the VAT transactions report for r and starts downloading
// it: createReport, getReport until it is done, a restricted data token
// for the document, getReportDocument, then the download itself, which
// the returned Document streams. Read it with ingest.Open or hand it to
// an ingest.Pipeline; Close it when done.
func (c *Client) Report(ctx context.Context, r Request) (*Document, error) {
	id, err := c.createReport(ctx, r)
	if err != nil {
		return nil, err
	}
	docID, err := c.wait(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.document(ctx, docID)
}

// Ingest pulls the report for r into p, which seals each new
// transaction in the seller's vault and recognises the lines stored
// before, from a file upload of the same report or an earlier pull.
//
// A pull is one upload, all or nothing: a download cut off half-way
// leaves nothing stored, and the error is a *DownloadError. Pulling the
// same month again stores what is new (lines stored by an earlier upload
// of the same report count as Known), since every line is stored under a
// blind index of its identity.
func (c *Client) Ingest(ctx context.Context, p *ingest.Pipeline, r Request, opts ingest.Options) (ingest.Result, error) {
	doc, err := c.Report(ctx, r)
	if err != nil {
		return ingest.Result{}, err
	}
	defer doc.Close()
	if opts.Source == "" {
		opts.Source = "sp-api:" + doc.ID
	}
	return p.Ingest(ctx, doc, opts)
}
