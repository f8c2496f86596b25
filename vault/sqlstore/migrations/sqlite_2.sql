-- vatkit schema version 2 (SQLite): uploads are units, and the database
-- refuses a second record of the same line.
--
-- Records carry the opaque id of the upload that stored them. A line's
-- identity (tenant, kind, blind index) is unique: before the unique index is
-- built, later copies of a line — stored twice by concurrent uploads before
-- this version — are removed, keeping the first (lowest id).
ALTER TABLE vatkit_records ADD COLUMN upload TEXT NOT NULL DEFAULT '';

DELETE FROM vatkit_records
 WHERE blind_index IS NOT NULL
   AND EXISTS (SELECT 1 FROM vatkit_records AS o
                WHERE o.tenant = vatkit_records.tenant AND o.blind_index = vatkit_records.blind_index
                  AND o.kind = vatkit_records.kind AND o.id < vatkit_records.id);

DROP INDEX vatkit_records_index;
CREATE UNIQUE INDEX vatkit_records_line ON vatkit_records (tenant, kind, blind_index);
CREATE INDEX vatkit_records_upload ON vatkit_records (tenant, upload);

-- Records of uploads under way: invisible to every read until their upload
-- commits (moved into vatkit_records in one transaction) or is discarded.
CREATE TABLE vatkit_staged (
	tenant      TEXT    NOT NULL,
	upload      TEXT    NOT NULL,
	kind        TEXT    NOT NULL,
	id          TEXT    NOT NULL,
	period      TEXT    NOT NULL DEFAULT '',
	blind_index BLOB,
	sealed      BLOB    NOT NULL,
	size        INTEGER NOT NULL,
	staged_at   TEXT    NOT NULL,
	PRIMARY KEY (tenant, upload, kind, id)
) WITHOUT ROWID;
