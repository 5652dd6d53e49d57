-- Stages (directories that hold files to load) and named file formats.

CREATE TABLE _wh_stages (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    url         TEXT,              -- as written in CREATE STAGE; NULL for an internal stage
    directory   TEXT NOT NULL,     -- the absolute directory the stage reads
    file_format TEXT NOT NULL,     -- the stage's format options as JSON, e.g. {"TYPE":"JSON"}
    comment     TEXT,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE _wh_file_formats (
    name       TEXT PRIMARY KEY COLLATE NOCASE,
    options    TEXT NOT NULL,      -- the format's options as JSON, TYPE included
    comment    TEXT,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
