-- The warehouse's own catalog starts here. Every table wh owns has the reserved prefix _wh_ and is
-- hidden from .tables, SHOW TABLES and INFORMATION_SCHEMA.

-- One row per applied migration; wh refuses a warehouse whose highest version it does not know.
CREATE TABLE _wh_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- Facts about the warehouse itself (when it was created, by which wh).
CREATE TABLE _wh_properties (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
