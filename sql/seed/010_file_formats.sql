-- The seed's warehouse, as Snowflake SQL that wh runs: `wh init --project sql/seed` applies these
-- files in name order, and applying them again changes nothing (tables, streams, stages and pipes
-- are created IF NOT EXISTS; procedures, views and formats are replaced). Statements after a
-- `-- wh:extension` comment are wh's own (CI checks every other statement parses as Snowflake SQL).

-- Telemetry and click files: one JSON document per line.
CREATE OR REPLACE FILE FORMAT JSON_RECORDS TYPE = JSON COMMENT = 'One JSON document per line (or documents one after another)';
