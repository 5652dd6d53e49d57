/// INFORMATION_SCHEMA.TABLES, COLUMNS and VIEWS as SQLite subqueries over sqlite_master and wh's
/// catalog. The warehouse is one database with one schema, PUBLIC; the database is named after the
/// file.
enum InformationSchema {
    /// `(SELECT …)` for the view `name`, or nil when INFORMATION_SCHEMA has no such view in wh.
    static func subquery(_ name: String, database: String) -> String? {
        let catalog = SQLiteRenderer.quote(database)
        let userTables = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT LIKE '\\_wh\\_%' ESCAPE '\\'"
        switch name.uppercased() {
        case "TABLES":
            return """
                (SELECT \(catalog) AS TABLE_CATALOG, 'PUBLIC' AS TABLE_SCHEMA, m.name AS TABLE_NAME,
                 CASE m.type WHEN 'view' THEN 'VIEW' ELSE 'BASE TABLE' END AS TABLE_TYPE,
                 t.created_at AS CREATED, t.comment AS COMMENT,
                 CASE WHEN m.type = 'table' THEN CASE t.kind WHEN 'TRANSIENT' THEN 'YES' ELSE 'NO' END END AS IS_TRANSIENT
                 FROM sqlite_master m LEFT JOIN _wh_tables t ON t.table_name = m.name
                 WHERE m.type IN ('table', 'view') AND \(userTables))
                """
        case "VIEWS":
            return """
                (SELECT \(catalog) AS TABLE_CATALOG, 'PUBLIC' AS TABLE_SCHEMA, m.name AS TABLE_NAME, m.sql AS VIEW_DEFINITION
                 FROM sqlite_master m WHERE m.type = 'view' AND \(userTables))
                """
        case "COLUMNS":
            let declared = "coalesce(c.data_type, p.type)"
            let base = "(CASE WHEN instr(\(declared), '(') > 0 THEN substr(\(declared), 1, instr(\(declared), '(') - 1) ELSE \(declared) END)"
            let size = "(CASE WHEN instr(\(declared), '(') > 0 THEN substr(\(declared), instr(\(declared), '(') + 1, length(\(declared)) - instr(\(declared), '(') - 1) END)"
            return """
                (SELECT \(catalog) AS TABLE_CATALOG, 'PUBLIC' AS TABLE_SCHEMA, m.name AS TABLE_NAME, p.name AS COLUMN_NAME,
                 p.cid + 1 AS ORDINAL_POSITION, coalesce(c.default_text, p.dflt_value) AS COLUMN_DEFAULT,
                 CASE WHEN coalesce(c.is_nullable, p."notnull" = 0) THEN 'YES' ELSE 'NO' END AS IS_NULLABLE,
                 CASE \(base) WHEN 'VARCHAR' THEN 'TEXT' ELSE \(base) END AS DATA_TYPE,
                 CASE WHEN \(base) = 'VARCHAR' THEN CAST(\(size) AS INTEGER) END AS CHARACTER_MAXIMUM_LENGTH,
                 CASE WHEN \(base) = 'NUMBER' THEN CAST(substr(\(size), 1, instr(\(size), ',') - 1) AS INTEGER) END AS NUMERIC_PRECISION,
                 CASE WHEN \(base) = 'NUMBER' THEN CAST(substr(\(size), instr(\(size), ',') + 1) AS INTEGER) END AS NUMERIC_SCALE,
                 c.comment AS COMMENT
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p
                 LEFT JOIN _wh_columns c ON c.table_name = m.name AND c.column_name = p.name
                 WHERE m.type IN ('table', 'view') AND \(userTables))
                """
        case "LOAD_HISTORY": return LoadHistoryViews.loadHistory
        case "LOAD_REJECTS": return LoadHistoryViews.loadRejects
        default:
            return nil
        }
    }
}
