package main

import (
	"encoding/json"
	"net/http"
	"time"
)

// startReport asks for a report and returns the download link the 202
// answer gives, or "" and the status when the server refused.
func (c *client) startReport(req map[string]string) (string, int) {
	c.t.Helper()
	var built struct{ ID, Download, Status string }
	got := c.json("POST", "/api/reports", req, &built)
	if got != http.StatusAccepted {
		return "", got
	}
	if built.Status != "building" || built.Download != "/api/reports/"+built.ID {
		c.t.Errorf("report started: %+v", built)
	}
	return built.Download, got
}

// await polls a report's link while the server answers 202 (building,
// with the records read so far) and returns the first other answer.
func (c *client) await(link string) (*http.Response, []byte) {
	c.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, b := c.do("GET", link, "", nil)
		if resp.StatusCode != http.StatusAccepted || time.Now().After(deadline) {
			return resp, b
		}
		var progress struct {
			Status string `json:"status"`
			Read   *int64 `json:"records_read"`
		}
		if err := json.Unmarshal(b, &progress); err != nil || progress.Status != "building" || progress.Read == nil {
			c.t.Errorf("progress %q: %v", b, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// report builds a report and downloads it.
func (c *client) report(req map[string]string) (*http.Response, []byte) {
	c.t.Helper()
	link, got := c.startReport(req)
	if link == "" {
		c.t.Fatalf("report %v: %d", req, got)
	}
	return c.await(link)
}
