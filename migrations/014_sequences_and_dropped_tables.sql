-- Sequences (CREATE SEQUENCE, seq.NEXTVAL, IDENTITY/AUTOINCREMENT columns) and the tables DROP TABLE
-- keeps for UNDROP TABLE until their retention period ends.

CREATE TABLE _wh_sequences (
    name       TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL,
    increment  INTEGER NOT NULL,
    comment    TEXT,
    created_at TEXT NOT NULL
);

-- stored_name: the SQLite table the dropped table was renamed to; its catalog rows (columns,
-- comment, tags, load history) are kept under that name until UNDROP or the purge.
CREATE TABLE _wh_dropped_tables (
    stored_name TEXT PRIMARY KEY,
    table_name  TEXT NOT NULL,
    dropped_at  TEXT NOT NULL,
    retain_until TEXT NOT NULL
);
CREATE INDEX _wh_dropped_tables_name ON _wh_dropped_tables(table_name, dropped_at);

-- CREATE TRANSIENT TABLE: a table like any other here (no Fail-safe to leave out), named TRANSIENT
-- by SHOW TABLES and INFORMATION_SCHEMA.TABLES.IS_TRANSIENT as Snowflake names it.
ALTER TABLE _wh_tables ADD COLUMN kind TEXT NOT NULL DEFAULT 'TABLE';
