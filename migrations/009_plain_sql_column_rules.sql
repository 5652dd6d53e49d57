-- wh tables become writable by any SQLite tool (Python's sqlite3, the sqlite3 shell, pandas'
-- to_sql) and pass PRAGMA integrity_check there: the CHECK on a NUMBER, FLOAT or BOOLEAN column and
-- a DEFAULT CURRENT_TIMESTAMP stop calling wh's own functions (wh_check_numeric, wh_check_boolean,
-- SYSDATE), which only a wh connection knows. Each becomes plain SQL SQLite evaluates itself:
--   CONSTRAINT "C must be a number" CHECK ("C" < '')    -- numbers sort before text and blobs
--   DEFAULT ((strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'))
-- Only constraint and default text changes, and the new CHECKs accept exactly the values the old
-- ones did, so no stored row is touched: SQLite allows such edits through writable_schema (the
-- migrator bumps schema_version after this file). All three CHECK forms earlier builds wrote are
-- rewritten.

PRAGMA writable_schema = ON;

WITH RECURSIVE
    typed_column(table_name, n, quoted, number_rule, boolean_rule) AS (
        SELECT m.name,
               row_number() OVER (PARTITION BY m.name ORDER BY p.cid),
               '"' || replace(p.name, '"', '""') || '"',
               'CONSTRAINT "' || replace(p.name || ' must be a number', '"', '""') || '" CHECK ("' || replace(p.name, '"', '""') || '" < '''')',
               'CONSTRAINT "' || replace(p.name || ' must be a boolean', '"', '""') || '" CHECK ("' || replace(p.name, '"', '""') || '" < '''')'
        FROM sqlite_master AS m, pragma_table_info(m.name) AS p
        WHERE m.type = 'table' AND instr(m.sql, 'wh_check_') > 0
    ),
    rewritten(table_name, n, sql) AS (
        SELECT name, 0, sql FROM sqlite_master WHERE type = 'table' AND instr(sql, 'wh_check_') > 0
        UNION ALL
        SELECT r.table_name, r.n + 1,
               replace(replace(replace(replace(replace(replace(r.sql,
                   'CHECK (' || c.quoted || ' < '''' OR wh_check_numeric(' || c.quoted || '))', c.number_rule),
                   'CHECK ((typeof(' || c.quoted || ') <> ''text'' AND typeof(' || c.quoted || ') <> ''blob'') OR wh_check_numeric(' || c.quoted || '))', c.number_rule),
                   'CHECK (wh_check_numeric(' || c.quoted || '))', c.number_rule),
                   'CHECK (' || c.quoted || ' < '''' OR wh_check_boolean(' || c.quoted || '))', c.boolean_rule),
                   'CHECK ((typeof(' || c.quoted || ') <> ''text'' AND typeof(' || c.quoted || ') <> ''blob'') OR wh_check_boolean(' || c.quoted || '))', c.boolean_rule),
                   'CHECK (wh_check_boolean(' || c.quoted || '))', c.boolean_rule)
        FROM rewritten AS r JOIN typed_column AS c ON c.table_name = r.table_name AND c.n = r.n + 1
    )
UPDATE sqlite_master
SET sql = (SELECT r.sql FROM rewritten AS r WHERE r.table_name = sqlite_master.name ORDER BY r.n DESC LIMIT 1)
WHERE type = 'table' AND instr(sql, 'wh_check_') > 0;

UPDATE sqlite_master
SET sql = replace(sql, 'SYSDATE()', '(strftime(''%Y-%m-%d %H:%M:%f'', ''now'') || ''000'')')
WHERE type = 'table' AND instr(sql, 'SYSDATE()') > 0;

PRAGMA writable_schema = OFF;
