package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/vatkit/vatkit/internal/gen"
)

// BenchmarkUpload measures an upload of a 1,000-row Amazon report over
// HTTPS on loopback: multipart, ingest, sealing every row and storing it in
// SQLite (VATKIT_BENCH_UPLOAD_ROWS=100000 for the full-size figure in the
// README; run it with -benchtime=1x). Each iteration renames the file's order ids (a new "NNN-" prefix
// instead of "302-"), so that its sales and refunds are new rows, not
// duplicates of the last upload (only its few FC transfers repeat). The
// floor is the same request, renaming included, to a bare net/http handler
// that reads the body and throws it away: the cost of HTTPS and multipart
// alone.
func BenchmarkUpload(b *testing.B) {
	rows := 1000
	if n, err := strconv.Atoi(os.Getenv("VATKIT_BENCH_UPLOAD_ROWS")); err == nil && n > 0 {
		rows = n
	}
	var f bytes.Buffer
	gen.VTR(&f, gen.VTRConfig{Rows: rows, Seed: 1})
	file := func(i int) ([]byte, string) {
		renamed := bytes.ReplaceAll(f.Bytes(), []byte("302-"), fmt.Appendf(nil, "%03d-", 100+i%900))
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "vtr.txt")
		fw.Write(renamed)
		mw.Close()
		return body.Bytes(), mw.FormDataContentType()
	}
	sample, _ := file(0)
	post := func(b *testing.B, c *client, url string) {
		for i := 0; b.Loop(); i++ {
			body, ct := file(i)
			req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			if tok := c.cookie(csrfCookie); tok != "" {
				req.Header.Set(csrfHeader, tok)
			}
			resp, err := c.hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var res uploadResult
			json.NewDecoder(resp.Body).Decode(&res)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d", resp.StatusCode)
			}
			if res.Rows > 0 && res.Accepted < rows*9/10 {
				b.Fatalf("iteration %d stored only %d new rows of %d", i, res.Accepted, res.Rows)
			}
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	b.Run("server", func(b *testing.B) {
		e := newEnv(b, func(cfg *config) { cfg.MaxUpload = 1 << 30 })
		c := e.seller(b, "bench")
		b.SetBytes(int64(len(sample)))
		b.ReportAllocs()
		post(b, c, e.ts.URL+"/api/uploads")
	})
	b.Run("floor/https-multipart-discard", func(b *testing.B) {
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mr, err := r.MultipartReader()
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
				io.Copy(io.Discard, p)
			}
		}))
		ts.EnableHTTP2 = true
		ts.StartTLS()
		defer ts.Close()
		e := &env{ts: ts}
		c := e.client(b)
		b.SetBytes(int64(len(sample)))
		b.ReportAllocs()
		post(b, c, ts.URL+"/")
	})
}
