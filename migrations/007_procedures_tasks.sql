-- Stored procedures (Snowflake Scripting, a subset) and tasks run by the ingest daemon.

CREATE TABLE _wh_procedures (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    arguments   TEXT NOT NULL,      -- JSON array of {"name", "type", "default"}
    returns     TEXT NOT NULL,
    body        TEXT NOT NULL,      -- the Snowflake Scripting block as written
    comment     TEXT,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE _wh_tasks (
    name                    TEXT PRIMARY KEY COLLATE NOCASE,
    schedule                TEXT,              -- as written: '5 MINUTES'
    interval_seconds        REAL,              -- the schedule in seconds
    predecessor             TEXT,              -- AFTER this task
    condition               TEXT,              -- WHEN, as written
    definition              TEXT NOT NULL,     -- the statement, CALL or BEGIN … END block
    state                   TEXT NOT NULL,     -- started | suspended
    suspend_after_failures  INTEGER NOT NULL DEFAULT 10,
    consecutive_failures    INTEGER NOT NULL DEFAULT 0,
    last_suspended_reason   TEXT,
    next_run_at             TEXT,              -- when the schedule next wants it
    comment                 TEXT,
    created_at              TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE _wh_task_history (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL COLLATE NOCASE,
    query_text         TEXT NOT NULL,
    condition_text     TEXT,
    state              TEXT NOT NULL,          -- SUCCEEDED | FAILED | FAILED_AND_AUTO_SUSPENDED | SKIPPED
    error_message      TEXT,
    scheduled_time     TEXT NOT NULL,
    query_start_time   TEXT,
    completed_time     TEXT,
    return_value       TEXT,
    scheduled_from     TEXT NOT NULL           -- SCHEDULE | EXECUTE_TASK
);
CREATE INDEX _wh_task_history_name ON _wh_task_history(name, id);
