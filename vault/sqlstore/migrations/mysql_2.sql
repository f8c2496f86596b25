-- vatkit schema version 2 (MySQL / MariaDB): uploads are units, and the
-- database refuses a second record of the same line.
--
-- Records carry the opaque id of the upload that stored them. A line's
-- identity (tenant, kind, blind index) is unique: before the unique index is
-- built, later copies of a line — stored twice by concurrent uploads before
-- this version — are removed, keeping the first (lowest id).
ALTER TABLE vatkit_records ADD COLUMN upload VARBINARY(64) NOT NULL DEFAULT '';

DELETE r FROM vatkit_records AS r
  JOIN vatkit_records AS o
    ON o.tenant = r.tenant AND o.kind = r.kind AND o.blind_index = r.blind_index AND o.id < r.id;

DROP INDEX vatkit_records_index ON vatkit_records;
CREATE UNIQUE INDEX vatkit_records_line ON vatkit_records (tenant, kind, blind_index);
CREATE INDEX vatkit_records_upload ON vatkit_records (tenant, upload);

-- Records of uploads under way: invisible to every read until their upload
-- commits (moved into vatkit_records in one transaction) or is discarded.
CREATE TABLE vatkit_staged (
	tenant      VARBINARY(255) NOT NULL,
	upload      VARBINARY(64)  NOT NULL,
	kind        VARBINARY(64)  NOT NULL,
	id          VARBINARY(255) NOT NULL,
	period      VARBINARY(16)  NOT NULL DEFAULT '',
	blind_index VARBINARY(64)  NULL,
	sealed      LONGBLOB       NOT NULL,
	size        BIGINT UNSIGNED NOT NULL,
	staged_at   VARCHAR(40)    NOT NULL,
	PRIMARY KEY (tenant, upload, kind, id)
) ENGINE=InnoDB;
