package report

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// ErrGone is returned by [Downloads.Take] for a report that was already
// downloaded, has expired, or never existed: the three are not told apart.
var ErrGone = errors.New("report: download gone")

// Sealer is what [Downloads] needs of a seller's open vault session;
// *vault.Session is one. Its contract is vault's: Get and Delete fail with
// vault.ErrNotFound when there is no such record, Delete of a record
// succeeds for one caller only, and every method is safe for concurrent
// use.
type Sealer interface {
	Tenant() string
	Seal(kind, id, period string, content []byte) (vault.Record, error)
	Put(ctx context.Context, r vault.Record) error
	Get(ctx context.Context, kind, id string) ([]byte, error)
	Delete(ctx context.Context, kind, id string) error
	Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error]
	Open(r vault.Record) ([]byte, error)
}

var _ Sealer = (*vault.Session)(nil)

// Downloads keeps built reports sealed in the seller's vault until they are
// downloaded, once: Take deletes the report as it returns it. A report
// never downloaded is deleted when it has expired, by Take or Sweep.
type Downloads struct {
	Vault Sealer
	// TTL is how long a report waits to be downloaded; 0 means 24 hours.
	TTL time.Duration
	// Kind is the record kind; "" means "report".
	Kind string
	// Audit receives EventReportBuilt and EventReportDownloaded; nil
	// means none.
	Audit vault.AuditLog
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Download is a stored report.
type Download struct {
	Name        string // a file name to offer, e.g. "oss-2026-Q3.json"
	ContentType string
	Content     []byte
	Expires     time.Time
}

// Save seals the report and returns its id, an opaque random value to put
// in the download link. lines is the report's size in lines, for the audit
// log.
func (d *Downloads) Save(ctx context.Context, name, contentType string, content []byte, lines int) (string, error) {
	id := NewDownloadID()
	if err := d.SaveAs(ctx, id, name, contentType, content, lines); err != nil {
		return "", err
	}
	return id, nil
}

// NewDownloadID returns a new opaque random id for [Downloads.SaveAs]: 32
// hexadecimal digits.
func NewDownloadID() string {
	var raw [16]byte
	rand.Read(raw[:])
	return hex.EncodeToString(raw[:])
}

// SaveAs is Save under an id the caller chose with [NewDownloadID], for a
// host that hands out the download link before the report is built.
func (d *Downloads) SaveAs(ctx context.Context, id, name, contentType string, content []byte, lines int) error {
	dl := Download{Name: name, ContentType: contentType, Content: content, Expires: d.now().Add(d.ttl())}
	enc, err := encodeDownload(dl)
	if err != nil {
		return err
	}
	rec, err := d.Vault.Seal(d.kind(), id, "", enc)
	clear(enc)
	if err != nil {
		return err
	}
	if err := d.Vault.Put(ctx, rec); err != nil {
		return err
	}
	d.event(ctx, vault.EventReportBuilt, int64(lines))
	return nil
}

// Take returns the report and deletes it; a second Take, or one after the
// report expired, fails with ErrGone. When two Takes race, one wins.
//
// The returned Content is the only copy of the opened report left in
// memory: clear it once written out. On every failure Take clears what it
// opened itself.
func (d *Downloads) Take(ctx context.Context, id string) (Download, error) {
	content, err := d.Vault.Get(ctx, d.kind(), id)
	if errors.Is(err, vault.ErrNotFound) {
		return Download{}, ErrGone
	}
	if err != nil {
		return Download{}, err
	}
	dl, err := decodeDownload(content)
	if err != nil {
		err = fmt.Errorf("report: download %s: %w", id, err)
	} else {
		err = d.claim(ctx, id, dl)
	}
	if err != nil {
		clear(content)
		return Download{}, err
	}
	clear(content[:len(content)-len(dl.Content)]) // the header, copied into dl
	d.event(ctx, vault.EventReportDownloaded, int64(len(dl.Content)))
	return dl, nil
}

// claim deletes the report Take opened and checks that it was still
// there to take and not expired.
func (d *Downloads) claim(ctx context.Context, id string, dl Download) error {
	err := d.Vault.Delete(ctx, d.kind(), id)
	if errors.Is(err, vault.ErrNotFound) {
		return ErrGone // another Take got it first
	}
	if err != nil {
		return err
	}
	if !d.now().Before(dl.Expires) {
		return ErrGone
	}
	return nil
}

// Sweep deletes the session's expired reports and returns how many.
func (d *Downloads) Sweep(ctx context.Context) (int, error) {
	var expired []string
	now := d.now()
	for rec, err := range d.Vault.Records(ctx, vault.Query{Kind: d.kind()}) {
		if err != nil {
			return 0, err
		}
		content, err := d.Vault.Open(rec)
		if err != nil {
			return 0, fmt.Errorf("report: download %s: %w", rec.ID, err)
		}
		dl, err := decodeDownload(content)
		clear(content)
		if err != nil || !now.Before(dl.Expires) {
			expired = append(expired, rec.ID) // expired, or unreadable: nobody can download it
		}
	}
	n := 0
	for _, id := range expired {
		if err := d.Vault.Delete(ctx, d.kind(), id); err != nil && !errors.Is(err, vault.ErrNotFound) {
			return n, err
		}
		n++
	}
	return n, nil
}

func (d *Downloads) event(ctx context.Context, t vault.EventType, count int64) {
	if d.Audit != nil {
		// The download itself succeeded; an audit failure is the log's to report.
		_ = d.Audit.Append(ctx, vault.Event{Time: d.now().UTC(), Tenant: d.Vault.Tenant(), Type: t, Count: count})
	}
}

func (d *Downloads) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Downloads) ttl() time.Duration {
	if d.TTL <= 0 {
		return 24 * time.Hour
	}
	return d.TTL
}

func (d *Downloads) kind() string {
	if d.Kind == "" {
		return "report"
	}
	return d.Kind
}
