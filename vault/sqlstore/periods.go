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
	first := s.dialect.rebind(`SELECT period FROM vatkit_records
		WHERE tenant = ? AND kind = ? ORDER BY period LIMIT 1`)
	next := s.dialect.rebind(`SELECT period FROM vatkit_records
		WHERE tenant = ? AND period > ? AND kind = ? ORDER BY period LIMIT 1`)
	var out []string
	var p string
	err := s.db.QueryRowContext(ctx, first, tenant, kind).Scan(&p)
	for err == nil {
		out = append(out, p)
		err = s.db.QueryRowContext(ctx, next, tenant, p, kind).Scan(&p)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	return nil, wrap("list periods", err)
}
