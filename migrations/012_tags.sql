-- Object tags (CREATE TAG; ALTER TABLE … SET TAG; ALTER TABLE … MODIFY COLUMN … SET TAG): a tag,
-- and the value it has on a table or on one of its columns (column_name '' for the table itself).
-- wh reads the tag DYNAMODB_NAME to answer DynamoDB requests for a table under another name.

CREATE TABLE _wh_tags (
    name       TEXT PRIMARY KEY,
    comment    TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE _wh_tag_references (
    tag         TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    column_name TEXT NOT NULL DEFAULT '',
    value       TEXT NOT NULL,
    PRIMARY KEY (tag, table_name, column_name)
) WITHOUT ROWID;
CREATE INDEX _wh_tag_references_table ON _wh_tag_references(table_name);
