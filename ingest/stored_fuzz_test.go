package ingest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// storedSeeds are records of every form: JSON and version 1 of real rows
// (the template sample and a generated VAT Transactions Report), records
// with amounts and times off the fast paths, and broken ones: truncated,
// corrupted, claiming lengths far beyond their size.
func storedSeeds(tb testing.TB) [][]byte {
	var sample bytes.Buffer
	WriteTemplateCSV(&sample)
	rd, err := Open(&sample, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	var records []Stored
	for row, err := range rd.All() {
		if err == nil {
			records = append(records, Stored{Tx: row.Tx, Review: row.Review})
		}
	}
	records = append(records, vtrStored(tb, 30)...)
	odd := typicalStored()
	odd.Tx.Net, odd.Tx.Rate = decimal.New(-1, -300), decimal.RequireFromString("12345678901234567890.5")
	odd.Tx.Buyer.VIES.Checked = time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", -5*3600))
	records = append(records, odd)
	var seeds [][]byte
	for i := range records {
		j, _ := json.Marshal(records[i])
		b := AppendStored(nil, &records[i])
		seeds = append(seeds, j, b, b[:len(b)/2], j[:len(j)-1], corrupt(b, len(b)/3))
	}
	return append(seeds, nil, []byte("{"), []byte{storedV1}, []byte("secret-buyer-name"),
		[]byte(`{"tx":{"Net":"1e999999999"}}`), []byte(`{"tx":{"TaxPoint":"not a time"}}`),
		claim(0, 2<<30), claim(12, 1<<62), hugeMagnitude())
}

func corrupt(b []byte, at int) []byte {
	c := bytes.Clone(b)
	c[at] ^= 0xa5
	return c
}

// claim is the typical record with the i-th string length replaced by n.
func claim(i int, n uint64) []byte {
	s := typicalStored()
	b := AppendStored(nil, &s)
	r := storedReader{b: b[1:]}
	for range i {
		r.uvarint()
	}
	at := len(b) - len(r.b)
	r.uvarint()
	return append(binary.AppendUvarint(bytes.Clone(b[:at]), n), b[len(b)-len(r.b):]...)
}

// hugeMagnitude is a record whose last amount says its coefficient has
// 2^40 bytes.
func hugeMagnitude() []byte {
	s := typicalStored()
	b := AppendStored(nil, &s)
	return binary.AppendUvarint(binary.AppendVarint(append(b, decimalExact), 0), 1<<41)
}

// FuzzDecodeStored: no content panics DecodeStored, every failure is
// ErrStored itself (no detail, so no content), and whatever it accepts —
// JSON or binary — survives AppendStored and DecodeStored exactly.
func FuzzDecodeStored(f *testing.F) {
	for _, s := range storedSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		s, err := DecodeStored(content)
		keys, kerr := DecodeStoredKeys(content)
		if (err == nil) != (kerr == nil) {
			t.Fatalf("DecodeStored: %v, DecodeStoredKeys: %v; they accept the same content", err, kerr)
		}
		if err != nil {
			if err != ErrStored || kerr != ErrStored {
				t.Fatalf("errors %v, %v are not ErrStored", err, kerr)
			}
			return
		}
		tx := &s.Tx
		want := StoredKeys{Line: tx.Line, Kind: tx.Kind, Supply: tx.Supply, TaxPoint: tx.TaxPoint, ShipFrom: tx.ShipFrom, Source: tx.Source, SourceID: tx.SourceID}
		if keys.TaxPoint.Equal(want.TaxPoint) {
			keys.TaxPoint = want.TaxPoint
		}
		if keys != want {
			t.Fatalf("keys %+v, want %+v", keys, want)
		}
		again, err := DecodeStored(AppendStored(nil, &s))
		if err != nil {
			t.Fatalf("decoding what AppendStored wrote: %v", err)
		}
		if d := diffStored(s, again); d != "" {
			t.Fatalf("round trip changed the record: %s", d)
		}
	})
}

// TestDecodeStoredRejects: a record cut short anywhere, with a byte too
// many, or claiming more bytes than it has is ErrStored, with nothing of
// the content in the message.
func TestDecodeStoredRejects(t *testing.T) {
	s := typicalStored()
	s.Tx.Buyer.Name = "secret-buyer-name"
	b := AppendStored(nil, &s)
	bad := map[string][]byte{"a byte too many": append(bytes.Clone(b), 0),
		"a name longer than the record": claim(8, 1000), "2 GB source id": claim(1, 2<<30),
		"too large": append([]byte{storedV1}, make([]byte, maxStored)...), "a version to come": {0x02},
		"huge coefficient": hugeMagnitude(), "no record": nil}
	for n := range len(b) {
		bad[fmt.Sprintf("cut after %d bytes", n)] = b[:n]
	}
	for name, content := range bad {
		_, err := DecodeStored(content)
		if err != ErrStored {
			t.Errorf("%s: error %v, want ErrStored", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error holds the content: %v", name, err)
		}
	}
}

// TestDecodeStoredBoundsMemory: lengths that claim gigabytes cost no more
// than what the record holds.
func TestDecodeStoredBoundsMemory(t *testing.T) {
	for _, content := range [][]byte{claim(0, 2<<30), claim(3, 1<<40), claim(12, 1<<62), hugeMagnitude()} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 100 {
			if _, err := DecodeStored(content); err != ErrStored {
				t.Fatalf("error %v, want ErrStored", err)
			}
		}
		runtime.ReadMemStats(&after)
		if per := (after.TotalAlloc - before.TotalAlloc) / 100; per > 4096 {
			t.Errorf("%d bytes allocated per decode of a %d-byte record", per, len(content))
		}
	}
}

// TestStoredAllocations: encoding into a buffer with room allocates
// nothing; decoding allocates the business strings once, the buyer's once,
// each VAT number (the seller's, the buyer's) once, and each amount that
// is not zero twice (a decimal.Decimal holds a *big.Int and its words).
func TestStoredAllocations(t *testing.T) {
	s := typicalStored()
	s.Tx.Buyer.Name, s.Tx.Buyer.VATNumber = "Marie Martin", mustNumber(t, "FR40303265045")
	buf := make([]byte, 0, 512)
	if n := testing.AllocsPerRun(100, func() { buf = AppendStored(buf[:0], &s) }); n != 0 {
		t.Errorf("encoding: %v allocations, want 0", n)
	}
	want := 4.0 + 2*4 // Net, VAT, Gross, Rate
	if n := testing.AllocsPerRun(100, func() { _, _ = DecodeStored(buf) }); n > want {
		t.Errorf("decoding: %v allocations, want at most %v", n, want)
	}
}
