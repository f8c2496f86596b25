package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// buildOSS builds and downloads the seller's 2026-Q3 return as JSON.
func (c *client) buildOSS() []byte {
	c.t.Helper()
	resp, ret := c.report(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE", "format": "json"})
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("download: %d", resp.StatusCode)
	}
	return ret
}

type uploadList struct {
	Uploads []uploadItem `json:"uploads"`
}

// TestDoubleUploadCountsOnce: the same report uploaded twice at the same
// moment (a double click, a second tab) is stored once, the uploads list
// says which upload stored the lines and which found them there, and the
// return is the one computed from the file directly.
func TestDoubleUploadCountsOnce(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "double")
	data, _ := vtr(t, 400, 3)
	var res [2]uploadResult
	var codes [2]int
	var wg sync.WaitGroup
	for i := range res {
		wg.Go(func() { codes[i] = c.upload("file", data, &res[i]) })
	}
	wg.Wait()
	if codes != [2]int{200, 200} {
		t.Fatalf("uploads answered %v", codes)
	}
	if res[0].Accepted+res[1].Accepted != max(res[0].Accepted, res[1].Accepted) || res[0].Rows != res[1].Rows {
		t.Fatalf("both uploads stored lines: %+v and %+v", res[0], res[1])
	}
	var list uploadList
	if got := c.json("GET", "/api/uploads", nil, &list); got != http.StatusOK || len(list.Uploads) != 2 {
		t.Fatalf("GET /api/uploads: %d %+v", got, list)
	}
	stored := list.Uploads[0].Stored + list.Uploads[1].Stored
	if stored != max(res[0].Accepted, res[1].Accepted) {
		t.Fatalf("the uploads list %d stored lines, want %d", stored, max(res[0].Accepted, res[1].Accepted))
	}
	if got, want := c.buildOSS(), expectedOSS(t, "DE", "2026-Q3", data); !bytes.Equal(got, want) {
		t.Fatalf("return after a double upload:\n%s\nwant the return of the file:\n%s", got, want)
	}
}

// TestUndoUpload: undoing an upload removes its lines from the return;
// uploading the file again gives the same return as before; another
// seller's upload id, or an unknown one, is 404.
func TestUndoUpload(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "undo")
	other := e.seller(t, "other")
	data, _ := vtr(t, 300, 5)
	var up uploadResult
	if got := c.upload("file", data, &up); got != http.StatusOK || up.ID == "" {
		t.Fatalf("upload: %d %+v", got, up)
	}
	before := c.buildOSS()
	if got := other.json("DELETE", "/api/uploads/"+up.ID, nil, nil); got != http.StatusNotFound {
		t.Fatalf("another seller's undo: %d, want 404", got)
	}
	if got := c.json("DELETE", "/api/uploads/"+up.ID, nil, nil); got != http.StatusNoContent {
		t.Fatalf("undo: %d, want 204", got)
	}
	if got := c.json("DELETE", "/api/uploads/"+up.ID, nil, nil); got != http.StatusNotFound {
		t.Fatalf("undo twice: %d, want 404", got)
	}
	var list uploadList
	if c.json("GET", "/api/uploads", nil, &list); len(list.Uploads) != 0 {
		t.Fatalf("uploads after undo: %+v", list)
	}
	if e.events(vault.EventUploadUndone) != 1 {
		t.Fatalf("%d upload_undone audit events, want 1", e.events(vault.EventUploadUndone))
	}
	var again uploadResult
	if c.upload("file", data, &again); again.Accepted != up.Accepted || again.Duplicates != up.Duplicates {
		t.Fatalf("upload after undo %+v, want %+v", again, up)
	}
	if got := c.buildOSS(); !bytes.Equal(got, before) {
		t.Fatalf("return after undo and upload again:\n%s\nwant:\n%s", got, before)
	}
	noCSRF := *c
	noCSRF.noCSRF = true
	if got := noCSRF.json("DELETE", "/api/uploads/"+again.ID, nil, nil); got != http.StatusForbidden {
		t.Fatalf("undo without the CSRF header: %d, want 403", got)
	}
}

// TestTooLargeUploadLeavesNothing: a file refused part-way for its size
// (413, after several batches were staged) leaves nothing in the vault.
func TestTooLargeUploadLeavesNothing(t *testing.T) {
	var store vault.Store
	e := newEnv(t, func(cfg *config) { cfg.MaxUpload = 1 << 20; store = cfg.Store })
	c := e.seller(t, "large")
	data, _ := vtr(t, 3000, 7) // 1.2 MB: refused after about five batches of 512 rows were staged
	if got := c.upload("file", data, nil); got != http.StatusRequestEntityTooLarge {
		t.Fatalf("upload of %d bytes: %d, want 413", len(data), got)
	}
	var list uploadList
	if c.json("GET", "/api/uploads", nil, &list); len(list.Uploads) != 0 {
		t.Fatalf("uploads after a refused file: %+v", list)
	}
	n, err := store.SweepStaged(context.Background(), "", farFuture)
	if err != nil || n != 0 {
		t.Fatalf("%d staged records left after the refusal, %v", n, err)
	}
	if body := c.buildOSS(); bytes.Contains(body, []byte(`"lines":[{`)) {
		t.Fatalf("the return counts lines of a refused file:\n%s", body)
	}
}

// farFuture is a time every staged record was written before.
var farFuture = time.Now().Add(24 * time.Hour)

// TestStartSweepsAbandonedUploads: what an upload of a dead process staged
// more than an hour ago is removed when the server starts; a fresh one is
// left to its upload.
func TestStartSweepsAbandonedUploads(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	for _, up := range []string{"dead", "live"} {
		r := vault.Record{Tenant: "t", Kind: "txn", ID: up + "-1", Upload: up, Index: []byte(up), Sealed: []byte("x")}
		if err := store.StageRecords(ctx, []vault.Record{r}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.DB().Exec(`UPDATE vatkit_staged SET staged_at = '2020-01-01T00:00:00.000000000Z' WHERE upload = 'dead'`); err != nil {
		t.Fatal(err)
	}
	newEnv(t, func(cfg *config) { cfg.Store = store })
	deadline := time.Now().Add(5 * time.Second)
	for {
		var dead, live int
		store.DB().QueryRow(`SELECT COUNT(*) FROM vatkit_staged WHERE upload = 'dead'`).Scan(&dead)
		store.DB().QueryRow(`SELECT COUNT(*) FROM vatkit_staged WHERE upload = 'live'`).Scan(&live)
		if dead == 0 && live == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after start: %d staged records of the dead upload, %d of the live one; want 0 and 1", dead, live)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
