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
        if let condition = statement.whereClause { sql += " WHERE " + (try render.render(condition)) }
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
        let condition = try statement.whereClause.map { try render.render($0) }
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

    /// The renderer, checking column references against the declared names of the tables `from`
    /// reads, as a SELECT's are (a DML statement's target and the tables it joins).
    func renderer(checkingNamesOf from: TableExpression) throws -> SQLiteRenderer {
        var checking = renderer
        let declared = try declaredColumns(of: from.leaves)
        checking.columnNameMatch = { parts in declared.match(parts) }
        return checking
    }

    /// The column `name` of `table`, among its declared `columns`: named exactly (Snowflake's quoted
    /// names are case-sensitive; one that differs only in case is refused, not taken for it).
    static func column<Column>(_ name: Identifier, of columns: [Column], table: String, name columnName: (Column) -> String) throws -> Column {
        if let match = columns.first(where: { columnName($0).sameBytes(name.name) }) { return match }
        if let other = columns.first(where: { columnName($0).equalsIgnoringASCIICase(name.name) }) {
            throw CatalogError.columnDiffersOnlyInCase(reference: Identifier.display(name.name), written: name.name, declared: columnName(other))
        }
        throw CatalogError.noSuchColumn(table: table, column: name.name)
    }

    static func column(_ name: Identifier, of columns: [(name: String, type: SnowflakeType?)], table: String) throws
        -> (name: String, type: SnowflakeType?) {
        try column(name, of: columns, table: table, name: \.name)
    }

    /// Runs SQL wh wrote; SQLite's error positions point into it, not the user's text.
    func runTranslated(_ sql: String) throws {
        do { try connection.execute(sql) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
    }
}
