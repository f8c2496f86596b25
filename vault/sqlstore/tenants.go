package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"github.com/vatkit/vatkit/vault"
)

// keyCols returns the column values of a key state, NULLs for a nil one.
func keyCols(k *vault.KeyState) []any {
	if k == nil {
		return []any{nil, nil, nil, nil, nil, nil, nil}
	}
	return []any{int64(k.Generation), k.Salt, int64(k.Params.Version), int64(k.Params.MemoryKiB),
		int64(k.Params.Time), int64(k.Params.Threads), k.Check}
}

// CreateTenant stores new metadata with Revision 1, or fails with
// vault.ErrExists.
func (s *Store) CreateTenant(ctx context.Context, m vault.TenantMeta) error {
	args := append([]any{m.Tenant, int64(1)}, keyCols(&m.Current)...)
	args = append(append(args, keyCols(m.Pending)...), now())
	n, err := s.exec(ctx, stmtInsertTenant, args...)
	if err != nil {
		return wrap("create tenant", err)
	}
	if n == 0 {
		return vault.ErrExists
	}
	return nil
}

// Tenant returns the tenant's metadata or vault.ErrNotFound.
func (s *Store) Tenant(ctx context.Context, tenant string) (vault.TenantMeta, error) {
	var cur, pend keyRow
	var rev int64
	err := s.stmts[stmtTenant].QueryRowContext(ctx, tenant).Scan(&rev,
		&cur.gen, &cur.salt, &cur.ver, &cur.mem, &cur.time, &cur.threads, &cur.check,
		&pend.gen, &pend.salt, &pend.ver, &pend.mem, &pend.time, &pend.threads, &pend.check)
	if errors.Is(err, sql.ErrNoRows) {
		return vault.TenantMeta{}, vault.ErrNotFound
	}
	if err != nil {
		return vault.TenantMeta{}, wrap("read tenant", err)
	}
	m := vault.TenantMeta{Tenant: tenant, Revision: uint64(rev)}
	k, ok := cur.state()
	if !ok || k == nil || rev < 1 {
		return vault.TenantMeta{}, fmt.Errorf("sqlstore: read tenant: %w", vault.ErrTenantCorrupt)
	}
	m.Current = *k
	if m.Pending, ok = pend.state(); !ok {
		return vault.TenantMeta{}, fmt.Errorf("sqlstore: read tenant: %w", vault.ErrTenantCorrupt)
	}
	return m, nil
}

// keyRow holds the nullable columns of one key state as read.
type keyRow struct {
	gen, ver, mem, time, threads sql.NullInt64
	salt, check                  []byte
}

// state decodes the row: nil when every column is NULL, false when the
// values are out of range or only partly present.
func (r keyRow) state() (*vault.KeyState, bool) {
	if !r.gen.Valid && !r.ver.Valid && !r.mem.Valid && !r.time.Valid && !r.threads.Valid && r.salt == nil && r.check == nil {
		return nil, true
	}
	if !r.gen.Valid || !r.ver.Valid || !r.mem.Valid || !r.time.Valid || !r.threads.Valid ||
		!fits(r.gen.Int64, math.MaxUint32) || !fits(r.ver.Int64, math.MaxUint8) || !fits(r.mem.Int64, math.MaxUint32) ||
		!fits(r.time.Int64, math.MaxUint32) || !fits(r.threads.Int64, math.MaxUint8) {
		return nil, false
	}
	return &vault.KeyState{
		Generation: uint32(r.gen.Int64),
		Salt:       r.salt,
		Params: vault.Params{Version: uint8(r.ver.Int64), MemoryKiB: uint32(r.mem.Int64),
			Time: uint32(r.time.Int64), Threads: uint8(r.threads.Int64)},
		Check: r.check,
	}, true
}

func fits(v, max int64) bool { return v >= 0 && v <= max }

// exec runs one prepared statement on its own, again after a transient
// failure (see retrying), and returns the rows it affected.
func (s *Store) exec(ctx context.Context, st statement, args ...any) (int64, error) {
	return s.execSQL(ctx, s.stmts[st].ExecContext, args...)
}

// execSQL is exec for a statement given as an ExecContext function:
// a prepared statement's or the pool's with the query bound.
func (s *Store) execSQL(ctx context.Context, execFn func(context.Context, ...any) (sql.Result, error), args ...any) (int64, error) {
	var n int64
	err := retrying(ctx, func() error {
		res, err := execFn(ctx, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// query binds q for execSQL.
func (s *Store) query(q string) func(context.Context, ...any) (sql.Result, error) {
	return func(ctx context.Context, args ...any) (sql.Result, error) { return s.db.ExecContext(ctx, q, args...) }
}

// UpdateTenant replaces the metadata when the stored revision is
// m.Revision (compare-and-swap), or fails with vault.ErrConflict or
// vault.ErrNotFound.
func (s *Store) UpdateTenant(ctx context.Context, m vault.TenantMeta) error {
	args := append(keyCols(&m.Current), keyCols(m.Pending)...)
	args = append(args, now(), m.Tenant, int64(m.Revision))
	// A try that lost a conflict changed nothing: the next compares the
	// revision again, so a retried swap still fails on a stale one.
	n, err := s.exec(ctx, stmtUpdateTenant, args...)
	if err != nil {
		return wrap("update tenant", err)
	}
	if n == 1 {
		return nil
	}
	if _, err := s.Tenant(ctx, m.Tenant); err != nil {
		return err
	}
	return vault.ErrConflict
}

// DeleteTenant removes the tenant's metadata, salt included; nothing to
// delete is not an error.
func (s *Store) DeleteTenant(ctx context.Context, tenant string) error {
	_, err := s.exec(ctx, stmtDeleteTenant, tenant)
	return wrap("delete tenant", err)
}
