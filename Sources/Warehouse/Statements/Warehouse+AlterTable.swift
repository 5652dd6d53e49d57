import SQLite

extension Warehouse {
    /// ALTER TABLE, keeping the catalog's declared columns in step with SQLite's schema.
    func alterTable(_ statement: AlterTableStatement) throws -> ResultSet {
        let (target, name) = try sqliteName(statement.name)
        guard try tableExists(name) else {
            if statement.ifExists { return Self.status("Statement executed successfully.") }
            throw CatalogError.noSuchTable(name.name)
        }
        let columns = try columnTypes(of: name)
        func existing(_ column: Identifier) throws -> String {
            try Self.column(column, of: columns, table: name.name).name
        }
        switch statement.action {
        case .addColumn(let column, let ifNotExists):
            if columns.contains(where: { $0.name.caseInsensitiveCompare(column.name.name) == .orderedSame }) {
                if ifNotExists { return Self.status("Statement executed successfully.") }
                throw CatalogError.duplicateColumn(table: name.name, column: column.name.name)
            }
            try runTranslated("ALTER TABLE \(target) ADD COLUMN \(try columnSQL(column))")
            try recordColumn(column, table: name, ordinal: columns.count + 1)
        case .dropColumns(let dropped):
            for column in dropped {
                let actual = try existing(column)
                try runTranslated("ALTER TABLE \(target) DROP COLUMN \(Identifier(actual, quoted: true).sql)")
                try catalog("DELETE FROM _wh_columns WHERE table_name = ? AND column_name = ?", [.text(name.name), .text(actual)])
                try followKeyValueColumn(table: name.name, old: actual, new: nil)
                try catalog("DELETE FROM _wh_tag_references WHERE table_name = ? AND column_name = ?", [.text(name.name), .text(actual)])
            }
            try catalog("""
                UPDATE _wh_columns SET ordinal = (SELECT p.cid + 1 FROM pragma_table_info(?1) p WHERE p.name = column_name)
                WHERE table_name = ?1
                """, [.text(name.name)])
        case .renameColumn(let old, let new):
            let actual = try existing(old)
            try runTranslated("ALTER TABLE \(target) RENAME COLUMN \(Identifier(actual, quoted: true).sql) TO \(new.sql)")
            try catalog("UPDATE _wh_columns SET column_name = ? WHERE table_name = ? AND column_name = ?",
                        [.text(new.name), .text(name.name), .text(actual)])
            try followKeyValueColumn(table: name.name, old: actual, new: new.name)
            try catalog("UPDATE _wh_tag_references SET column_name = ? WHERE table_name = ? AND column_name = ?",
                        [.text(new.name), .text(name.name), .text(actual)])
        case .timeToLive(let column):
            try setTimeToLive(table: name, column: column)
        case .tags(let column, let set, let unset):
            try changeTags(table: name.name, column: try column.map(existing), set: set, unset: unset)
        case .rename(let to):
            if temporaryName(of: name.name) != nil {
                throw UnsupportedFeature(feature: "renaming a TEMPORARY table", hint: "create the table under the new name: CREATE TEMPORARY TABLE new CLONE old")
            }
            let (_, newName) = try sqliteName(to)
            if try tableExists(newName) || viewExists(newName) { throw CatalogError.tableExists(newName.name) }
            try runTranslated("ALTER TABLE \(target) RENAME TO \(newName.sql)")
            for table in ["_wh_columns", "_wh_tables", "_wh_kv_tables", "_wh_tag_references"] {
                try catalog("UPDATE \(table) SET table_name = ? WHERE table_name = ?", [.text(newName.name), .text(name.name)])
            }
        }
        return Self.status("Statement executed successfully.")
    }

    /// Runs a catalog statement with its bindings.
    func catalog(_ sql: String, _ bindings: [Value]) throws {
        let statement = try connection.prepare(sql)
        try statement.bind(bindings)
        try statement.step()
    }
}
