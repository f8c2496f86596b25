-- vatkit schema version 2 (PostgreSQL): uploads are units, and the database
-- refuses a second record of the same line.
--
-- Records carry the opaque id of the upload that stored them. A line's
-- identity (tenant, kind, blind index) is unique: before the unique index is
-- built, later copies of a line — stored twice by concurrent uploads before
-- this version — are removed, keeping the first (lowest id).
ALTER TABLE vatkit_records ADD COLUMN upload TEXT COLLATE "C" NOT NULL DEFAULT '';

DELETE FROM vatkit_records AS r
 USING vatkit_records AS o
 WHERE r.blind_index IS NOT NULL AND o.tenant = r.tenant AND o.kind = r.kind
   AND o.blind_index = r.blind_index AND o.id < r.id;

DROP INDEX vatkit_records_index;
CREATE UNIQUE INDEX vatkit_records_line ON vatkit_records (tenant, kind, blind_index);
CREATE INDEX vatkit_records_upload ON vatkit_records (tenant, upload);

-- Records of uploads under way: invisible to every read until their upload
-- commits (moved into vatkit_records in one transaction) or is discarded.
CREATE TABLE vatkit_staged (
	tenant      TEXT COLLATE "C" NOT NULL,
	upload      TEXT COLLATE "C" NOT NULL,
	kind        TEXT COLLATE "C" NOT NULL,
	id          TEXT COLLATE "C" NOT NULL,
	period      TEXT COLLATE "C" NOT NULL DEFAULT '',
	blind_index BYTEA,
	sealed      BYTEA  NOT NULL,
	size        BIGINT NOT NULL,
	staged_at   TEXT   NOT NULL,
	PRIMARY KEY (tenant, upload, kind, id)
);
