package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// line returns a record of tenant with the line identity of n, under the
// given id and upload.
func line(tenant, id, upload string, n int) vault.Record {
	return vault.Record{Tenant: tenant, Kind: "txn", ID: id, Period: "2026-07", Upload: upload,
		Index: fmt.Appendf(nil, "line-%06d", n), Sealed: fmt.Appendf(nil, "sealed %s/%d", id, n)}
}

// lines counts the stored records of tenant per line identity and fails
// on a line stored twice.
func lines(t *testing.T, s vault.Store, tenant string) map[string]vault.Record {
	t.Helper()
	out := map[string]vault.Record{}
	for r, err := range s.Records(context.Background(), vault.Query{Tenant: tenant, Kind: "txn"}) {
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := out[string(r.Index)]; dup {
			t.Fatalf("line %s stored twice", r.Index)
		}
		out[string(r.Index)] = r
	}
	return out
}

func testPutNew(t *testing.T, s vault.Store) {
	ctx := context.Background()
	got, err := s.PutNew(ctx, []vault.Record{line("t1", "a", "", 1), line("t1", "b", "", 2), line("t1", "c", "", 1)})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[true true false]" {
		t.Fatalf("first PutNew inserted %v, want [true true false] (line 1 twice in one batch)", got)
	}
	noIndex := vault.Record{Tenant: "t1", Kind: "note", ID: "n1", Sealed: []byte("x")}
	got, err = s.PutNew(ctx, []vault.Record{line("t1", "d", "", 2), line("t1", "e", "", 3), line("t2", "a", "", 1), noIndex, noIndex})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[false true true true false]" {
		t.Fatalf("second PutNew inserted %v, want [false true true true false]", got)
	}
	if r, err := s.Record(ctx, "t1", "txn", "b"); err != nil || string(r.Sealed) != "sealed b/2" {
		t.Fatalf("the first record of a line must stay as it was: %q, %v", r.Sealed, err)
	}
	if n := len(lines(t, s, "t1")); n != 3 {
		t.Fatalf("tenant t1 holds %d lines, want 3", n)
	}
	if err := s.PutRecord(ctx, line("t1", "z", "", 3)); !errors.Is(err, vault.ErrDuplicateLine) {
		t.Fatalf("PutRecord of another record with a stored line: err = %v, want ErrDuplicateLine", err)
	}
}

// testPutNewConcurrent writes overlapping batches from many goroutines:
// each line must be stored once, and the inserted flags must add up.
func testPutNewConcurrent(t *testing.T, s vault.Store) {
	ctx := context.Background()
	const writers, batches, size = 8, 6, 50
	var mu sync.Mutex
	inserted := 0
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for b := range batches {
				var rs []vault.Record
				for i := range size {
					n := (b*size + i + w*17) % (batches * size) // overlapping ranges
					rs = append(rs, line("t1", fmt.Sprintf("w%d-%d-%03d", w, b, i), "", n))
				}
				got, err := putNewRetrying(ctx, s, rs)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, ok := range got {
					if ok {
						inserted++
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if n := len(lines(t, s, "t1")); n != batches*size || inserted != n {
		t.Fatalf("stored %d lines, reported %d inserted, want %d of each", n, inserted, batches*size)
	}
}

// putNewRetrying is PutNew as a careful caller uses it: the call is
// idempotent, so a transient failure may be retried.
func putNewRetrying(ctx context.Context, s vault.Store, rs []vault.Record) ([]bool, error) {
	var err error
	for range 5 {
		var got []bool
		if got, err = s.PutNew(ctx, rs); err == nil {
			return got, nil
		}
	}
	return nil, err
}

func stage(t *testing.T, s vault.Store, tenant, upload string, from, to int) int {
	t.Helper()
	var rs []vault.Record
	for n := from; n < to; n++ {
		rs = append(rs, line(tenant, vault.UploadRecordID(upload, n), upload, n))
	}
	if err := s.StageRecords(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	return len(rs)
}

func desc(tenant, upload string) vault.Record {
	return vault.Record{Tenant: tenant, Kind: "upload", ID: upload, Upload: upload, Sealed: []byte("desc " + upload)}
}

func testUploadLifecycle(t *testing.T, s vault.Store) {
	ctx := context.Background()
	staged := stage(t, s, "t1", "u1", 0, 10)
	staged += stage(t, s, "t1", "u1", 10, 20)
	if n := len(lines(t, s, "t1")); n != 0 {
		t.Fatalf("%d staged records visible before the commit", n)
	}
	if _, err := s.CommitUpload(ctx, "t1", "u1", staged+1, desc("t1", "u1")); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("commit with a wrong staged count: err = %v, want ErrConflict", err)
	}
	stored, err := s.CommitUpload(ctx, "t1", "u1", staged, desc("t1", "u1"))
	if err != nil || stored != 20 {
		t.Fatalf("commit stored %d, %v; want 20", stored, err)
	}
	if _, err := s.CommitUpload(ctx, "t1", "u1", 0, desc("t1", "u1")); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("second commit: err = %v, want ErrExists", err)
	}
	// u2 overlaps u1 on lines 15–19: only 20–29 are new.
	staged = stage(t, s, "t1", "u2", 15, 30)
	stored, err = s.CommitUpload(ctx, "t1", "u2", staged, desc("t1", "u2"))
	if err != nil || stored != 10 {
		t.Fatalf("overlapping commit stored %d, %v; want 10", stored, err)
	}
	counts, err := s.UploadCounts(ctx, "t1")
	if err != nil || fmt.Sprint(counts) != "map[u1:21 u2:11]" {
		t.Fatalf("UploadCounts = %v, %v; want map[u1:21 u2:11] (records plus the description)", counts, err)
	}
	n, err := s.DeleteUpload(ctx, "t1", "u1")
	if err != nil || n != 21 {
		t.Fatalf("DeleteUpload removed %d, %v; want 21", n, err)
	}
	if _, err := s.DeleteUpload(ctx, "t1", "u1"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("second DeleteUpload: err = %v, want ErrNotFound", err)
	}
	if got := len(lines(t, s, "t1")); got != 10 {
		t.Fatalf("after undoing u1, %d lines remain, want u2's 10", got)
	}
	// Undone lines can be uploaded again.
	staged = stage(t, s, "t1", "u3", 0, 30)
	if stored, err = s.CommitUpload(ctx, "t1", "u3", staged, desc("t1", "u3")); err != nil || stored != 20 {
		t.Fatalf("re-upload after undo stored %d, %v; want 20", stored, err)
	}
}

func testUploadDiscardAndSweep(t *testing.T, s vault.Store) {
	ctx := context.Background()
	stage(t, s, "t1", "gone", 0, 5)
	if err := s.DiscardUpload(ctx, "t1", "gone"); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardUpload(ctx, "t1", "never"); err != nil {
		t.Fatalf("discarding nothing: %v", err)
	}
	if _, err := s.CommitUpload(ctx, "t1", "gone", 5, desc("t1", "gone")); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("commit of a discarded upload: err = %v, want ErrConflict", err)
	}
	stage(t, s, "t1", "dead", 0, 4)
	stage(t, s, "t2", "dead", 0, 3)
	if n, err := s.SweepStaged(ctx, "t1", time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("sweep of uploads idle for an hour removed %d, %v; want 0", n, err)
	}
	if n, err := s.SweepStaged(ctx, "t1", time.Now().Add(time.Second)); err != nil || n != 4 {
		t.Fatalf("sweep of t1 removed %d, %v; want 4", n, err)
	}
	if n, err := s.SweepStaged(ctx, "", time.Now().Add(time.Second)); err != nil || n != 3 {
		t.Fatalf("sweep of every tenant removed %d, %v; want 3", n, err)
	}
	stage(t, s, "t1", "erased", 0, 3)
	if err := s.DeleteRecords(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SweepStaged(ctx, "", time.Now().Add(time.Second)); err != nil || n != 0 {
		t.Fatalf("DeleteRecords left %d staged records, %v", n, err)
	}
}

// testUploadsConcurrent commits overlapping uploads from many goroutines
// at once: every line is stored once and the stored counts add up to the
// lines.
func testUploadsConcurrent(t *testing.T, s vault.Store) {
	ctx := context.Background()
	const uploads, span = 8, 120
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for u := range uploads {
		wg.Go(func() {
			id := fmt.Sprintf("up%d", u)
			from := u * 40 // each overlaps the next two
			staged := 0
			for b := from; b < from+span; b += 30 {
				var rs []vault.Record
				for n := b; n < b+30; n++ {
					rs = append(rs, line("t1", vault.UploadRecordID(id, n), id, n))
				}
				if err := s.StageRecords(ctx, rs); err != nil {
					t.Error(err)
					return
				}
				staged += len(rs)
			}
			var stored int
			var err error
			for range 5 {
				if stored, err = s.CommitUpload(ctx, "t1", id, staged, desc("t1", id)); err == nil {
					break
				}
			}
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			total += stored
			mu.Unlock()
		})
	}
	wg.Wait()
	got := lines(t, s, "t1")
	want := (uploads-1)*40 + span
	if len(got) != want || total != want {
		t.Fatalf("stored %d lines, commits reported %d, want %d of each", len(got), total, want)
	}
	counts, err := s.UploadCounts(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	ids := make([]string, 0, len(counts))
	for id, n := range counts {
		sum += n - 1 // less the description
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if sum != want || len(ids) != uploads {
		t.Fatalf("upload counts %v add up to %d over %d uploads, want %d over %d", counts, sum, len(ids), want, uploads)
	}
}
