package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// A large file shows a progress line, at most twice a second, ended by
// done; a small one shows nothing.
func TestProgress(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int64
		want string
	}{
		{"large", 2 * progressFrom, "\rossreturn: reading big.csv: 100% of 8 MB\n"},
		{"small", progressFrom - 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			p := newProgress(io.LimitReader(zeros{}, tc.size/2), "big.csv", tc.size, &stderr)
			p.last = time.Now().Add(-time.Second)
			if _, err := io.Copy(io.Discard, p); err != nil {
				t.Fatal(err)
			}
			p.done()
			got := stderr.String()
			if !strings.HasSuffix(got, tc.want) || tc.want == "" && got != "" || tc.want != "" && strings.Count(got, "\r") != 2 {
				t.Errorf("stderr = %q, want %q", got, tc.want)
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(b []byte) (int, error) { clear(b); return len(b), nil }
