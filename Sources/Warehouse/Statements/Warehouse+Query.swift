import SQLite

/// An SQLite error from SQL that wh translated: its offset points into the translation.
struct TranslatedSQLError: Error {
    let error: SQLiteError
}

extension Warehouse {
    /// The renderer bound to this warehouse: table names resolve against the attached databases,
    /// QUALIFY learns column names by preparing the query it wraps.
    var renderer: SQLiteRenderer {
        SQLiteRenderer(tableName: { [unowned self] in try self.sqliteName($0).sql },
                       columnNames: { [unowned self] sql in
                           let statement = try self.connection.prepare(sql)
                           return (0..<statement.columnCount).map(statement.columnName)
                       }, knownFunctions: knownFunctions)
    }

    /// Translates a SELECT/WITH query to SQLite and runs it.
    func runQuery(_ query: QueryStatement) throws -> ResultSet {
        do {
            return try runSQLite(try renderer.render(query))
        } catch let error as SQLiteError {
            throw TranslatedSQLError(error: error)
        }
    }

    /// The SQLite SQL a statement translates to, for EXPLAIN TRANSLATE: a query's translation, the
    /// table wh would create, or the statement itself when it passes through to SQLite unchanged.
    public func translate(_ statement: StatementText) throws -> String {
        var parser = try Parser(statement.text, startingAt: statement.location)
        switch try parser.ownedStatement() {
        case .query(let query)?:
            do { return try renderer.render(query) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
        case .createTable(let create)? where create.asQuery == nil:
            return try createTableSQL(create, target: try sqliteName(create.name).sql)
        case .createTable?, .dropTable?, .describeTable?, .explainTranslate?, .insert?:
            return "-- run by wh itself, with its catalog: " + statement.text
        case nil:
            return statement.text
        }
    }
}
