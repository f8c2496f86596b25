package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// Upload describes one committed upload of a seller. Its description is
// sealed in the seller's vault (the file's name among it); the counts of
// stored records are the store's.
type Upload struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Format  Format    `json:"format"`
	// Name is what the seller called the file, if the host passed it in
	// [Options.Name]; it is kept sealed.
	Name string `json:"name,omitempty"`
	// Rows counts the data rows read; Rejected those refused, with a
	// reason; NeedsReview the accepted ones a person should look at.
	Rows        int `json:"rows"`
	Rejected    int `json:"rejected"`
	NeedsReview int `json:"needs_review"`
	// Lines counts the rows that were neither rejected nor repeated
	// within the file: each is either Stored or a duplicate.
	Lines int `json:"lines"`
	// Stored counts the records of the upload now in the vault;
	// Duplicates the rows not stored because the line was there already
	// (from this file, or an earlier upload).
	Stored     int `json:"stored"`
	Duplicates int `json:"duplicates"`
}

// ErrUnknownUpload is returned by Undo for an id that names no upload of
// the seller.
var ErrUnknownUpload = errors.New("ingest: no such upload")

// Uploads lists the seller's committed uploads, oldest first.
func (p *Pipeline) Uploads(ctx context.Context) ([]Upload, error) {
	counts, err := p.Vault.UploadCounts(ctx)
	if err != nil {
		return nil, err
	}
	var out []Upload
	for r, err := range p.Vault.Records(ctx, vault.Query{Kind: UploadKind}) {
		if err != nil {
			return nil, err
		}
		content, err := p.Vault.Open(r)
		if err != nil {
			return nil, fmt.Errorf("ingest: upload %s: %w", r.ID, err)
		}
		var u Upload
		err = json.Unmarshal(content, &u)
		clear(content)
		if err != nil || u.ID != r.ID {
			return nil, fmt.Errorf("ingest: upload %s: malformed description", r.ID)
		}
		u.Stored = max(counts[r.ID]-1, 0) // less the description itself
		u.Duplicates = max(u.Lines-u.Stored, 0) + (u.Rows - u.Rejected - u.Lines)
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b Upload) int { return a.Created.Compare(b.Created) })
	return out, nil
}

// Undo removes every transaction an upload stored, and its description,
// and reports how many transactions it removed. Lines that were
// duplicates of this upload's in later uploads go too: they were stored
// once, by this upload. ErrUnknownUpload when the id names no upload.
func (p *Pipeline) Undo(ctx context.Context, id string) (int, error) {
	n, err := p.Vault.DeleteUpload(ctx, id)
	if errors.Is(err, vault.ErrNotFound) {
		return 0, ErrUnknownUpload
	}
	if err != nil {
		return 0, err
	}
	return n - 1, nil
}
