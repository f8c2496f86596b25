package amazon

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// FuzzAnswer serves arbitrary bytes, with an arbitrary status, as every
// Selling Partner API answer and as the document: the client never
// panics, and every failure is one of its typed errors.
func FuzzAnswer(f *testing.F) {
	f.Add(uint8(0), []byte(`{"reportId":"1","processingStatus":"DONE","reportDocumentId":"d","restrictedDataToken":"t","url":"URL","compressionAlgorithm":"GZIP"}`))
	f.Add(uint8(1), []byte(`{"errors":[{"code":"QuotaExceeded"}]}`))
	f.Add(uint8(2), []byte(`{"reportId":"1","processingStatus":"FATAL"}`))
	f.Add(uint8(0), []byte(`{"reportId":"1","processingStatus":"DONE","reportDocumentId":"d","restrictedDataToken":"t","url":"URL"}`))
	f.Add(uint8(3), []byte("\x1f\x8b\x08\x00"))
	statuses := []int{200, 429, 400, 500, 403, 202}
	f.Fuzz(func(t *testing.T, status uint8, body []byte) {
		mux := http.NewServeMux()
		srv := httptest.NewServer(mux)
		defer srv.Close()
		mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"a","token_type":"bearer","expires_in":3600}`)
		})
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(statuses[int(status)%len(statuses)])
			w.Write([]byte(replaceURL(string(body), srv.URL+"/doc")))
		})
		c, err := New(Config{Endpoint: srv.URL, TokenURL: srv.URL + "/token", HTTPClient: srv.Client(),
			ClientID: "id", ClientSecret: Secret("s"), RefreshToken: Secret("r"),
			PollInterval: time.Millisecond, RetryBackoff: time.Millisecond, Retries: 1, MaxWait: 20 * time.Millisecond,
			Limits: map[string]Limit{OpCreateReport: {1000, 10}, OpGetReport: {1000, 10}, OpGetReportDocument: {1000, 10}, OpRestrictedToken: {1000, 10}}})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := c.Report(context.Background(), Request{Marketplaces: []string{"A1PA6795UKMFR9"}})
		if err == nil {
			_, err = io.Copy(io.Discard, doc)
			doc.Close()
		}
		if err != nil && !typed(err) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
	})
}

func typed(err error) bool {
	for _, s := range []error{ErrAuth, ErrReportFatal, ErrReportCancelled, ErrDownload, ErrThrottled, ErrAPI, ErrTimeout} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func replaceURL(s, u string) string {
	const k = "URL"
	for i := 0; i+len(k) <= len(s); i++ {
		if s[i:i+len(k)] == k {
			return s[:i] + u + s[i+len(k):]
		}
	}
	return s
}
