package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/vatkit/vatkit/vault"
)

var _ vault.PeriodLister = (*Store)(nil)

// Periods implements [vault.PeriodLister] by a loose scan of the index on
// (tenant, period, kind, id): one seek per period present, however many
// records each holds, so a tenant with ten million records and three years
// of months costs some forty index lookups. A SELECT DISTINCT would read
// every index entry of the tenant instead.
func (s *Store) Periods(ctx context.Context, tenant, kind string) ([]string, error) {
	first, next := periodQuery(s.dialect, false), periodQuery(s.dialect, true)
	var out []string
	var p string
	err := s.db.QueryRowContext(ctx, first, tenant, "", kind).Scan(&p)
	for err == nil {
		out = append(out, p)
		err = s.db.QueryRowContext(ctx, next, tenant, p, kind).Scan(&p)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	return nil, wrap("list periods", err)
}

// periodQuery finds the first period of a kind from a period on (after
// it, when after is set), seeking in the period index. SQLite is told the
// index: without statistics it may take the primary key's (tenant, kind)
// range and sort every record of the kind by period.
func periodQuery(d sqlDialect, after bool) string {
	q := `SELECT period FROM vatkit_records`
	if d.Dialect == SQLite {
		q += ` INDEXED BY vatkit_records_period`
	}
	if after {
		q += ` WHERE tenant = ? AND period > ? AND kind = ?`
	} else {
		q += ` WHERE tenant = ? AND period >= ? AND kind = ?`
	}
	return d.rebind(q + ` ORDER BY period LIMIT 1`)
}
