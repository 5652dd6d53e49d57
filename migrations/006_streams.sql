-- Streams: change tracking on tables. Triggers on a tracked table append to _wh_changes; a stream
-- is an offset into it, moved when a DML statement that read the stream commits.

CREATE TABLE _wh_streams (
    name         TEXT PRIMARY KEY COLLATE NOCASE,
    table_name   TEXT NOT NULL COLLATE NOCASE,
    offset_seq   INTEGER NOT NULL,    -- changes after this sequence number are the stream's
    append_only  INTEGER NOT NULL DEFAULT 0,
    initial_rows INTEGER NOT NULL DEFAULT 0,   -- SHOW_INITIAL_ROWS: the rows at creation count as inserts until consumed
    comment      TEXT,
    created_at   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE _wh_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL COLLATE NOCASE,
    action     TEXT NOT NULL,          -- I (insert), D (delete), U (update: the row's old values)
    row_id     INTEGER NOT NULL,
    old_row    TEXT                    -- the row before a delete or update, as a JSON object
);
CREATE INDEX _wh_changes_table ON _wh_changes(table_name, seq);
