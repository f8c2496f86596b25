package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// statement names the store's fixed statements.
type statement int

const (
	stmtInsertTenant statement = iota
	stmtTenant
	stmtUpdateTenant
	stmtDeleteTenant
	stmtPutRecord
	stmtRecord
	stmtDeleteRecord
	stmtDeleteRecords
	stmtInsertNew   // one record, nothing when its key or line is stored (MySQL: a plain INSERT)
	stmtStageRow    // one staged record
	stmtInsertBatch // batchRows records, RETURNING the inserted (PostgreSQL only)
	stmtStageBatch  // batchRows staged records
	stmtCount
)

const tenantCols = `revision, generation, salt, params_version, params_memory, params_time, params_threads, key_check,
	pending_generation, pending_salt, pending_params_version, pending_params_memory, pending_params_time,
	pending_params_threads, pending_key_check`

func statementText(d sqlDialect, s statement) string {
	switch s {
	case stmtInsertTenant:
		return d.insertTenantIfAbsent()
	case stmtTenant:
		return `SELECT ` + tenantCols + ` FROM vatkit_tenants WHERE tenant = ?`
	case stmtUpdateTenant:
		return `UPDATE vatkit_tenants SET revision = revision + 1, generation = ?, salt = ?, params_version = ?,
			params_memory = ?, params_time = ?, params_threads = ?, key_check = ?, pending_generation = ?,
			pending_salt = ?, pending_params_version = ?, pending_params_memory = ?, pending_params_time = ?,
			pending_params_threads = ?, pending_key_check = ?, updated_at = ? WHERE tenant = ? AND revision = ?`
	case stmtDeleteTenant:
		return `DELETE FROM vatkit_tenants WHERE tenant = ?`
	case stmtPutRecord:
		return d.upsertRecord()
	case stmtRecord:
		return `SELECT period, blind_index, sealed, upload FROM vatkit_records WHERE tenant = ? AND kind = ? AND id = ?`
	case stmtDeleteRecord:
		return `DELETE FROM vatkit_records WHERE tenant = ? AND kind = ? AND id = ?`
	case stmtDeleteRecords:
		return `DELETE FROM vatkit_records WHERE tenant = ?`
	case stmtInsertNew:
		if d.Dialect == MySQL {
			return d.multiInsert("vatkit_records", recordColumns, 1, "")
		}
		return d.multiInsert("vatkit_records", recordColumns, 1, " ON CONFLICT DO NOTHING")
	case stmtStageRow:
		return d.multiInsert("vatkit_staged", stagedColumns, 1, "")
	case stmtInsertBatch:
		if d.Dialect != Postgres {
			return ""
		}
		return d.multiInsert("vatkit_records", recordColumns, batchRows, " ON CONFLICT DO NOTHING RETURNING tenant, kind, id")
	case stmtStageBatch:
		return d.multiInsert("vatkit_staged", stagedColumns, batchRows, "")
	}
	panic("sqlstore: unknown statement")
}

// prepare prepares every fixed statement on db.
func prepare(ctx context.Context, db *sql.DB, d sqlDialect) ([]*sql.Stmt, error) {
	out := make([]*sql.Stmt, stmtCount)
	for i := range out {
		text := statementText(d, statement(i))
		if text == "" {
			continue // not used by this dialect
		}
		st, err := db.PrepareContext(ctx, d.rebind(text))
		if err != nil {
			for _, p := range out[:i] {
				if p != nil {
					p.Close()
				}
			}
			return nil, fmt.Errorf("sqlstore: prepare: %w", err)
		}
		out[i] = st
	}
	return out, nil
}

// scanQuery builds the keyset-paged scan for the filters q sets. Every
// variant is served by an index: the primary key (tenant, kind, id), or
// (tenant, period, kind, id), or the unique line index (tenant, kind,
// blind_index) — a lookup by blind index names the kind.
func scanQuery(d sqlDialect, kind, period, index bool) string {
	var b strings.Builder
	b.WriteString(`SELECT kind, id, period, blind_index, sealed, upload FROM vatkit_records`)
	// Without statistics SQLite prefers the primary key's (tenant, kind)
	// range, which also gives the order, and then filters every record of
	// the kind: tell it which index seeks.
	switch {
	case d.Dialect == SQLite && index:
		b.WriteString(` INDEXED BY vatkit_records_line`)
	case d.Dialect == SQLite && period:
		b.WriteString(` INDEXED BY vatkit_records_period`)
	}
	b.WriteString(` WHERE tenant = ?`)
	if kind {
		b.WriteString(` AND kind = ?`)
	}
	if period {
		b.WriteString(` AND period = ?`)
	}
	if index {
		b.WriteString(` AND blind_index = ?`)
	}
	if d.Dialect == MySQL {
		b.WriteString(` AND (kind > ? OR (kind = ? AND id > ?)) ORDER BY kind, id LIMIT ?`)
	} else {
		// A row-value comparison lets SQLite and PostgreSQL seek in the index
		// instead of filtering every row of the tenant on every page.
		b.WriteString(` AND (kind, id) > (?, ?) ORDER BY kind, id LIMIT ?`)
	}
	return d.rebind(b.String())
}
