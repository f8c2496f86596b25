package report

import (
	"bytes"
	"testing"
	"time"
)

// FuzzDecodeDownload: stored download bytes never panic the decoder, and
// what decodes encodes to bytes that decode to the same download.
func FuzzDecodeDownload(f *testing.F) {
	enc, _ := encodeDownload(Download{Name: "oss.json", ContentType: "application/json",
		Content: []byte("{}"), Expires: time.Unix(1790000000, 0)})
	f.Add(enc)
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0x80})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeDownload(b)
		if err != nil {
			return
		}
		again, err := encodeDownload(d)
		if err != nil {
			t.Fatalf("decoded a download that does not encode: %v", err)
		}
		d2, err := decodeDownload(again)
		if err != nil || d2.Name != d.Name || d2.ContentType != d.ContentType || !bytes.Equal(d2.Content, d.Content) || !d2.Expires.Equal(d.Expires) {
			t.Fatalf("round trip: %+v, %v", d2, err)
		}
	})
}
