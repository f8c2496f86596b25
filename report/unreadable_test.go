package report_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// tamperedVault returns a session over a store the test can reach under
// the vault, with a generated July 2026 file uploaded as "july.csv".
func tamperedVault(t *testing.T) (*vault.Session, *vault.MemoryStore, string) {
	t.Helper()
	ctx := context.Background()
	store := &vault.MemoryStore{}
	v, err := vault.New(vault.Config{Store: store, Params: vault.Floor})
	require.NoError(t, err)
	pw := []byte("a long enough test passphrase 7")
	require.NoError(t, v.Enroll(ctx, "t-1", "seller", pw))
	s, err := v.Open(ctx, "t-1", "seller", pw)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	var file bytes.Buffer
	_, err = gen.Template(&file, gen.TemplateConfig{Rows: 200, Seed: 3})
	require.NoError(t, err)
	p := ingest.Pipeline{Vault: s}
	res, err := p.Ingest(ctx, &file, ingest.Options{Name: "july.csv"})
	require.NoError(t, err)
	return s, store, res.Upload
}

// records returns the session's stored transaction records.
func records(t *testing.T, s *vault.Session) []vault.Record {
	var out []vault.Record
	for r, err := range s.Records(context.Background(), vault.Query{Kind: "txn"}) {
		require.NoError(t, err)
		out = append(out, r)
	}
	return out
}

// A record that cannot be read back — moved to another period, moved to
// another row, damaged, or sealed content that is not a transaction — is
// left out of the return, counted, and named in its review list (the
// upload's file name and date, the records' ids) in a seller's words; the
// build does not fail, nor does a reconciliation. Load, which returns
// transactions, refuses.
func TestBuildFromUnreadable(t *testing.T) {
	ctx := context.Background()
	s, store, upload := tamperedVault(t)
	o := report.OSS{Seller: vat.Seller{Established: vat.DE, OptedIn: true, OSS: vat.OSSRegistration{MemberState: vat.DE}}}
	q3 := vat.Period{Year: 2026, Quarter: 3}
	clean, err := o.BuildFrom(ctx, q3, &report.History{Vault: s})
	require.NoError(t, err)
	require.Zero(t, clean.Unreadable)

	recs := records(t, s)
	moved := recs[0]
	moved.Period = "2026-08" // another period
	swapA, swapB := recs[1], recs[2]
	swapA.Sealed, swapB.Sealed = recs[2].Sealed, recs[1].Sealed // each other's row
	damaged := recs[3]
	damaged.Sealed = bytes.Clone(damaged.Sealed)
	damaged.Sealed[len(damaged.Sealed)/2] ^= 1
	for _, r := range []vault.Record{moved, swapA, swapB, damaged} {
		require.NoError(t, store.PutRecord(ctx, r))
	}
	junk, err := s.Seal("txn", recs[4].ID, recs[4].Period, []byte("not a transaction"))
	require.NoError(t, err)
	junk.Upload = upload
	require.NoError(t, store.PutRecord(ctx, junk))

	r, err := o.BuildFrom(ctx, q3, &report.History{Vault: s})
	require.NoError(t, err)
	require.Equal(t, 5, r.Unreadable)
	require.True(t, r.Total.LessThan(clean.Total), "the unreadable rows still count: %s vs %s", r.Total, clean.Total)
	var named *report.Review
	for i := range r.NeedsReview {
		if strings.Contains(r.NeedsReview[i].Reason, "could not be read back") {
			require.Nil(t, named, "one entry per upload: %+v", r.NeedsReview)
			named = &r.NeedsReview[i]
		}
	}
	require.NotNil(t, named, "no review names the unreadable rows: %+v", r.NeedsReview)
	require.Equal(t, "july.csv", named.Source)
	for _, want := range []string{"5 rows", "Undo that upload", "upload the file again", recs[0].ID, recs[3].ID} {
		require.Contains(t, named.Reason, want)
	}
	created, _ := vault.UploadTime(upload)
	require.Contains(t, named.Reason, created.Format("2 January 2006"))

	rc := report.Reconciliation{Seller: o.Seller}
	rec, err := rc.BuildFrom(ctx, q3, &report.History{Vault: s})
	require.NoError(t, err)
	require.Equal(t, 5, rec.Unreadable)
	require.Len(t, rec.NeedsReview, 1, "one entry per upload")
	require.Equal(t, "july.csv", rec.NeedsReview[0].Source)
	require.Contains(t, rec.NeedsReview[0].Reason, "5 rows")

	_, err = report.Load(ctx, s)
	require.True(t, errors.Is(err, report.ErrUnreadable), "Load: %v", err)
	require.NotContains(t, fmt.Sprint(err), "not a transaction")
}

// Records stored without an upload id are named as stored rows, with
// advice that does not send the seller to undo an upload.
func TestUnreadableWithoutUpload(t *testing.T) {
	ctx := context.Background()
	s, store, _ := tamperedVault(t)
	rec, err := s.Seal("txn", "legacy-1", "2026-07", []byte("{"))
	require.NoError(t, err)
	require.NoError(t, store.PutRecord(ctx, rec))
	n := report.National{Seller: vat.Seller{Established: vat.DE}}
	_, reviews, err := n.BuildFrom(ctx, vat.Period{Year: 2026, Quarter: 3}, &report.History{Vault: s})
	require.NoError(t, err)
	require.Len(t, reviews, 1)
	require.Equal(t, "stored rows", reviews[0].Source)
	require.Contains(t, reviews[0].Reason, "A stored row could not be read back")
	require.Contains(t, reviews[0].Reason, "no upload that can be undone")
	require.Contains(t, reviews[0].Reason, "legacy-1")
}
