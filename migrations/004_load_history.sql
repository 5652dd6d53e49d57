-- COPY INTO's load metadata: one row per file per load, and every record a load rejected.

CREATE TABLE _wh_load_history (
    id                    INTEGER PRIMARY KEY,
    copy_id               INTEGER NOT NULL,  -- the COPY statement (job) that wrote the row
    table_name            TEXT NOT NULL COLLATE NOCASE,
    file_path             TEXT NOT NULL,     -- absolute path: the dedup key with size, mtime and hash
    file_name             TEXT NOT NULL,     -- as COPY's result names it (stage/relative/path)
    stage_location        TEXT NOT NULL,     -- @STAGE/prefix as the COPY named it
    file_size             INTEGER NOT NULL,
    file_modified         TEXT NOT NULL,     -- canonical timestamp of the file's modification time
    content_hash          TEXT NOT NULL,     -- 64-bit fingerprint of the bytes as staged (METADATA$FILE_CONTENT_KEY)
    status                TEXT NOT NULL,     -- LOADED | PARTIALLY_LOADED | LOAD_FAILED
    row_parsed            INTEGER NOT NULL,
    row_count             INTEGER NOT NULL,
    error_count           INTEGER NOT NULL,
    error_limit           INTEGER NOT NULL,
    first_error           TEXT,
    first_error_line      INTEGER,
    first_error_character INTEGER,
    first_error_column    TEXT,
    last_load_time        TEXT NOT NULL,
    pipe_name             TEXT               -- NULL for COPY statements
);
CREATE INDEX _wh_load_history_file ON _wh_load_history(table_name, file_path);

CREATE TABLE _wh_load_rejects (
    id              INTEGER PRIMARY KEY,
    copy_id         INTEGER NOT NULL,
    table_name      TEXT NOT NULL COLLATE NOCASE,
    file_name       TEXT NOT NULL,
    line            INTEGER,
    character       INTEGER,
    byte_offset     INTEGER,
    category        TEXT NOT NULL,          -- parsing | conversion
    code            INTEGER NOT NULL,
    sql_state       TEXT NOT NULL,
    column_name     TEXT,
    row_number      INTEGER,
    row_start_line  INTEGER,
    error           TEXT NOT NULL,
    rejected_record TEXT
);
CREATE INDEX _wh_load_rejects_copy ON _wh_load_rejects(table_name, copy_id);
