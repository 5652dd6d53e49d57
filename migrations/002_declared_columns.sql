-- Snowflake's declared column types, defaults and comments, which SQLite's schema cannot hold.
-- Written by CREATE TABLE, removed by DROP TABLE, read by DESC TABLE and result rendering.
CREATE TABLE _wh_columns (
    table_name   TEXT NOT NULL COLLATE NOCASE,
    column_name  TEXT NOT NULL,
    ordinal      INTEGER NOT NULL,
    data_type    TEXT NOT NULL,
    is_nullable  INTEGER NOT NULL,
    default_text TEXT,
    comment      TEXT,
    PRIMARY KEY (table_name, column_name)
) WITHOUT ROWID;

-- Table-level facts: the comment and when it was created.
CREATE TABLE _wh_tables (
    table_name TEXT PRIMARY KEY COLLATE NOCASE,
    comment    TEXT,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
