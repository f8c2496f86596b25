-- vatkit schema version 3 (SQLite): the durable audit log and the login
-- lookup.
--
-- vatkit_audit holds the audit chain: one row per event, with the keyed
-- hash that links it to the previous one; times are Unix nanoseconds.
-- vatkit_audit_checkpoint holds the one purge checkpoint (id 1).
CREATE TABLE vatkit_audit (
	seq         INTEGER NOT NULL PRIMARY KEY,
	at_ns       INTEGER NOT NULL,
	tenant      TEXT    NOT NULL,
	event_type  TEXT    NOT NULL,
	event_count INTEGER NOT NULL,
	prev        BLOB    NOT NULL,
	hash        BLOB    NOT NULL
);

CREATE TABLE vatkit_audit_checkpoint (
	id               INTEGER NOT NULL PRIMARY KEY,
	seq              INTEGER NOT NULL,
	hash             BLOB    NOT NULL,
	purged_before_ns INTEGER NOT NULL,
	mac              BLOB    NOT NULL
);

-- vatkit_logins maps a keyed hash of a login to its tenant id, in the key
-- store; an erase deletes the tenant's rows.
CREATE TABLE vatkit_logins (
	lookup     BLOB NOT NULL PRIMARY KEY,
	tenant     TEXT NOT NULL,
	created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX vatkit_logins_tenant ON vatkit_logins (tenant);
