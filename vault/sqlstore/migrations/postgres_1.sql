-- vatkit schema version 1 (PostgreSQL). Text keys use the "C" collation so
-- that scans order bytewise whatever the database's locale.
CREATE TABLE vatkit_tenants (
	tenant          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	revision        BIGINT   NOT NULL,
	generation      BIGINT   NOT NULL,
	salt            BYTEA    NOT NULL,
	params_version  SMALLINT NOT NULL,
	params_memory   BIGINT   NOT NULL,
	params_time     BIGINT   NOT NULL,
	params_threads  SMALLINT NOT NULL,
	key_check       BYTEA    NOT NULL,
	pending_generation BIGINT,
	pending_salt       BYTEA,
	pending_params_version SMALLINT,
	pending_params_memory  BIGINT,
	pending_params_time    BIGINT,
	pending_params_threads SMALLINT,
	pending_key_check  BYTEA,
	updated_at      TEXT     NOT NULL
);

CREATE TABLE vatkit_records (
	tenant      TEXT COLLATE "C" NOT NULL,
	kind        TEXT COLLATE "C" NOT NULL,
	id          TEXT COLLATE "C" NOT NULL,
	period      TEXT COLLATE "C" NOT NULL DEFAULT '',
	blind_index BYTEA,
	sealed      BYTEA  NOT NULL,
	size        BIGINT NOT NULL,
	updated_at  TEXT   NOT NULL,
	PRIMARY KEY (tenant, kind, id)
);

CREATE INDEX vatkit_records_period ON vatkit_records (tenant, period, kind, id);
CREATE INDEX vatkit_records_index  ON vatkit_records (tenant, blind_index, kind, id);
