package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault/sqlstore"
)

// TestMovedRecordIsReviewNot500: a stored row moved to another
// period in the database (its sealed bytes bound to the old one) made the
// report answer 500. The report is built all the same; the row it cannot
// read back is left out and named, with the file it came from, in the
// review list, in a seller's words.
func TestMovedRecordIsReviewNot500(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "moved")
	data, _ := vtr(t, 300, 5)
	require.Equal(t, http.StatusOK, c.upload("file", data, nil))
	db := e.srv.cfg.Store.(*sqlstore.Store).DB()
	res, err := db.Exec(`UPDATE vatkit_records SET period = '2026-08'
		WHERE kind = 'txn' AND id = (SELECT MIN(id) FROM vatkit_records WHERE kind = 'txn' AND period = '2026-07')`)
	require.NoError(t, err)
	n, _ := res.RowsAffected()
	require.EqualValues(t, 1, n)

	link, got := c.startReport(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE"})
	require.Equal(t, http.StatusAccepted, got, "the build must start")
	resp, body := c.await(link)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	var ret struct {
		Lines       []map[string]any `json:"lines"`
		NeedsReview []struct {
			Source, Reason string
		} `json:"needs_review"`
	}
	require.NoError(t, json.Unmarshal(body, &ret))
	assert.NotEmpty(t, ret.Lines)
	named := 0
	for _, r := range ret.NeedsReview {
		if strings.Contains(r.Reason, "could not be read back") {
			named++
			assert.Equal(t, "report.txt", r.Source, "the upload's file name")
			assert.Contains(t, r.Reason, "A row stored from this upload")
			assert.Contains(t, r.Reason, "Undo that upload and upload the file again")
		}
	}
	assert.Equal(t, 1, named, "reviews: %+v", ret.NeedsReview)
	assert.NotContains(t, e.logs.String(), "report failed")
}

// holdBuilds takes every build slot, so that reports wait their turn
// (answering 202) until the returned function gives the slots back.
func holdBuilds(e *env) func() {
	for range maxBuilds {
		e.srv.jobs.slots <- struct{}{}
	}
	return func() {
		for range maxBuilds {
			<-e.srv.jobs.slots
		}
	}
}

// A report under way answers 202 with its progress; logging out or
// erasing the account stops it, and its link is gone (410) afterwards.
// One seller cannot have more than four reports under way.
func TestReportCancelledAtLogoutAndErase(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "cancel")
	data, _ := vtr(t, 100, 1)
	require.Equal(t, http.StatusOK, c.upload("file", data, nil))
	release := holdBuilds(e)
	defer func() { release() }()
	req := map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE"}

	link, got := c.startReport(req)
	require.Equal(t, http.StatusAccepted, got)
	resp, body := c.do("GET", link, "", nil)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	assert.JSONEq(t, `{"id":"`+link[len("/api/reports/"):]+`","status":"building","records_read":0}`, string(body))
	for range maxJobsPerSeller - 1 {
		_, got := c.startReport(req)
		require.Equal(t, http.StatusAccepted, got)
	}
	_, got = c.startReport(req)
	assert.Equal(t, http.StatusTooManyRequests, got, "a fifth report under way")

	require.Equal(t, http.StatusNoContent, c.json("POST", "/api/logout", nil, nil))
	cr := testCreds("cancel")
	require.Equal(t, http.StatusOK, c.json("POST", "/api/login", cr.body(), nil))
	resp, _ = c.do("GET", link, "", nil)
	assert.Equal(t, http.StatusGone, resp.StatusCode, "a report stopped at logout")

	link, got = c.startReport(req)
	require.Equal(t, http.StatusAccepted, got, "the stopped reports no longer count")
	require.Equal(t, http.StatusNoContent, c.json("DELETE", "/api/account", nil, nil))
	e.srv.jobs.mu.Lock()
	left := len(e.srv.jobs.jobs)
	e.srv.jobs.mu.Unlock()
	assert.Zero(t, left, "jobs left after the erase")
	release()
	release = func() {}
	require.Equal(t, http.StatusCreated, c.json("POST", "/api/enroll", cr.body(), nil))
	require.Equal(t, http.StatusOK, c.json("POST", "/api/login", cr.body(), nil))
	resp, _ = c.do("GET", link, "", nil)
	assert.Equal(t, http.StatusGone, resp.StatusCode, "a report stopped at erase")
}
