package report_test

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// benchRows are the dataset sizes: 100,000 by default, to keep CI short;
// VATKIT_BENCH_ROWS=100000,300000,1000000 measures the growth.
func benchRows(b *testing.B) []int { return rowsFromEnv(b, "VATKIT_BENCH_ROWS") }

// rowsFromEnv reads a comma-separated list of positive row counts from the
// environment variable name; unset, it is 100,000.
func rowsFromEnv(b *testing.B, name string) []int {
	env := os.Getenv(name)
	if env == "" {
		return []int{100_000}
	}
	var out []int
	for _, s := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			b.Fatalf("%s: %q", name, s)
		}
		out = append(out, n)
	}
	return out
}

// BenchmarkEndToEnd generates a template file (internal/gen: goods and
// e-services from Germany in July 2026, refunds), ingests it into a
// MemoryStore through a real vault session (parse, classify nothing yet,
// seal, store), loads it back (open, decode) and builds 2026-Q3's return.
// It reports rows/s per stage and the peak heap. The floor does the same
// work by hand with the standard library: encoding/csv, encoding/json,
// AES-256-GCM into a map, and back, summing VAT in integer cents per
// country.
func BenchmarkEndToEnd(b *testing.B) {
	for _, rows := range benchRows(b) {
		var file bytes.Buffer
		if _, err := gen.Template(&file, gen.TemplateConfig{Rows: rows, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("vatkit/rows=%d", rows), func(b *testing.B) { benchVatkit(b, file.Bytes(), rows) })
		b.Run(fmt.Sprintf("floor/rows=%d", rows), func(b *testing.B) { benchFloor(b, file.Bytes(), rows) })
	}
}

func benchVatkit(b *testing.B, file []byte, rows int) {
	ctx := context.Background()
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	var ingestT, loadT, buildT time.Duration
	var peak uint64
	for b.Loop() {
		s := benchSession(b)
		t0 := time.Now()
		p := ingest.Pipeline{Vault: s, BatchSize: 1024}
		if _, err := p.Ingest(ctx, bytes.NewReader(file), ingest.Options{}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		data, err := report.Load(ctx, s)
		if err != nil || len(data.Txs) != rows {
			b.Fatalf("loaded %d of %d: %v", len(data.Txs), rows, err)
		}
		t2 := time.Now()
		o := report.OSS{Seller: vat.Seller{Established: vat.DE, OptedIn: true, OSS: vat.OSSRegistration{MemberState: vat.DE}}}
		r, err := o.Build(ctx, vat.Period{Year: 2026, Quarter: 3}, data.Txs, data.Reviews)
		if err != nil || len(r.Lines) == 0 {
			b.Fatal(err)
		}
		t3 := time.Now()
		peak = max(peak, heap())
		ingestT, loadT, buildT = ingestT+t1.Sub(t0), loadT+t2.Sub(t1), buildT+t3.Sub(t2)
		s.Close()
	}
	n := float64(b.N) * float64(rows)
	b.ReportMetric(n/ingestT.Seconds(), "ingest-rows/s")
	b.ReportMetric(n/loadT.Seconds(), "load-rows/s")
	b.ReportMetric(n/buildT.Seconds(), "build-rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

func heap() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func benchSession(b *testing.B) *vault.Session {
	ctx := context.Background()
	v, err := vault.New(vault.Config{Store: &vault.MemoryStore{}, Params: vault.Floor})
	if err != nil {
		b.Fatal(err)
	}
	pw := []byte("a long enough test passphrase 7")
	if err := v.Enroll(ctx, "bench", "seller", pw); err != nil {
		b.Fatal(err)
	}
	s, err := v.Open(ctx, "bench", "seller", pw)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// floorRow is what the floor keeps of a row.
type floorRow struct {
	Type, ID, Date, To, Currency string
	VATCents                     int64
}

func benchFloor(b *testing.B, file []byte, rows int) {
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	key := make([]byte, 32)
	rand.Read(key)
	block, _ := aes.NewCipher(key)
	aead, _ := cipher.NewGCM(block)
	for b.Loop() {
		store := make(map[string][]byte, rows)
		cr := csv.NewReader(bytes.NewReader(file))
		cr.ReuseRecord = true
		if _, err := cr.Read(); err != nil {
			b.Fatal(err)
		}
		for i := 0; ; i++ {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			v, _ := strconv.ParseFloat(rec[9], 64) // the floor may cut corners the SDK may not
			content, _ := json.Marshal(floorRow{rec[0], rec[1], rec[3], rec[7], rec[12], int64(v*100 + 0.5)})
			nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(content)+aead.Overhead())
			rand.Read(nonce)
			store[strconv.Itoa(i)] = aead.Seal(nonce, nonce, content, nil)
		}
		sums := make(map[string]int64)
		for _, sealed := range store {
			plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], nil)
			if err != nil {
				b.Fatal(err)
			}
			var r floorRow
			if err := json.Unmarshal(plain, &r); err != nil {
				b.Fatal(err)
			}
			sums[r.To] += r.VATCents
		}
		if len(sums) == 0 {
			b.Fatal("nothing summed")
		}
	}
	b.ReportMetric(float64(b.N)*float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
