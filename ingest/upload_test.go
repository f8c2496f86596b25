package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vault"
)

func vtrFile(t testing.TB, rows int) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := gen.VTR(&b, gen.VTRConfig{Rows: rows, Seed: 9, DuplicateEvery: 11}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// leftOver counts what a store holds of a tenant's transactions: records
// and staged records.
func leftOver(t *testing.T, s *vault.Session, store vault.Store) (records, staged int) {
	t.Helper()
	ctx := context.Background()
	for _, err := range s.Records(ctx, vault.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		records++
	}
	staged, err := store.SweepStaged(ctx, "", time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return records, staged
}

// TestUploadCutAtEveryBatchBoundary cancels an upload after each of its
// batches in turn, and fails its reader at each batch's worth of bytes:
// every time, nothing of it remains, staged or stored, and no goroutine
// is left running.
func TestUploadCutAtEveryBatchBoundary(t *testing.T) {
	data := vtrFile(t, 200)
	const size = 20
	// One seller for every cut: each must leave the vault as empty as it
	// found it.
	store := &vault.MemoryStore{}
	s := newSession(t, store)
	before := runtime.NumGoroutine()
	for cut := 1; cut <= 200/size; cut++ {
		t.Run(fmt.Sprintf("cancelled after batch %d", cut), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			batches := 0
			p := &Pipeline{Vault: s, BatchSize: size, Progress: func(read, staged int) {
				if batches++; batches == cut {
					cancel()
				}
			}}
			res, err := p.Ingest(ctx, bytes.NewReader(data), Options{})
			if !errors.Is(err, context.Canceled) && cut < 200/size {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if err == nil {
				// The last batch: the cancel came after the commit was on
				// its way. Undo it, so that the next cut starts empty.
				if _, err := (&Pipeline{Vault: s}).Undo(context.Background(), res.Upload); err != nil {
					t.Fatal(err)
				}
				return
			}
			if r, st := leftOver(t, s, store); r != 0 || st != 0 || res.Stored != 0 || res.Upload != "" {
				t.Fatalf("after the cut: %d records, %d staged, result stored %d upload %q", r, st, res.Stored, res.Upload)
			}
		})
		t.Run(fmt.Sprintf("reader fails in batch %d", cut), func(t *testing.T) {
			broken := errors.New("connection reset")
			r := &failingReader{r: bytes.NewReader(data), after: len(data) * cut / (200 / size), err: broken}
			if cut == 200/size {
				r.after = len(data) - 1
			}
			_, err := (&Pipeline{Vault: s, BatchSize: size}).Ingest(context.Background(), r, Options{})
			if !errors.Is(err, broken) {
				t.Fatalf("err = %v, want the reader's", err)
			}
			if r, st := leftOver(t, s, store); r != 0 || st != 0 {
				t.Fatalf("after the read error: %d records, %d staged", r, st)
			}
		})
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines left running after the cut uploads (%d before)", n, before)
	}
}

// failingReader returns err once after bytes have been read.
type failingReader struct {
	r     io.Reader
	after int
	err   error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, f.err
	}
	if len(p) > f.after {
		p = p[:f.after]
	}
	n, err := f.r.Read(p)
	f.after -= n
	return n, err
}

// failingStore fails StageRecords on its n-th call.
type failingStore struct {
	vault.MemoryStore
	mu    sync.Mutex
	calls int
	n     int
}

var errDiskFull = errors.New("disk full")

func (f *failingStore) StageRecords(ctx context.Context, rs []vault.Record) error {
	f.mu.Lock()
	f.calls++
	fail := f.calls == f.n
	f.mu.Unlock()
	if fail {
		return errDiskFull
	}
	return f.MemoryStore.StageRecords(ctx, rs)
}

// TestUploadStoreFailure: a store error in the middle of an upload leaves
// nothing of it.
func TestUploadStoreFailure(t *testing.T) {
	store := &failingStore{n: 3}
	s := newSession(t, store)
	_, err := (&Pipeline{Vault: s, BatchSize: 20}).Ingest(context.Background(), bytes.NewReader(vtrFile(t, 200)), Options{})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("err = %v, want the store's", err)
	}
	if r, st := leftOver(t, s, store); r != 0 || st != 0 {
		t.Fatalf("after the store error: %d records, %d staged", r, st)
	}
}

// TestConcurrentUploadsStoreEachLineOnce uploads overlapping reports from
// eight goroutines at once (a double click, a second tab, a retry): each
// line is stored once, and the uploads' stored counts add up to the lines.
func TestConcurrentUploadsStoreEachLineOnce(t *testing.T) {
	store := &vault.MemoryStore{}
	concurrentUploads(t, newSession(t, store))
}

func concurrentUploads(t *testing.T, s *vault.Session) {
	t.Helper()
	ctx := context.Background()
	sizes := []int{300, 300, 250, 400, 300, 350, 400, 200}
	results := make([]Result, len(sizes))
	var wg sync.WaitGroup
	for i, n := range sizes {
		data := vtrFile(t, n)
		wg.Go(func() {
			var err error
			results[i], err = (&Pipeline{Vault: s, BatchSize: 32}).Ingest(ctx, bytes.NewReader(data), Options{})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	want := distinctLines(t, vtrFile(t, 400))
	stored := 0
	for _, r := range results {
		stored += r.Stored
		if r.Stored+r.Duplicates+r.Rejected != r.Rows {
			t.Errorf("an upload's counts do not add up: %+v, stored %d", r.Summary, r.Stored)
		}
	}
	got := storedLines(t, s)
	if stored != want || len(got) != want {
		t.Fatalf("%d lines stored, uploads report %d stored, want %d of each", len(got), stored, want)
	}
	ups, err := (&Pipeline{Vault: s}).Uploads(ctx)
	if err != nil || len(ups) != len(sizes) {
		t.Fatalf("Uploads listed %d, %v; want %d", len(ups), err, len(sizes))
	}
	listed := 0
	for _, u := range ups {
		listed += u.Stored
		if u.Stored+u.Duplicates+u.Rejected != u.Rows {
			t.Errorf("a listed upload's counts do not add up: %+v", u)
		}
	}
	if listed != want {
		t.Fatalf("the listed uploads stored %d lines, want %d", listed, want)
	}
}

// distinctLines counts the distinct line identities of a file.
func distinctLines(t *testing.T, data []byte) int {
	t.Helper()
	rd, err := Open(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for row, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		keys[string(row.Key)] = true
	}
	return len(keys)
}

// storedLines returns the source ids and kinds of the stored transactions,
// failing on a line stored twice.
func storedLines(t *testing.T, s *vault.Session) []string {
	t.Helper()
	var out []string
	seen := map[string]bool{}
	for r, err := range s.Records(context.Background(), vault.Query{Kind: "txn"}) {
		if err != nil {
			t.Fatal(err)
		}
		content, err := s.Open(r)
		if err != nil {
			t.Fatal(err)
		}
		st, err := DecodeStored(content)
		if err != nil {
			t.Fatal(err)
		}
		k := fmt.Sprintf("%s %s %d %s", st.Tx.SourceID, st.Tx.Kind, st.Tx.Line, st.Tx.Gross)
		if seen[string(r.Index)] {
			t.Fatalf("line stored twice: %s", k)
		}
		seen[string(r.Index)] = true
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestUndoThenUploadAgain: undoing an upload removes exactly what it
// stored; uploading the file again stores the same transactions.
func TestUndoThenUploadAgain(t *testing.T) {
	ctx := context.Background()
	s := newSession(t, &vault.MemoryStore{})
	p := &Pipeline{Vault: s, BatchSize: 64}
	first, err := p.Ingest(ctx, bytes.NewReader(vtrFile(t, 300)), Options{Name: "july.csv"})
	if err != nil {
		t.Fatal(err)
	}
	before := storedLines(t, s)
	second, err := p.Ingest(ctx, bytes.NewReader(vtrFile(t, 400)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ups, err := p.Uploads(ctx)
	if err != nil || len(ups) != 2 || ups[0].ID != first.Upload || ups[0].Name != "july.csv" || ups[1].Stored != second.Stored {
		t.Fatalf("Uploads = %+v, %v", ups, err)
	}
	n, err := p.Undo(ctx, second.Upload)
	if err != nil || n != second.Stored {
		t.Fatalf("Undo removed %d, %v; want %d", n, err, second.Stored)
	}
	if got := storedLines(t, s); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatalf("after undo, %d lines stored; want the first upload's %d", len(got), len(before))
	}
	if _, err := p.Undo(ctx, second.Upload); !errors.Is(err, ErrUnknownUpload) {
		t.Fatalf("second Undo: err = %v, want ErrUnknownUpload", err)
	}
	if _, err := p.Undo(ctx, first.Upload); err != nil {
		t.Fatal(err)
	}
	again, err := p.Ingest(ctx, bytes.NewReader(vtrFile(t, 300)), Options{})
	if err != nil || again.Stored != first.Stored || again.Known != 0 {
		t.Fatalf("upload after undo: %+v stored %d known %d, %v; want %d stored", again.Summary, again.Stored, again.Known, err, first.Stored)
	}
	if got := storedLines(t, s); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatal("the upload after undo stored other transactions than the first")
	}
}
