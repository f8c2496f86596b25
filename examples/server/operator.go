package main

import (
	"context"
	"net/http"
	"sync"

	"github.com/vatkit/vatkit/vault"
)

// countingAudit passes events on to the audit log and counts them by type:
// the operator's statistics are these counts and nothing else, so they
// hold no personal data by construction.
type countingAudit struct {
	next vault.AuditLog

	mu     sync.Mutex
	counts map[vault.EventType]int64 // events
	totals map[vault.EventType]int64 // sums of Count (rows, numbers, bytes)
}

func newCountingAudit(next vault.AuditLog) *countingAudit {
	return &countingAudit{next: next, counts: make(map[vault.EventType]int64), totals: make(map[vault.EventType]int64)}
}

// Append implements vault.AuditLog.
func (a *countingAudit) Append(ctx context.Context, e vault.Event) error {
	if err := a.next.Append(ctx, e); err != nil {
		return err
	}
	a.mu.Lock()
	a.counts[e.Type]++
	a.totals[e.Type] += e.Count
	a.mu.Unlock()
	return nil
}

func (a *countingAudit) snapshot() (counts, totals map[vault.EventType]int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	counts = make(map[vault.EventType]int64, len(a.counts))
	totals = make(map[vault.EventType]int64, len(a.totals))
	for k, v := range a.counts {
		counts[k] = v
	}
	for k, v := range a.totals {
		totals[k] = v
	}
	return counts, totals
}

// stats answers the operator: counts of events since start, sessions live
// and rows stored. No tenant id, no amount, no number.
func (s *server) stats(w http.ResponseWriter, r *http.Request) {
	counts, totals := s.counter.snapshot()
	writeJSON(w, http.StatusOK, map[string]any{
		"sessions_live":       s.sessions.Len(),
		"events":              counts,
		"rows_stored":         totals[vault.EventUpload],
		"numbers_checked":     totals[vault.EventVIESCheck],
		"report_bytes_served": totals[vault.EventReportDownloaded],
	})
}
