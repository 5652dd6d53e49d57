import SQLite

/// An SQLite error from SQL that wh translated: its offset points into the translation.
struct TranslatedSQLError: Error {
    let error: SQLiteError
}

extension Warehouse {
    /// The renderer bound to this warehouse: table names resolve against the attached databases,
    /// QUALIFY learns column names by preparing the query it wraps. Streams and stages it reads are
    /// noted in the innermost running statement's scope.
    var renderer: SQLiteRenderer {
        var renderer = SQLiteRenderer(tableName: { [unowned self] parts in
                           if parts.count >= 2, parts[parts.count - 2].name == "INFORMATION_SCHEMA" {
                               guard let view = InformationSchema.subquery(parts.last!.name, database: self.databaseName) else {
                                   throw CatalogError.noSuchTable("INFORMATION_SCHEMA." + parts.last!.name)
                               }
                               return view
                           }
                           let (sql, name) = try self.sqliteName(parts)
                           if parts.count < 2 || sql.hasPrefix(name.sql), try !self.tableExists(name), let stream = try self.stream(named: name.name) {
                               return try self.streamQuery(stream)
                           }
                           return sql
                       },
                       columnNames: { [unowned self] sql in
                           let statement = try self.connection.prepare(sql)
                           return (0..<statement.columnCount).map(statement.columnName)
                       }, knownFunctions: knownFunctions)
        renderer.declaredColumns = { [unowned self] from in try self.declaredColumns(of: from) }
        renderer.systemFunction = { [unowned self] name, arguments in try self.systemFunction(name, arguments) }
        renderer.sessionObject = { [unowned self] kind in self.sessionObject(kind) }
        renderer.tableFunction = { [unowned self] name, arguments in try self.tableFunction(name, arguments) }
        renderer.stageTable = { [unowned self] location, format, pattern in
            guard let scope = self.scopes.innermost else { throw UnsupportedFeature(feature: "reading a stage outside a statement", hint: nil) }
            return try self.stageQueryTable(location, formatName: format, pattern: pattern, in: scope)
        }
        return renderer
    }

    /// Translates a SELECT/WITH query to SQLite and runs it.
    func runQuery(_ query: QueryStatement) throws -> ResultSet {
        var result: ResultSet
        do {
            result = try runSQLite(try renderer.render(query))
        } catch let error as SQLiteError {
            throw TranslatedSQLError(error: error)
        }
        result.columns = try typed(result.columns, of: query)
        result.columns = try namedAsSnowflakeDoes(result.columns, of: query)
        return result
    }

    /// SQLite renames a subquery's (or CTE's) columns whose names repeat — `SELECT * FROM (SELECT *
    /// FROM a JOIN b …)` gives ID and ID:1 — where Snowflake keeps ID and ID. Such a renamed column
    /// takes the name wh knows the query gives it.
    func namedAsSnowflakeDoes(_ columns: [ResultColumn], of query: QueryStatement) throws -> [ResultColumn] {
        guard columns.contains(where: { $0.name.contains(":") }),
              let names = try renderer.resultColumns(withCTEsOf: query).names, names.count == columns.count else { return columns }
        var columns = columns
        for index in columns.indices {
            // SQLite's rename is the name, a colon and a number: `ID:1`.
            let sqliteName = columns[index].name
            guard let colon = sqliteName.lastIndex(of: ":") else { continue }
            let number = sqliteName[sqliteName.index(after: colon)...]
            guard !number.isEmpty, number.allSatisfy({ ("0"..."9").contains($0) }),
                  String(sqliteName[..<colon]).equalsIgnoringASCIICase(names[index]) else { continue }
            columns[index].name = names[index]
        }
        return columns
    }

    /// Computed columns have no declared type in SQLite: each takes the one its expression has.
    func typed(_ columns: [ResultColumn], of query: QueryStatement) throws -> [ResultColumn] {
        guard let core = query.body.firstCore, !core.items.contains(where: { if case .all = $0 { return true } else { return false } }) else {
            return columns
        }
        var columns = columns
        for (index, column) in try renderer.resultTypes(withCTEsOf: query).enumerated() where index < columns.count && columns[index].type == nil {
            if let type = column.type { columns[index] = ResultColumn(name: columns[index].name, declaredType: type.description) }
        }
        return columns
    }

    /// The SQLite SQL a statement translates to, for EXPLAIN TRANSLATE: a query's translation, the
    /// table wh would create, or the statement itself when it passes through to SQLite unchanged.
    public func translate(_ statement: StatementText) throws -> String {
        do {
            return try translation(of: statement)
        } catch let error as SyntaxError {
            throw StatementError(message: error.message, hint: error.hint, statement: statement.text,
                                 statementLocation: statement.location, location: error.location)
        } catch let error as WarehouseError where !(error is StatementError) {
            throw StatementError(message: error.message, hint: error.hint, statement: statement.text,
                                 statementLocation: statement.location)
        }
    }

    /// Translates `statement` and has SQLite prepare (not run) the SQL wh would run, for the fuzzer's
    /// property: SQL wh writes is never SQLite's syntax error. Throws wh's error for a statement wh
    /// refuses; `TranslationNotAccepted` when SQLite refuses wh's own SQL as malformed.
    public func prepareTranslation(_ statement: StatementText) throws {
        var parser = try Parser(statement.text, startingAt: statement.location)
        guard let owned = try parser.ownedStatement() else { return }   // passed to SQLite as written: SQLite's own errors
        guard let sql = try withStatementScope({ _ in try owned.translation(on: self) }) else { return }
        if sql.hasPrefix("--") { return }
        do {
            _ = try connection.prepare(sql)
        } catch let error as SQLiteError where error.message.contains("syntax error") || error.message.contains("unrecognized token")
                    || error.message.contains("incomplete input") {
            throw TranslationNotAccepted(statement: statement.text, sql: sql, message: error.message)
        }
    }

    private func translation(of statement: StatementText) throws -> String {
        var parser = try Parser(statement.text, startingAt: statement.location)
        guard let owned = try parser.ownedStatement() else { return statement.text }
        return try withStatementScope { _ in try owned.translation(on: self) } ?? "-- run by wh itself, with its catalog: " + statement.text
    }

    /// The declared columns of the tables among a FROM's `leaves` (by their name or alias), for
    /// their types and exact names.
    func declaredColumns(of leaves: [TableExpression]) throws -> DeclaredColumns {
        var tables: [DeclaredColumns.Table] = []
        for case .table(let name, let alias) in leaves {
            guard name.count < 2 || name[name.count - 2].name != "INFORMATION_SCHEMA",
                  let (_, resolved) = try? sqliteName(name), try tableExists(resolved) else { continue }
            // wh's own `_wh_` tables are SQLite's, named in lower case: read as SQLite reads them.
            guard !resolved.name.lowercased().hasPrefix("_wh_") || resolved.name.hasPrefix(Self.temporaryPrefix) else { continue }
            tables.append(DeclaredColumns.Table(qualifier: (alias ?? name.last!).name, columns: try columnTypes(of: resolved)))
        }
        return DeclaredColumns(tables)
    }

    /// The renderer, checking column references against the declared names of the tables `from`
    /// reads, as a SELECT's are (a DML statement's target and the tables it joins), and knowing
    /// their types as a SELECT's does: without them a STRING column compared with a number was
    /// compared as text, and a NUMBER(10,2) given to a string function read as SQLite's double.
    func renderer(checkingNamesOf from: TableExpression) throws -> SQLiteRenderer {
        var checking = renderer
        let declared = try declaredColumns(of: from.leaves)
        checking.columnNameMatch = { parts in declared.match(parts) }
        var core = SelectCore()
        core.from = from
        checking.columnTypes = try renderer.scope(of: core).1.columnTypes
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

    /// The database name Snowflake-style output shows: the file's name without extension, upper-cased.
    var databaseName: String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        return stem.uppercased()
    }
}

/// SQL wh wrote for a statement that SQLite's parser refuses: a translation bug.
public struct TranslationNotAccepted: Error, CustomStringConvertible {
    public var statement: String
    public var sql: String
    public var message: String
    public var description: String { "SQLite refused wh's translation (\(message)):\n  statement: \(statement)\n  translation: \(sql)" }
}
