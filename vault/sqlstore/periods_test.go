package sqlstore

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestPeriodsUseIndex: each step of Periods' loose scan seeks in the
// period index on SQLite, never sorting the tenant's records.
func TestPeriodsUseIndex(t *testing.T) {
	ctx := context.Background()
	s, err := openTestSQLite(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, after := range []bool{false, true} {
		rows, err := s.DB().QueryContext(ctx, "EXPLAIN QUERY PLAN "+periodQuery(sqlDialect{Dialect: SQLite}, after), "t", "2026-07", "txn")
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		got := strings.Join(plan, "; ")
		if !strings.Contains(got, "USING COVERING INDEX vatkit_records_period") || strings.Contains(got, "TEMP B-TREE") {
			t.Errorf("after=%v: plan %q does not seek in the period index", after, got)
		}
	}
}
