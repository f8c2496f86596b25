package amazon_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/ingest/amazon"
	"github.com/vatkit/vatkit/ingest/amazon/amazontest"
	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vault"
)

// newSession enrols a tenant with vault's lowest Argon2id parameters and
// opens a session.
func newSession(t testing.TB) *vault.Session {
	t.Helper()
	v, err := vault.New(vault.Config{Store: &vault.MemoryStore{}, Params: vault.Floor})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const login, password = "seller@example.com", "correct horse battery staple 9"
	if err := v.Enroll(ctx, "tenant-1", login, []byte(password)); err != nil {
		t.Fatal(err)
	}
	s, err := v.Open(ctx, "tenant-1", login, []byte(password))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestIngestAfterUpload: a pull of the month after the seller uploaded
// the same month's report as a file stores only the lines the file did
// not have, and a second pull stores nothing.
func TestIngestAfterUpload(t *testing.T) {
	ctx := context.Background()
	p := &ingest.Pipeline{Vault: newSession(t), BatchSize: 64}
	upload, err := p.Ingest(ctx, bytes.NewReader(vtr(t, 300)), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The report of the whole month has more lines than the early file.
	s := newFake(t, 450, amazontest.Config{ThrottleEvery: 5})
	c := newClient(t, clientConfig(s))
	first, err := c.Ingest(ctx, p, july, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	full, err := p.Ingest(ctx, bytes.NewReader(vtr(t, 450)), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Known != upload.Stored || first.Stored != full.Known-upload.Stored || first.Stored == 0 || full.Stored != 0 {
		t.Fatalf("upload %+v\npull %+v\nfile again %+v", upload, first, full)
	}
	again, err := c.Ingest(ctx, p, july, ingest.Options{})
	if err != nil || again.Stored != 0 || again.Known != upload.Stored+first.Stored {
		t.Fatalf("second pull %+v, %v", again, err)
	}
}

// TestIngestCutLeavesNothing: a pull is one upload. A download cut
// half-way returns a *DownloadError and leaves nothing stored; pulling
// again stores the whole report.
func TestIngestCutLeavesNothing(t *testing.T) {
	ctx := context.Background()
	sess := newSession(t)
	p := &ingest.Pipeline{Vault: sess, BatchSize: 32}
	report := func(w io.Writer) error {
		_, err := gen.VTR(w, gen.VTRConfig{Rows: 2000, Seed: 9})
		return err
	}
	cut := newFake(t, 0, amazontest.Config{Report: report, CutAfter: 60_000, Plain: true})
	partial, err := newClient(t, clientConfig(cut)).Ingest(ctx, p, july, ingest.Options{})
	var de *amazon.DownloadError
	if !errors.As(err, &de) || de.Status != 0 {
		t.Fatalf("error %v", err)
	}
	if partial.Stored != 0 || partial.Rows == 0 || partial.Upload != "" {
		t.Fatalf("the cut pull read %d rows and kept %d (upload %q); want rows read and nothing kept", partial.Rows, partial.Stored, partial.Upload)
	}
	for r, err := range sess.Records(ctx, vault.Query{}) {
		t.Fatalf("the cut pull left a record: %s/%s, %v", r.Kind, r.ID, err)
	}
	whole := newFake(t, 0, amazontest.Config{Report: report})
	all, err := newClient(t, clientConfig(whole)).Ingest(ctx, p, july, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := ingest.Open(bytes.NewReader(vtr(t, 2000)), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range want.All() {
	}
	if all.Known != 0 || all.Stored != want.Summary().Accepted {
		t.Fatalf("pull after the cut %+v, report accepts %d", all, want.Summary().Accepted)
	}
}
