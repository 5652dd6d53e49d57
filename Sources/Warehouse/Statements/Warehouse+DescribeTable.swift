import SQLite

extension Warehouse {
    /// DESC TABLE with Snowflake's columns. Declared types come from the catalog; tables made
    /// outside CREATE TABLE (AS SELECT, plain SQLite) show SQLite's declared type.
    func describeTable(_ statement: DescribeTableStatement) throws -> ResultSet {
        let (_, name) = try sqliteName(statement.name)
        guard try tableExists(name) else { throw CatalogError.noSuchTable(name.name) }
        let info = try connection.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)")
        try info.bind([.text(name.name)])
        let declared = try connection.prepare("""
            SELECT column_name, data_type, is_nullable, default_text, comment FROM _wh_columns WHERE table_name = ?
            """)
        try declared.bind([.text(name.name)])
        var catalog: [String: [Value]] = [:]
        for row in try declared.all() { if let column = row[0].textValue { catalog[column.uppercased()] = row } }
        let columns = ["name", "type", "kind", "null?", "default", "primary key", "unique key", "check",
                       "expression", "comment", "policy name", "privacy domain"].map { ResultColumn(name: $0) }
        let rows = try info.all().map { row -> [Value] in
            let column = row[0].textValue ?? ""
            let known = catalog[column.uppercased()]
            let type = known?[1] ?? .text(SnowflakeType.named(row[1].textValue ?? "")?.description ?? (row[1].textValue ?? ""))
            let nullable: Bool
            if case .integer(let n)? = known?[2] { nullable = n == 1 } else { nullable = row[2] == .integer(0) }
            let primary = row[4] != .integer(0)
            return [.text(column), type, .text("COLUMN"), .text(nullable ? "Y" : "N"), known?[3] ?? row[3],
                    .text(primary ? "Y" : "N"), .text("N"), .null, .null, known?[4] ?? .null, .null, .null]
        }
        return ResultSet(columns: columns, sqliteRows: rows, isQuery: true)
    }
}
