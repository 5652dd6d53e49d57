import SQLite

extension Warehouse {
    func createView(_ statement: CreateViewStatement) throws -> ResultSet {
        let (target, name) = try sqliteName(statement.name)
        if try tableExists(name) { throw CatalogError.tableExists(name.name) }
        if try viewExists(name) {
            if statement.ifNotExists { return Self.status("\(name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw CatalogError.tableExists(name.name) }
            try connection.execute("DROP VIEW \(target)")
        }
        let columns = statement.columns.isEmpty ? "" : "(" + statement.columns.map(\.sql).joined(separator: ", ") + ")"
        try runTranslated("CREATE VIEW \(target)\(columns) AS \(try renderer.render(statement.query))")
        try recordTable(name, comment: statement.comment)
        return Self.status("View \(name.name) successfully created.")
    }

    func dropView(_ statement: DropViewStatement) throws -> ResultSet {
        let (target, name) = try sqliteName(statement.name)
        guard try viewExists(name) else {
            if statement.ifExists { return Self.status("Drop statement executed successfully (\(name.name) already dropped).") }
            throw CatalogError.noSuchView(name.name)
        }
        try connection.execute("DROP VIEW \(target)")
        try catalog("DELETE FROM _wh_tables WHERE table_name = ?", [.text(name.name)])
        return Self.status("\(name.name) successfully dropped.")
    }

    func truncate(_ statement: TruncateStatement) throws -> ResultSet {
        let (target, name) = try sqliteName(statement.name)
        guard try tableExists(name) else {
            if statement.ifExists { return Self.status("Statement executed successfully.") }
            throw CatalogError.noSuchTable(name.name)
        }
        try connection.execute("DELETE FROM \(target)")
        try forgetLoads(of: name.name, rejectsToo: false)
        return Self.status("Statement executed successfully.")
    }
}
