import SQLite

extension Warehouse {
    /// Names of the user's tables and views (catalog tables excluded), sorted, optionally filtered by a
    /// LIKE pattern.
    public func tableNames(like pattern: String? = nil) throws -> [String] {
        let statement = try connection.prepare("""
            SELECT name FROM sqlite_master
            WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              AND name NOT LIKE '\\_wh\\_%' ESCAPE '\\' AND name LIKE ?
            ORDER BY name
            """)
        try statement.bind([.text(pattern ?? "%")])
        return try statement.all().compactMap { $0.first?.textValue }
    }

    /// The CREATE statements of user tables, views and indexes, optionally only those of `table`.
    public func schemaStatements(table: String? = nil) throws -> [String] {
        let statement = try connection.prepare("""
            SELECT sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              AND tbl_name NOT LIKE '\\_wh\\_%' ESCAPE '\\' AND (?1 IS NULL OR tbl_name LIKE ?1)
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, tbl_name, name
            """)
        try statement.bind([table.map { .text($0) } ?? .null])
        return try statement.all().compactMap { $0.first?.textValue.map { $0 + ";" } }
    }
}
