-- Key-value (hybrid) tables: which tables are served by `wh kv` and CALL KV_…, with their keys.
-- The rows themselves live in an ordinary table whose PRIMARY KEY is (partition key [, sort key]).

CREATE TABLE _wh_kv_tables (
    table_name     TEXT PRIMARY KEY,
    partition_key  TEXT NOT NULL,   -- the first PRIMARY KEY column
    sort_key       TEXT,            -- the second, if any
    ttl_column     TEXT             -- ALTER TABLE … SET TTL_COLUMN = c: items expire when c (epoch seconds or a timestamp) has passed
) WITHOUT ROWID;
