import SQLite

extension Warehouse {
    /// Names of the user's tables and views (catalog tables excluded), sorted, optionally filtered by a
    /// LIKE pattern.
    public func tableNames(like pattern: String? = nil) throws -> [String] {
        let statement = try connection.prepare("""
            SELECT name FROM sqlite_master
            WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              AND name NOT LIKE '\\_wh\\_%' ESCAPE '\\' AND upper(name) LIKE upper(?)
            ORDER BY name
            """)
        try statement.bind([.text(pattern ?? "%")])
        return try statement.all().compactMap { $0.first?.textValue }
    }

    /// The CREATE statements of user tables, views and indexes, optionally only those of `table`.
    /// Tables made by wh's CREATE TABLE are shown in Snowflake's SQL, from the catalog; the rest as
    /// SQLite holds them.
    public func schemaStatements(table: String? = nil) throws -> [String] {
        let statement = try connection.prepare("""
            SELECT sql, type, name FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              AND tbl_name NOT LIKE '\\_wh\\_%' ESCAPE '\\' AND (?1 IS NULL OR upper(tbl_name) LIKE upper(?1))
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, tbl_name, name
            """)
        try statement.bind([table.map { .text($0) } ?? .null])
        return try statement.all().compactMap { row -> String? in
            if row[1] == .text("table"), let name = row[2].textValue, let snowflake = try snowflakeDDL(table: name) {
                return snowflake
            }
            return row[0].textValue.map { $0 + ";" }
        }
    }

    /// `CREATE TABLE` in Snowflake's SQL for a table whose columns the catalog knows, else nil.
    func snowflakeDDL(table: String) throws -> String? {
        let columns = try connection.prepare("""
            SELECT c.column_name, c.data_type, c.is_nullable, c.default_text, c.comment, coalesce(p.pk, 0)
            FROM _wh_columns c LEFT JOIN pragma_table_info(?1) p ON p.name = c.column_name
            WHERE c.table_name = ?1 ORDER BY c.ordinal
            """)
        try columns.bind([.text(table)])
        let rows = try columns.all()
        guard !rows.isEmpty else { return nil }
        var lines = rows.map { row -> String in
            var line = Identifier.display(row[0].textValue ?? "") + " " + (row[1].textValue ?? "")
            if row[2] == .integer(0) { line += " NOT NULL" }
            if let value = row[3].textValue { line += " DEFAULT " + value }
            if let comment = row[4].textValue { line += " COMMENT " + SQLiteRenderer.quote(comment) }
            return line
        }
        let keys = rows.filter { $0[5] != .integer(0) }.sorted { ($0[5].textValue ?? "") < ($1[5].textValue ?? "") }
        if !keys.isEmpty { lines.append("PRIMARY KEY (" + keys.map { Identifier.display($0[0].textValue ?? "") }.joined(separator: ", ") + ")") }
        var ddl = "CREATE TABLE \(Identifier.display(table)) (\n    " + lines.joined(separator: ",\n    ") + "\n)"
        let comment = try connection.prepare("SELECT comment FROM _wh_tables WHERE table_name = ?")
        try comment.bind([.text(table)])
        if let text = try comment.all().first?.first?.textValue { ddl += " COMMENT = " + SQLiteRenderer.quote(text) }
        return ddl + ";"
    }
}
