-- vatkit schema version 1 (MySQL / MariaDB). Keys are VARBINARY so that scans
-- order bytewise and compare exactly, whatever the server's collation.
CREATE TABLE vatkit_tenants (
	tenant          VARBINARY(255) NOT NULL PRIMARY KEY,
	revision        BIGINT UNSIGNED NOT NULL,
	generation      BIGINT UNSIGNED NOT NULL,
	salt            VARBINARY(64) NOT NULL,
	params_version  SMALLINT UNSIGNED NOT NULL,
	params_memory   BIGINT UNSIGNED NOT NULL,
	params_time     BIGINT UNSIGNED NOT NULL,
	params_threads  SMALLINT UNSIGNED NOT NULL,
	key_check       VARBINARY(64) NOT NULL,
	pending_generation BIGINT UNSIGNED NULL,
	pending_salt       VARBINARY(64) NULL,
	pending_params_version SMALLINT UNSIGNED NULL,
	pending_params_memory  BIGINT UNSIGNED NULL,
	pending_params_time    BIGINT UNSIGNED NULL,
	pending_params_threads SMALLINT UNSIGNED NULL,
	pending_key_check  VARBINARY(64) NULL,
	updated_at      VARCHAR(40) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE vatkit_records (
	tenant      VARBINARY(255) NOT NULL,
	kind        VARBINARY(64)  NOT NULL,
	id          VARBINARY(255) NOT NULL,
	period      VARBINARY(16)  NOT NULL DEFAULT '',
	blind_index VARBINARY(64)  NULL,
	sealed      LONGBLOB       NOT NULL,
	size        BIGINT UNSIGNED NOT NULL,
	updated_at  VARCHAR(40)    NOT NULL,
	PRIMARY KEY (tenant, kind, id),
	INDEX vatkit_records_period (tenant, period, kind, id),
	INDEX vatkit_records_index  (tenant, blind_index, kind, id)
) ENGINE=InnoDB;
