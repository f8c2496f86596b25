// Package sqlstore is a [vault.Store] on database/sql, for three dialects:
// SQLite (the embedded default: a file path is all it needs), PostgreSQL and
// MySQL/MariaDB.
//
// Start with OpenSQLite:
//
//	store, err := sqlstore.OpenSQLite(ctx, "/var/lib/vatkit/vatkit.db")
//	v, err := vault.New(vault.Config{Store: store})
//
// and move to a server with Open when one machine is no longer enough:
//
//	store, err := sqlstore.Open(ctx, sqlstore.Postgres, "postgres://vatkit@db:5432/vatkit?sslmode=verify-full")
//
// # What is stored
//
// Two tables. vatkit_tenants holds, per tenant, the key-derivation inputs
// that are not secret (salt, Argon2id parameters, key generation) and the
// key-check value — never a key. vatkit_records holds the sealed records: in
// clear only the tenant id, record kind and id, the period (YYYY-MM), the
// blind-index token, the size and the time of the last write; the payload
// is an opaque BLOB/BYTEA sealed by the vault. A third table,
// vatkit_schema, records the schema version.
//
// # Schema and migrations
//
// New creates or upgrades the schema from SQL embedded in the package, in one
// transaction, and refuses (ErrSchema) a database whose schema is newer than
// the code. Running it again is harmless.
//
// # Operations
//
// Every Store operation is one statement, except EraseTenant (metadata,
// salt first, and records in one transaction) and the compare-and-swap of
// UpdateTenant, which reads back only to tell "changed" from "gone". Fixed
// statements are prepared once. Scans read in keyset pages of 1,000 records
// in (kind, id) order and hold no cursor open while the caller's loop runs,
// so the loop may write (as a password change does). Every call honours its
// context.
//
// # Concurrency and scaling
//
// SQLite is opened in WAL mode with a 5-second busy timeout: readers never
// wait for the writer, and writers queue rather than fail. It still has a
// single writer for the whole file, which serves thousands of small writes
// per second on a local disk; a platform with more load, or more than one
// application server, points the store at PostgreSQL or MySQL instead —
// managed, replicated or clustered, and the wire-compatible distributed
// engines behind those protocols (CockroachDB, YugabyteDB, TiDB, Vitess) when
// their SQL covers what the store needs: transactions, INSERT … ON CONFLICT
// (PostgreSQL, SQLite) or ON DUPLICATE KEY UPDATE / INSERT IGNORE (MySQL),
// BYTEA/BLOB columns and composite indexes. Every query is served by an
// index: the primary key (tenant, kind, id), (tenant, period, kind, id) for
// period scans and (tenant, blind_index, kind, id) for blind-index lookups.
// Keys sort bytewise in every dialect (COLLATE "C" on PostgreSQL, VARBINARY
// on MySQL), as the Store contract requires.
//
// # Testing against servers
//
// The package's tests run vault/storetest's conformance suite on every
// dialect. The PostgreSQL and MySQL runs need VATKIT_TEST_POSTGRES_DSN and
// VATKIT_TEST_MYSQL_DSN; without them those runs skip, saying so. The
// repository's .ci/run starts throw-away servers and sets both.
package sqlstore
