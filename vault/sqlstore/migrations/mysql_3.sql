-- vatkit schema version 3 (MySQL / MariaDB): the durable audit log and the
-- login lookup.
--
-- vatkit_audit holds the audit chain: one row per event, with the keyed
-- hash that links it to the previous one; times are Unix nanoseconds.
-- vatkit_audit_checkpoint holds the one purge checkpoint (id 1).
CREATE TABLE vatkit_audit (
	seq         BIGINT NOT NULL PRIMARY KEY,
	at_ns       BIGINT NOT NULL,
	tenant      VARBINARY(255) NOT NULL,
	event_type  VARBINARY(255) NOT NULL,
	event_count BIGINT NOT NULL,
	prev        VARBINARY(64)  NOT NULL,
	hash        VARBINARY(64)  NOT NULL
) ENGINE=InnoDB;

CREATE TABLE vatkit_audit_checkpoint (
	id               INT    NOT NULL PRIMARY KEY,
	seq              BIGINT NOT NULL,
	hash             VARBINARY(64) NOT NULL,
	purged_before_ns BIGINT NOT NULL,
	mac              VARBINARY(64) NOT NULL
) ENGINE=InnoDB;

-- vatkit_logins maps a keyed hash of a login to its tenant id, in the key
-- store; an erase deletes the tenant's rows.
CREATE TABLE vatkit_logins (
	lookup     VARBINARY(64)  NOT NULL PRIMARY KEY,
	tenant     VARBINARY(255) NOT NULL,
	created_at VARCHAR(40)    NOT NULL,
	INDEX vatkit_logins_tenant (tenant)
) ENGINE=InnoDB;
