package sqlstore

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestLineLookupUsesIndex: a lookup by blind index (Session.Find) and the
// scans by kind and by period are index seeks on SQLite, not scans of the
// tenant's records; an upload's records are found by their own index.
func TestLineLookupUsesIndex(t *testing.T) {
	ctx := context.Background()
	s, err := openTestSQLite(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		name, query string
		args        []any
		want        string
	}{
		{"blind index", scanQuery(sqlDialect{Dialect: SQLite}, true, false, true), []any{"t", "txn", []byte("x"), "", "", 10}, "vatkit_records_line"},
		{"period", scanQuery(sqlDialect{Dialect: SQLite}, true, true, false), []any{"t", "txn", "2026-07", "", "", 10}, "vatkit_records_period"},
		{"upload", `SELECT COUNT(*) FROM vatkit_records WHERE tenant = ? AND upload = ?`, []any{"t", "u"}, "vatkit_records_upload"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := s.DB().QueryContext(ctx, "EXPLAIN QUERY PLAN "+tc.query, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			got := strings.Join(plan, "; ")
			if !strings.Contains(got, "USING") || !strings.Contains(got, tc.want) {
				t.Fatalf("plan %q does not seek in %s", got, tc.want)
			}
		})
	}
}
