-- vatkit schema version 3 (PostgreSQL): the durable audit log and the login
-- lookup.
--
-- vatkit_audit holds the audit chain: one row per event, with the keyed
-- hash that links it to the previous one; times are Unix nanoseconds.
-- vatkit_audit_checkpoint holds the one purge checkpoint (id 1).
CREATE TABLE vatkit_audit (
	seq         BIGINT NOT NULL PRIMARY KEY,
	at_ns       BIGINT NOT NULL,
	tenant      TEXT COLLATE "C" NOT NULL,
	event_type  TEXT COLLATE "C" NOT NULL,
	event_count BIGINT NOT NULL,
	prev        BYTEA  NOT NULL,
	hash        BYTEA  NOT NULL
);

CREATE TABLE vatkit_audit_checkpoint (
	id               INTEGER NOT NULL PRIMARY KEY,
	seq              BIGINT  NOT NULL,
	hash             BYTEA   NOT NULL,
	purged_before_ns BIGINT  NOT NULL,
	mac              BYTEA   NOT NULL
);

-- vatkit_logins maps a keyed hash of a login to its tenant id, in the key
-- store; an erase deletes the tenant's rows.
CREATE TABLE vatkit_logins (
	lookup     BYTEA NOT NULL PRIMARY KEY,
	tenant     TEXT COLLATE "C" NOT NULL,
	created_at TEXT NOT NULL
);

CREATE INDEX vatkit_logins_tenant ON vatkit_logins (tenant);
