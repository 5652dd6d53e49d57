-- Pipes: a stored COPY that the ingest daemon runs for each new file of its stage.

CREATE TABLE _wh_pipes (
    name                 TEXT PRIMARY KEY COLLATE NOCASE,
    definition           TEXT NOT NULL,     -- the COPY statement as written
    table_name           TEXT NOT NULL,     -- its target, as resolved when the pipe was created
    stage_name           TEXT NOT NULL,
    auto_ingest          INTEGER NOT NULL,
    paused               INTEGER NOT NULL DEFAULT 0,
    comment              TEXT,
    created_at           TEXT NOT NULL,
    last_error           TEXT,              -- why the last run could not load at all (missing table …)
    last_error_at        TEXT,
    last_forwarded_path  TEXT,              -- the last file the daemon was told about
    last_forwarded_at    TEXT
) WITHOUT ROWID;

-- Files ALTER PIPE … REFRESH queued (older than the pipe, so not picked up on their own).
CREATE TABLE _wh_pipe_queue (
    pipe_name  TEXT NOT NULL COLLATE NOCASE,
    file_path  TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    PRIMARY KEY (pipe_name, file_path)
) WITHOUT ROWID;

CREATE INDEX _wh_load_history_pipe ON _wh_load_history(pipe_name, file_path);
