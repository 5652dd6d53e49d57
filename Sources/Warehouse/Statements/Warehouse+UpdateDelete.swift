import SQLite

extension Warehouse {
    func update(_ statement: UpdateStatement) throws -> ResultSet {
        let (targetSQL, name) = try sqliteName(statement.table)
        guard try tableExists(name) else { throw CatalogError.noSuchTable(name.name) }
        let types = try columnTypes(of: name)
        let target = TableExpression.table(name: statement.table, alias: statement.alias)
        let render = try renderer(checkingNamesOf: statement.from.map { .join(target, kind: ",", $0, on: nil, using: []) } ?? target)
        let assignments = try statement.assignments.map { column, value -> String in
            let match = try Self.column(column, of: types, table: name.name)
            return "\(Identifier(match.name, quoted: true).sql) = \(Self.converted(try render.render(value), to: match.type))"
        }
        var sql = "UPDATE \(targetSQL)" + (statement.alias.map { " AS \($0.sql)" } ?? "") + " SET " + assignments.joined(separator: ", ")
        if let from = statement.from { sql += " FROM " + (try render.render(from)) }
        if let whereClause = statement.whereClause { sql += " WHERE " + (try render.condition(whereClause)) }
        try runTranslated(sql)
        let count = Value.integer(Int64(connection.changes))
        return ResultSet(columns: [ResultColumn(name: "number of rows updated"), ResultColumn(name: "number of multi-joined rows updated")],
                         sqliteRows: [[count, .integer(0)]], isQuery: true)
    }

    func delete(_ statement: DeleteStatement) throws -> ResultSet {
        let (targetSQL, name) = try sqliteName(statement.table)
        guard try tableExists(name) else { throw CatalogError.noSuchTable(name.name) }
        let target = TableExpression.table(name: statement.table, alias: statement.alias)
        let render = try renderer(checkingNamesOf: statement.using.map { .join(target, kind: ",", $0, on: nil, using: []) } ?? target)
        var sql = "DELETE FROM \(targetSQL)" + (statement.alias.map { " AS \($0.sql)" } ?? "")
        let condition = try statement.whereClause.map { try render.condition($0) }
        if let using = statement.using {
            // SQLite has no DELETE … USING: a row goes when the USING tables hold a match for it. As a
            // join (not a correlated EXISTS, which SQLite ran once per target row, without an index:
            // 1,000 rows against 1,000 took 70 ms) the planner picks the order and the indexes.
            let row = (statement.alias?.sql ?? targetSQL) + ".rowid"
            sql += " WHERE rowid IN (SELECT \(row) FROM \(targetSQL)" + (statement.alias.map { " AS \($0.sql)" } ?? "")
                + ", \(try render.render(using))" + (condition.map { " WHERE \($0)" } ?? "") + ")"
        } else if let condition {
            sql += " WHERE " + condition
        }
        try runTranslated(sql)
        return ResultSet(columns: [ResultColumn(name: "number of rows deleted")], rows: [[.integer(Int64(connection.changes))]], isQuery: true)
    }

    /// Runs SQL wh wrote; SQLite's error positions point into it, not the user's text.
    func runTranslated(_ sql: String) throws {
        do { try connection.execute(sql) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
    }
}
