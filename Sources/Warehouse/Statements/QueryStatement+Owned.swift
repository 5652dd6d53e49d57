import SQLite

/// SELECT / WITH: translated to SQLite's dialect, then run.
extension QueryStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? {
        guard parser.startsQuery else { return nil }
        let query = try parser.queryStatement()
        try parser.expectEnd()
        return query
    }

    var traits: StatementTraits { .noSavepoint }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.runQuery(self) }

    func translation(on warehouse: Warehouse) throws -> String? {
        do { return try warehouse.renderer.render(self) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
    }
}
