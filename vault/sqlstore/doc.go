// Package sqlstore is a [vault.Store] on database/sql, for three dialects:
// SQLite (the embedded default: a file path is all it needs), PostgreSQL and
// MySQL/MariaDB. It links no database driver: each dialect has a small
// package that opens it with its driver, so a host links only the driver
// it uses.
//
// Start with SQLite ([github.com/vatkit/vatkit/vault/sqlstore/sqlite]):
//
//	store, err := sqlite.Open(ctx, "/var/lib/vatkit/vatkit.db")
//	v, err := vault.New(vault.Config{Store: store})
//
// and move to a server when one machine is no longer enough
// ([github.com/vatkit/vatkit/vault/sqlstore/postgres], or …/mysql):
//
//	store, err := postgres.Open(ctx, "postgres://vatkit@db:5432/vatkit?sslmode=verify-full")
//
// A host with a pool of its own hands it to [New] with its dialect.
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
// the code. Running it again is harmless. A host that runs its own
// migrations takes the SQL from [Migrations] (one step per version) or
// [Schema] (one script) and opens the store [WithoutMigration], which only
// checks the version. [WithTablePrefix] replaces the "vatkit_" that starts
// every table and index name.
//
// # Operations
//
// Every Store operation is one statement, except EraseTenant (key
// material and records in one transaction) and the compare-and-swap of
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
// Multi-primary clusters are tested on MariaDB Galera (three nodes, two
// stores writing through different ones): a transaction that loses
// certification to one committed through another node fails with a
// deadlock error, and the store repeats it like any deadlock (see [Store]
// and [Transient]). Reads through one node may lag writes committed
// through another until it has applied them; a host that reads back
// through another node what it has just written sets wsrep_sync_wait in
// its DSN, and one that keeps each seller on one node does not need to.
//
// # Key material apart, and what an erase leaves behind
//
// A Store serves as a [vault.KeyStore] too: open a second one on its own
// file or database for vault.Config.Keys, and keep that one out of bulk
// backups (or give its backups a short retention). Then an erase shreds
// every copy of the record store, backups included: the salt needed to
// open them is gone. EraseTenant (which vault.Erase uses on both stores)
// deletes the tenant's rows in one transaction. What stays behind depends
// on the dialect:
//
//   - SQLite: secure_delete overwrites deleted rows with zeros, and
//     EraseTenant checkpoints the write-ahead log and truncates it, so the
//     database, -wal and -shm files hold no live or logged copy of the
//     erased tenant (ErrCheckpointBlocked if readers held the log past the
//     busy timeout: repeat the erase). A stale copy of a row that SQLite's
//     b-tree rebalancing moved between pages can remain in a page's unused
//     space; [Store.Compact] (VACUUM), run off-peak, removes those. Copies
//     the file system or the disk keeps of overwritten blocks (snapshots,
//     SSD wear levelling) are outside any store's reach: use full-disk
//     encryption.
//   - PostgreSQL: deleted rows stay as dead tuples in the table and index
//     pages until VACUUM (autovacuum) prunes them, and their bytes stay in
//     the freed space until later writes reuse it (VACUUM does not zero
//     it; VACUUM FULL writes new files and unlinks the old ones without
//     overwriting them). Copies also remain in the WAL (pg_wal, until the
//     segments are recycled), in WAL archives and base backups, and on
//     streaming replicas with the same caveats.
//   - MySQL and MariaDB: InnoDB delete-marks the rows and its purge thread
//     frees them later, without overwriting them unless MariaDB's
//     innodb_immediate_scrub_data_uncompressed is ON; before-images stay
//     in the undo logs until purged, the redo log until overwritten, and
//     the binary log (row format: the whole deleted row) until it expires
//     (binlog_expire_logs_seconds), on replicas and in their relay logs too.
//
// On a server the host must therefore: keep the key store in a database of
// its own, excluded from point-in-time recovery and long-kept backups; set
// the retention of WAL archives, binary logs and backups of the record
// store to what the platform promises its sellers; on MariaDB set
// innodb_immediate_scrub_data_uncompressed=ON; and encrypt the disks. Every
// copy left is sealed and, once the key store's copies are gone, can no
// longer be opened by anyone.
//
// # Testing against servers
//
// The package's tests run vault/storetest's conformance suite on every
// dialect. The PostgreSQL and MySQL runs need VATKIT_TEST_POSTGRES_DSN and
// VATKIT_TEST_MYSQL_DSN; without them those runs skip, saying so. The
// repository's .ci/run starts throw-away servers, sets both and makes a
// missing one a failure.
package sqlstore
