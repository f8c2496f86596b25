package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestReadWithinLiftsDeadline: the body deadline bounds the body only. A
// handler that works on past it, once the body is read or when there is
// none (a report's download waiting on a busy database), keeps its
// context, over HTTP/1 and HTTP/2; a body that does not arrive in time
// still fails to read.
func TestReadWithinLiftsDeadline(t *testing.T) {
	const d = 100 * time.Millisecond
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		readWithin(w, r, d)
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "body: "+err.Error(), http.StatusRequestTimeout)
			return
		}
		select {
		case <-r.Context().Done():
			http.Error(w, "context ended", http.StatusInternalServerError)
		case <-time.After(3 * d):
			w.WriteHeader(http.StatusNoContent)
		}
	})
	for _, h2 := range []bool{false, true} {
		ts := httptest.NewUnstartedServer(h)
		ts.EnableHTTP2 = h2
		ts.StartTLS()
		c := ts.Client()
		for _, body := range []string{"", "a body"} {
			var rd io.Reader
			method := "GET"
			if body != "" {
				rd, method = strings.NewReader(body), "POST"
			}
			req, _ := http.NewRequest(method, ts.URL, rd)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent || resp.ProtoMajor != map[bool]int{false: 1, true: 2}[h2] {
				t.Errorf("HTTP/2 %v, body %q: %s %d %s; want 204: the handler keeps its context past the deadline", h2, body, resp.Proto, resp.StatusCode, b)
			}
		}
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte("slow"))
			time.Sleep(4 * d)
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", ts.URL, pr)
		req.ContentLength = 100
		if resp, err := c.Do(req); err == nil {
			if resp.StatusCode != http.StatusRequestTimeout {
				t.Errorf("HTTP/2 %v, a body slower than the deadline: %d, want 408", h2, resp.StatusCode)
			}
			resp.Body.Close()
		}
		ts.Close()
	}
}
