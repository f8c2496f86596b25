package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"testing"
)

// TestQuickStartSample feeds the server the README quick start's sample
// (examples/ossreturn/testdata/sample-2026.csv): the OSS return it hands
// out is the one computed from the file directly, and declares VAT.
func TestQuickStartSample(t *testing.T) {
	data, err := os.ReadFile("../ossreturn/testdata/sample-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, nil)
	c := e.seller(t, "sample")
	var up uploadResult
	if got := c.upload("file", data, &up); got != http.StatusOK || up.Accepted == 0 {
		t.Fatalf("upload: %d %+v", got, up)
	}
	_, got := c.report(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE"})
	want := expectedOSS(t, "DE", "2026-Q3", data)
	if !bytes.Equal(got, want) {
		t.Errorf("return\n%s\nwant\n%s", got, want)
	}
	var ret struct {
		Total string `json:"total_vat"`
	}
	if err := json.Unmarshal(got, &ret); err != nil || ret.Total == "" || ret.Total == "0.00" {
		t.Errorf("total_vat %q (%v), want VAT declared", ret.Total, err)
	}
}
