import Foundation
import SQLite

extension Warehouse {
    func createTable(_ statement: CreateTableStatement) throws -> ResultSet {
        if statement.temporary { return try createTemporaryTable(statement) }
        let (target, name) = try sqliteName(statement.name)
        if try tableExists(name) {
            if statement.ifNotExists { return Self.status("\(name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw CatalogError.tableExists(name.name) }
            try dropTableAndCatalog(target: target, name: name)
        }
        var seen = Set<String>()
        for column in statement.columns where !seen.insert(column.name.name.uppercased()).inserted {
            throw CatalogError.duplicateColumn(table: name.name, column: column.name.name)
        }
        if statement.hybrid { try checkHybridKeys(statement, name: name) }
        var statement = statement
        for index in statement.columns.indices {
            guard let identity = statement.columns[index].identity else { continue }
            let sequence = try newIdentitySequence(table: name.name, column: statement.columns[index].name.name,
                                                   start: identity.start, increment: identity.increment)
            statement.columns[index].defaultValue = .column([Identifier(sequence, quoted: true), Identifier("NEXTVAL")])
        }
        if let (source, withRows) = statement.copyOf {
            return try createTable(target: target, name: name, copying: source, withRows: withRows, transient: statement.transient)
        }
        if let query = statement.asQuery {
            try createTable(statement, target: target, name: name, from: query)
        } else {
            try connection.execute(try createTableSQL(statement, target: target))
            try recordColumns(statement, name: name)
        }
        try recordTable(name, comment: statement.comment, kind: statement.transient ? "TRANSIENT" : "TABLE")
        if statement.hybrid { try recordKeyValueTable(statement, name: name) }
        return Self.status("Table \(name.name) successfully created.")
    }

    /// Writes a table's or view's comment and creation time into the catalog.
    func recordTable(_ name: Identifier, comment: String?, kind: String = "TABLE") throws {
        try catalog("INSERT OR REPLACE INTO _wh_tables(table_name, comment, created_at, kind) VALUES (?, ?, ?, ?)",
                    [.text(name.name), comment.map { .text($0) } ?? .null, .text(CanonicalTimestamp.format(environment.clock.now())), .text(kind)])
    }

    /// CREATE TABLE … AS SELECT: columns named in the statement keep their declared types; otherwise
    /// each column takes the Snowflake type of the column it selects, and an expression's column is
    /// left untyped (wh does not infer expression types yet). Rows go in through INSERT's conversions.
    private func createTable(_ statement: CreateTableStatement, target: String, name: Identifier, from query: QueryStatement) throws {
        if statement.columns.isEmpty {
            let sql = try renderer.render(query)
            let probe: Statement
            do { probe = try connection.prepare(sql) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
            var definitions: [String] = []
            var typed: [(ColumnDefinition, Int)] = []
            for i in 0..<probe.columnCount {
                let column = Identifier(probe.columnName(i), quoted: true)
                if let type = probe.columnDeclaredType(i).flatMap(SnowflakeType.init(catalogText:)) {
                    let definition = ColumnDefinition(name: column, type: type)
                    definitions.append(try columnSQL(definition))
                    typed.append((definition, i + 1))
                } else {
                    definitions.append(column.sql)
                }
            }
            try connection.execute("CREATE TABLE \(target) (\(definitions.joined(separator: ", ")))")
            for (definition, ordinal) in typed { try recordColumn(definition, table: name, ordinal: ordinal) }
        } else {
            try connection.execute(try createTableSQL(statement, target: target))
            try recordColumns(statement, name: name)
        }
        _ = try insert(InsertStatement(table: statement.name, columns: [], source: .query(query)))
    }

    func createTableSQL(_ statement: CreateTableStatement, target: String) throws -> String {
        var parts = try statement.columns.map(columnSQL)
        if !statement.primaryKey.isEmpty { parts.append("PRIMARY KEY (\(statement.primaryKey.map(\.sql).joined(separator: ", ")))") }
        for unique in statement.unique { parts.append("UNIQUE (\(unique.map(\.sql).joined(separator: ", ")))") }
        return "CREATE TABLE \(target) (\n    " + parts.joined(separator: ",\n    ") + "\n)"
    }

    /// A column as SQLite DDL: the Snowflake type as declared type, and a CHECK that refuses values
    /// the type cannot hold when a write bypasses translation.
    func columnSQL(_ column: ColumnDefinition) throws -> String {
        var sql = "\(column.name.sql) \(column.type.sqliteDeclaration)"
        if column.notNull { sql += " NOT NULL" }
        if let value = column.defaultValue { sql += " DEFAULT (\(try Self.defaultSQL(value, column: column)))" }
        if column.primaryKey { sql += " PRIMARY KEY" }
        if column.unique { sql += " UNIQUE" }
        // Plain SQL, so any SQLite tool can write the table and run PRAGMA integrity_check: numbers
        // sort before text and blobs, and a NULL passes a CHECK. The constraint's name says what
        // failed; wh turns it into Snowflake's message with the value (`typeCheckFailure`).
        if let constraint = TypeCheckConstraint(column: column.name.name, kind: column.type.kind) {
            sql += " CONSTRAINT \(Identifier(constraint.name, quoted: true).sql) CHECK (\(column.name.sql) < '')"
        }
        return sql
    }

    /// CURRENT_TIMESTAMP as SQLite computes it, in wh's canonical form: a DEFAULT written this way is
    /// filled by any SQLite tool that inserts a row; wh's connection reads its statement's time as
    /// SQLite's 'now', so a DEFAULT agrees with SYSDATE() in the same statement.
    static let sqliteNow = "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000')"

    /// A DEFAULT as SQLite DDL. A literal is converted to the column's type here, as a value written
    /// to the column would be (`NUMBER(5,2) DEFAULT 1.239` stores 1.24, `BOOLEAN DEFAULT 'true'` 1),
    /// and one the type cannot hold is refused now rather than on some later row.
    static func defaultSQL(_ value: Expression, column: ColumnDefinition) throws -> String {
        let literal: Value?
        switch value {
        case .number(let text): literal = Int64(text).map(Value.integer) ?? Double(text).map(Value.real)
        case .unary("-", .number(let text)): literal = Int64("-" + text).map(Value.integer) ?? Double("-" + text).map(Value.real)
        case .string(let text): literal = .text(text)
        case .boolean(let b): literal = .integer(b ? 1 : 0)
        default: literal = nil
        }
        guard let literal, [.number, .float, .boolean, .text, .date, .timestampNTZ, .timestampLTZ, .timestampTZ].contains(column.type.kind) else {
            return try SQLiteRenderer.render(value).replacingOccurrences(of: "SYSDATE()", with: sqliteNow)
        }
        guard let converted = Conversions.value(literal, to: column.type) else {
            throw DefaultValueError(column: column.name.name, message: Conversions.failureMessage(literal, to: column.type))
        }
        if column.type.kind == .number, let limit = Conversions.precisionLimit(converted, scale: column.type.scale ?? 0) {
            throw DefaultValueError(column: column.name.name, message: limit)
        }
        switch converted {
        case .integer(let i): return String(i)
        case .real(let d): return Value.format(real: d)
        case .text(let t): return SQLiteRenderer.quote(t)
        default: return try SQLiteRenderer.render(value).replacingOccurrences(of: "SYSDATE()", with: sqliteNow)
        }
    }

    private func recordColumns(_ statement: CreateTableStatement, name: Identifier) throws {
        let primary = Set(statement.primaryKey.map(\.name))
        for (ordinal, column) in statement.columns.enumerated() {
            var column = column
            if primary.contains(column.name.name) { column.notNull = true }
            try recordColumn(column, table: name, ordinal: ordinal + 1)
        }
    }

    /// Writes one column's declared type, nullability, default and comment into the catalog.
    func recordColumn(_ column: ColumnDefinition, table: Identifier, ordinal: Int) throws {
        let insert = try connection.prepare("""
            INSERT INTO _wh_columns(table_name, column_name, ordinal, data_type, is_nullable, default_text, comment)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.bind([.text(table.name), .text(column.name.name), .integer(Int64(ordinal)), .text(column.type.description),
                         .integer(column.notNull ? 0 : 1), column.defaultText.map { .text($0) } ?? .null,
                         column.comment.map { .text($0) } ?? .null])
        try insert.step()
    }

    func dropTableAndCatalog(target: String, name: Identifier) throws {
        for sequence in try identitySequences(ofTable: try canonicalTableName(name)) {
            try catalog("DELETE FROM _wh_sequences WHERE name = ?", [.text(sequence)])
        }
        try connection.execute("DROP TABLE \(target)")
        for table in ["_wh_columns", "_wh_tables", "_wh_kv_tables", "_wh_tag_references"] {
            try catalog("DELETE FROM \(table) WHERE table_name = ?", [.text(name.name)])
        }
        try forgetLoads(of: name.name, rejectsToo: true)
    }

    func dropTable(_ statement: DropTableStatement) throws -> ResultSet {
        let (target, name) = try sqliteName(statement.name)
        guard try tableExists(name) else {
            if statement.ifExists { return Self.status("Drop statement executed successfully (\(name.name) already dropped).") }
            throw CatalogError.noSuchTable(name.name)
        }
        if let plain = temporaryName(of: name.name) {
            try dropTableAndCatalog(target: target, name: name)
            temporaryTables[plain] = nil
            return Self.status("\(plain) successfully dropped.")
        }
        try keepDroppedTable(target: target, name: name)
        return Self.status("\(name.name) successfully dropped.")
    }
}

/// A DEFAULT its column's type cannot hold.
public struct DefaultValueError: WarehouseError, Equatable {
    public var column: String
    public var message: String
    public var hint: String? { "give column \(column) a DEFAULT its type can hold" }

    init(column: String, message: String) {
        self.column = column
        self.message = "invalid DEFAULT for column \(column): \(message)"
    }
}
