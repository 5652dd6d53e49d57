import SQLite

/// A value a NUMBER, FLOAT or BOOLEAN column cannot hold reached SQLite's CHECK, in Snowflake's words.
public struct TypeCheckError: WarehouseError, Equatable {
    public let message: String
    public let column: String
    public var hint: String? { "write a \(isBoolean ? "boolean" : "number") (or NULL) to column \(column), or convert the value with TRY_TO_\(isBoolean ? "BOOLEAN" : "NUMBER")" }
    let isBoolean: Bool

    init(_ constraint: TypeCheckConstraint, value: String?) {
        column = constraint.column
        isBoolean = constraint.isBoolean
        message = value.map(constraint.snowflakeMessage(value:))
            ?? "\(constraint.isBoolean ? "Boolean" : "Numeric") value written to column \(constraint.column) is not recognized"
    }
}

extension Warehouse {
    /// Runs SQL wh passes to SQLite as written (REPLACE INTO, INSERT OR …). When it writes text or a
    /// blob to a typed column, SQLite's CHECK names only the column; the value is found by running
    /// the statement again with CHECKs off inside a savepoint that is then rolled back, so the
    /// error reads as Snowflake's with the value, and nothing of either run is kept.
    func runPassingThrough(_ sql: String) throws -> ResultSet {
        do {
            return try runSQLite(sql)
        } catch let error as SQLiteError {
            guard let constraint = TypeCheckConstraint(failureMessage: error.message) else { throw error }
            throw TypeCheckError(constraint, value: try? valueRefused(by: constraint, rerunning: sql))
        }
    }

    private func valueRefused(by constraint: TypeCheckConstraint, rerunning sql: String) throws -> String? {
        let name = Identifier(constraint.name, quoted: true).sql
        let tables = try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND instr(sql, ?) > 0")
        try tables.bind([.text(name)])
        let candidates = try tables.all().compactMap { $0.first?.textValue }
        try connection.execute("SAVEPOINT wh_type_check; PRAGMA ignore_check_constraints = ON")
        defer { try? connection.execute("PRAGMA ignore_check_constraints = OFF; ROLLBACK TO wh_type_check; RELEASE wh_type_check") }
        try connection.execute(sql)
        let column = Identifier(constraint.column, quoted: true).sql
        for table in candidates {
            let bad = try connection.prepare("SELECT \(column) FROM \(Identifier(table, quoted: true).sql) WHERE \(column) >= '' LIMIT 1").all()
            if let value = bad.first?.first { return value.displayText ?? "" }
        }
        return nil
    }
}
