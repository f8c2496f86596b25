package main

import (
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"
)

// TestUploadProgress follows an upload whose body arrives in two halves:
// while the second is held back, the progress endpoint tells the bytes
// and rows the server has read so far, to its seller only; once the
// upload answered, the name is unknown again.
func TestUploadProgress(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "progress")
	other := e.seller(t, "progress-other")
	const id = "0123456789abcdef0123456789abcdef"
	data, _ := vtr(t, 3000, 5)

	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/uploads", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set(csrfHeader, c.cookie(csrfCookie))
	req.Header.Set(progressHeader, id)
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Errorf("upload: %v", err)
		}
		answered <- resp
	}()
	fw, _ := mw.CreateFormFile("file", "vtr.txt")
	half := len(data) / 2
	fw.Write(data[:half])

	var p struct{ BytesReceived, RowsRead, RowsStored int64 }
	deadline := time.Now().Add(30 * time.Second)
	for p.RowsRead == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		resp, b := c.do("GET", "/api/uploads/progress/"+id, "", nil)
		if resp.StatusCode == http.StatusOK {
			var raw map[string]int64
			json.Unmarshal(b, &raw)
			p.BytesReceived, p.RowsRead, p.RowsStored = raw["bytes_received"], raw["rows_read"], raw["rows_stored"]
		}
	}
	if p.BytesReceived == 0 || p.BytesReceived > int64(len(data)) || p.RowsRead == 0 || p.RowsRead > 3000 {
		t.Errorf("progress half-way: %+v, want bytes and rows read of the first half", p)
	}
	if resp, _ := other.do("GET", "/api/uploads/progress/"+id, "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another seller asks for the progress: %d, want 404", resp.StatusCode)
	}
	fw.Write(data[half:])
	mw.Close()
	pw.Close()
	resp := <-answered
	if resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("upload: %v", resp)
	}
	resp.Body.Close()
	if resp, _ := c.do("GET", "/api/uploads/progress/"+id, "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("progress after the answer: %d, want 404", resp.StatusCode)
	}
}
