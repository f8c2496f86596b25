package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/internal/heapwatch"
)

// spillSize is the unpacked size above which excelize, unless told
// otherwise, writes a worksheet or the shared strings to a temporary file
// (excelize.StreamChunkSize, its default UnzipXMLSizeLimit).
const spillSize = 16 << 20

// largeWorkbook returns a template workbook of n generated sales whose
// buyer names and addresses are unique and long, as a marketplace's
// export of a busy quarter is: its sheet and its shared strings each
// unpack to more than spillSize.
func largeWorkbook(t testing.TB, n int) []byte {
	t.Helper()
	var text bytes.Buffer
	if _, err := gen.Template(&text, gen.TemplateConfig{Rows: n, Seed: 15}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&text).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	name, address := columnIndex(recs[0], "buyer_name"), columnIndex(recs[0], "buyer_address")
	filler := strings.Repeat("Hinterhaus, Aufgang B, bei Familie Mustermann, ", 12)
	rows := func(yield func([]string) bool) {
		for i, r := range recs {
			if i > 0 {
				r[name] = fmt.Sprintf("Buyer %06d", i)
				r[address] = fmt.Sprintf("%d Example Street, %s10115 Berlin", i, filler)
			}
			if !yield(r) {
				return
			}
		}
	}
	var book bytes.Buffer
	if err := gen.XLSX(&book, iter.Seq[[]string](rows)); err != nil {
		t.Fatal(err)
	}
	return book.Bytes()
}

func columnIndex(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	panic("no column " + name)
}

// watchDir lists dir every few hundred microseconds until the returned
// function is called, which returns every name seen meanwhile.
func watchDir(dir string) func() []string {
	var mu sync.Mutex
	seen := map[string]bool{}
	stop, done := make(chan struct{}), make(chan struct{})
	look := func() {
		entries, _ := os.ReadDir(dir)
		mu.Lock()
		for _, e := range entries {
			seen[e.Name()] = true
		}
		mu.Unlock()
	}
	go func() {
		defer close(done)
		for {
			look()
			select {
			case <-stop:
				return
			case <-time.After(300 * time.Microsecond):
			}
		}
	}()
	return func() []string {
		close(stop)
		<-done
		look()
		var names []string
		for n := range seen {
			names = append(names, n)
		}
		return names
	}
}

// TestFinding2XLSXNothingInTmp: a workbook whose sheet and shared strings
// each unpack to more than 16 MiB is read whole, every buyer's name and
// address included, while the temporary folder is watched: nothing
// appears there, neither while rows are read nor after.
func TestFinding2XLSXNothingInTmp(t *testing.T) {
	const n = 32_000
	book := largeWorkbook(t, n)
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if (f.Name == "xl/worksheets/sheet1.xml" || f.Name == "xl/sharedStrings.xml") && f.UncompressedSize64 <= spillSize {
			t.Fatalf("%s unpacks to %d bytes, not more than %d: the test would prove nothing", f.Name, f.UncompressedSize64, spillSize)
		}
	}

	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	seen := watchDir(tmp)
	rd, err := Open(bytes.NewReader(book), Options{})
	if err != nil {
		seen()
		t.Fatal(err)
	}
	rows := 0
	for row, err := range rd.All() {
		if err != nil {
			t.Fatalf("row %d: %v", rows+1, err)
		}
		rows++
		if rows == 1 || rows == n {
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("after row %d the temporary folder holds %d files", rows, len(entries))
			}
		}
		if want := fmt.Sprintf("Buyer %06d", rows); row.Tx.Buyer.Name != want {
			t.Fatalf("row %d: buyer %q, want %q", rows, row.Tx.Buyer.Name, want)
		}
	}
	rd.Close()
	if names := seen(); len(names) != 0 {
		t.Errorf("files appeared in TMPDIR while the workbook was read: %v", names)
	}
	if rows != n {
		t.Errorf("read %d rows, want %d", rows, n)
	}
}

// BenchmarkReadXLSX reads the large workbook of TestFinding2XLSXNothingInTmp
// (32,000 rows; sheet and shared strings over 16 MiB each, all held in
// memory), reporting rows/s and the peak live heap; the floor unpacks the
// same sheet and shared strings with archive/zip and tokenizes them with
// encoding/xml, the least any reader of the workbook does.
func BenchmarkReadXLSX(b *testing.B) {
	const n = 32_000
	book := largeWorkbook(b, n)
	rowsPerSec := func(b *testing.B) { b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s") }
	b.Run("ingest", func(b *testing.B) {
		b.SetBytes(int64(len(book)))
		b.ReportAllocs()
		stop := heapwatch.Watch(b)
		for b.Loop() {
			rd, err := Open(bytes.NewReader(book), Options{})
			if err != nil {
				b.Fatal(err)
			}
			for _, err := range rd.All() {
				if err != nil {
					b.Fatal(err)
				}
			}
			rd.Close()
		}
		stop()
		rowsPerSec(b)
	})
	b.Run("live-heap", func(b *testing.B) {
		unzipped := int64(0)
		z, _ := zip.NewReader(bytes.NewReader(book), int64(len(book)))
		for _, f := range z.File {
			unzipped += int64(f.UncompressedSize64)
		}
		var base, peak heapPeak
		runtime.GC()
		base.sample()
		for b.Loop() {
			rd, err := Open(bytes.NewReader(book), Options{})
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for _, err := range rd.All() {
				if err != nil {
					b.Fatal(err)
				}
				if i++; i%4000 == 1 {
					runtime.GC()
					peak.sample()
				}
			}
			rd.Close()
		}
		live := float64(peak.max - min(peak.max, base.max))
		b.ReportMetric(live/(1<<20), "peak-live-heap-MiB")
		b.ReportMetric(live/float64(unzipped), "live-heap/unzipped")
	})
	b.Run("floor/zip+xml-tokens", func(b *testing.B) {
		b.SetBytes(int64(len(book)))
		b.ReportAllocs()
		for b.Loop() {
			z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range z.File {
				if f.Name != "xl/worksheets/sheet1.xml" && f.Name != "xl/sharedStrings.xml" {
					continue
				}
				rc, _ := f.Open()
				d := xml.NewDecoder(rc)
				for {
					if _, err := d.RawToken(); err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
				}
				rc.Close()
			}
		}
		rowsPerSec(b)
	})
}
