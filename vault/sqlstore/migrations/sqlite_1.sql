-- vatkit schema version 1 (SQLite). Only tenant ids, record kinds and ids,
-- periods, blind-index tokens, sizes and timestamps are in clear; the sealed
-- payload is opaque bytes.
CREATE TABLE vatkit_tenants (
	tenant          TEXT    NOT NULL PRIMARY KEY,
	revision        INTEGER NOT NULL,
	generation      INTEGER NOT NULL,
	salt            BLOB    NOT NULL,
	params_version  INTEGER NOT NULL,
	params_memory   INTEGER NOT NULL,
	params_time     INTEGER NOT NULL,
	params_threads  INTEGER NOT NULL,
	key_check       BLOB    NOT NULL,
	pending_generation INTEGER,
	pending_salt       BLOB,
	pending_params_version INTEGER,
	pending_params_memory  INTEGER,
	pending_params_time    INTEGER,
	pending_params_threads INTEGER,
	pending_key_check  BLOB,
	updated_at      TEXT    NOT NULL
) WITHOUT ROWID;

CREATE TABLE vatkit_records (
	tenant     TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	id         TEXT    NOT NULL,
	period     TEXT    NOT NULL DEFAULT '',
	blind_index BLOB,
	sealed     BLOB    NOT NULL,
	size       INTEGER NOT NULL,
	updated_at TEXT    NOT NULL,
	PRIMARY KEY (tenant, kind, id)
) WITHOUT ROWID;

CREATE INDEX vatkit_records_period ON vatkit_records (tenant, period, kind, id);
CREATE INDEX vatkit_records_index  ON vatkit_records (tenant, blind_index, kind, id);
