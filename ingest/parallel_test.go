package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/internal/gen"
)

// damaged returns a generated VTR of about rows rows with duplicates, and
// with every 97th data line's amount made unreadable, every 131st cut to a
// ragged stub and an over-long cell every 211th, so that a read has
// accepted, duplicate and rejected rows spread over many chunks.
func damaged(t testing.TB, rows int, seed uint64) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := gen.VTR(&b, gen.VTRConfig{Rows: rows, Seed: seed, DuplicateEvery: 37}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	for i := 1; i < len(lines); i++ {
		switch {
		case i%97 == 0 && strings.Contains(lines[i], "\t"):
			f := strings.Split(lines[i], "\t")
			for j := range f {
				if strings.Contains(f[j], ".") {
					f[j] = "12.3.4"
					break
				}
			}
			lines[i] = strings.Join(f, "\t")
		case i%131 == 0:
			lines[i] = "SHIPMENT\tbroken"
		case i%211 == 0 && strings.Contains(lines[i], "\t"):
			lines[i] += "\t" + strings.Repeat("x", 300)
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

type readOut struct {
	rows []string
	errs []string
	sum  Summary
	end  error
}

func readSequential(t *testing.T, data []byte, opts Options) readOut {
	t.Helper()
	rd, err := Open(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	var o readOut
	for {
		row, err := rd.Next()
		var re *RowError
		switch {
		case errors.As(err, &re):
			o.errs = append(o.errs, re.Error())
			continue
		case err == io.EOF:
		case err != nil:
			o.end = err
		default:
			o.rows = append(o.rows, fmt.Sprintf("%d %x %+v %s", row.Tx.Line, row.Key, row.Tx, row.Review))
			continue
		}
		break
	}
	o.sum = rd.Summary()
	return o
}

func readParallel(t *testing.T, data []byte, opts Options, workers int) readOut {
	t.Helper()
	rd, err := Open(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	var o readOut
	o.end = rd.each(context.Background(), workers, func(row Row, re *RowError) error {
		if re != nil {
			o.errs = append(o.errs, re.Error())
			return nil
		}
		o.rows = append(o.rows, fmt.Sprintf("%d %x %+v %s", row.Tx.Line, row.Key, row.Tx, row.Review))
		return nil
	})
	o.sum = rd.Summary()
	if _, err := rd.Next(); o.end == nil && err != io.EOF {
		t.Errorf("Next after each: %v, want io.EOF", err)
	}
	return o
}

// TestEachEqualsNext: the parallel reader yields the same rows and row
// errors in the same order, with the same counts, as Next, whatever the
// number of mappers.
func TestEachEqualsNext(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		data := damaged(t, 3000, seed)
		opts := Options{MaxCellBytes: 200, MaxDedupKeys: 1000}
		want := readSequential(t, data, opts)
		if want.sum.Rejected == 0 || want.sum.Duplicates == 0 || want.sum.Accepted < 2000 {
			t.Fatalf("seed %d: the damaged file should have every kind of row: %+v", seed, want.sum)
		}
		for _, workers := range []int{1, 2, 5} {
			got := readParallel(t, data, opts, workers)
			if got.sum != want.sum || got.end != want.end {
				t.Fatalf("seed %d, %d workers: summary %+v end %v, want %+v end %v", seed, workers, got.sum, got.end, want.sum, want.end)
			}
			if len(got.rows) != len(want.rows) || len(got.errs) != len(want.errs) {
				t.Fatalf("seed %d, %d workers: %d rows %d errors, want %d and %d", seed, workers, len(got.rows), len(got.errs), len(want.rows), len(want.errs))
			}
			for i := range want.rows {
				if got.rows[i] != want.rows[i] {
					t.Fatalf("seed %d, %d workers: row %d differs:\n%s\n%s", seed, workers, i, got.rows[i], want.rows[i])
				}
			}
			for i := range want.errs {
				if got.errs[i] != want.errs[i] {
					t.Fatalf("seed %d, %d workers: error %d is %q, want %q", seed, workers, i, got.errs[i], want.errs[i])
				}
			}
		}
	}
}

// TestEachHeaderOnly: a file with a header and no data row ends with
// ErrNoData, as Next says.
func TestEachHeaderOnly(t *testing.T) {
	var b bytes.Buffer
	if _, err := gen.VTR(&b, gen.VTRConfig{Rows: 1, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(b.String(), "\n")
	rd, err := Open(strings.NewReader(head+"\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = rd.each(context.Background(), 2, func(Row, *RowError) error { t.Error("yielded a row"); return nil })
	if !errors.Is(err, ErrNoData) {
		t.Fatalf("each = %v, want ErrNoData", err)
	}
}

// TestEachStops: a yield error or a cancelled context ends each with that
// error, and every goroutine it started has stopped when it returns.
func TestEachStops(t *testing.T) {
	data := damaged(t, 5000, 9)
	before := runtime.NumGoroutine()
	stop := errors.New("stop")
	rd, err := Open(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = rd.each(context.Background(), 3, func(Row, *RowError) error {
		if n++; n == 700 {
			return stop
		}
		return nil
	})
	if err != stop || n != 700 {
		t.Fatalf("each = %v after %d rows, want stop after 700", err, n)
	}
	if _, err := rd.Next(); err != stop {
		t.Errorf("Next after a failed each = %v, want the same error", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	rd, err = Open(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n = 0
	done := make(chan error, 1)
	go func() {
		done <- rd.each(ctx, 3, func(Row, *RowError) error {
			if n++; n == 100 {
				cancel()
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("each = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("each did not return after its context was cancelled")
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after each returned, %d before", g, before)
	}
}
