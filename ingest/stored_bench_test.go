package ingest

import (
	"encoding/json"
	"testing"
)

// BenchmarkStored encodes and decodes the typical sale of a VAT
// Transactions Report (with the seller's VAT number) in the binary form
// and, as the floor it replaces, in the JSON form that encoding/json
// writes and reads. One op is one record.
func BenchmarkStored(b *testing.B) {
	benchStored(b, []Stored{typicalStored()})
}

// BenchmarkStoredVTR does the same over the rows of a generated VAT
// Transactions Report (sales, refunds, returns, transfers, with their
// review reasons), one op per row in turn.
func BenchmarkStoredVTR(b *testing.B) {
	benchStored(b, vtrStored(b, 1000))
}

func benchStored(b *testing.B, rows []Stored) {
	forms := []struct {
		name   string
		encode func(dst []byte, s *Stored) []byte
	}{
		{"binary", AppendStored},
		{"json", func(_ []byte, s *Stored) []byte {
			js, err := json.Marshal(s)
			if err != nil {
				b.Fatal(err)
			}
			return js
		}},
	}
	for _, f := range forms {
		recs, size := make([][]byte, len(rows)), 0
		for i := range rows {
			recs[i] = f.encode(nil, &rows[i])
			size += len(recs[i])
		}
		// bytes/record is reported after the loop, which resets metrics.
		perRecord := float64(size) / float64(len(rows))
		b.Run("encode/"+f.name, func(b *testing.B) {
			b.SetBytes(int64(perRecord))
			b.ReportAllocs()
			buf, i := make([]byte, 0, 1024), 0
			for b.Loop() {
				buf = f.encode(buf[:0], &rows[i%len(rows)])
				i++
			}
			b.ReportMetric(perRecord, "bytes/record")
		})
		b.Run("decode/"+f.name, func(b *testing.B) {
			b.SetBytes(int64(perRecord))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := DecodeStored(recs[i%len(recs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(perRecord, "bytes/record")
		})
	}
}
