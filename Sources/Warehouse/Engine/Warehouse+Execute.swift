import Foundation
import SQLite

extension Warehouse {
    /// Runs every statement of `script` in order, handing each result to `onResult`. Stops at the
    /// first failure and throws it as a `StatementError` located in the script.
    public func run(script: String, onResult: (StatementText, ResultSet) throws -> Void) throws {
        let statements: [StatementText]
        do {
            statements = try StatementSplitter.statements(in: script)
        } catch {
            throw StatementError(message: error.message, hint: error.hint, statement: script,
                                 statementLocation: .start, location: error.location)
        }
        for statement in statements {
            try onResult(statement, try execute(statement))
        }
    }

    /// Runs one statement and returns what it produced.
    public func execute(_ statement: StatementText) throws -> ResultSet {
        do {
            return try withStatementScope { scope in
                var parser = try Parser(statement.text, startingAt: statement.location)
                if let owned = try parser.ownedStatement() { return try run(owned, in: scope) }
                return try runTransactionControl(statement.text, in: scope)
            }
        } catch let error as TranslatedSQLError {
            // Positions in the translated SQL mean nothing in the user's text.
            throw statementError(SQLiteError(code: error.error.code, extendedCode: error.error.extendedCode,
                                             message: error.error.message, sql: error.error.sql), in: statement)
        } catch let error as SQLiteError {
            throw statementError(error, in: statement)
        } catch let error as SyntaxError {
            throw StatementError(message: error.message, hint: error.hint, statement: statement.text,
                                 statementLocation: statement.location, location: error.location)
        } catch let error as UnknownFunction {
            throw StatementError(message: error.message, hint: error.hint, statement: statement.text,
                                 statementLocation: statement.location,
                                 location: Self.offsetOfNamedObject(in: "no such function: \(error.name)", statement: statement.text)
                                    .map { statement.location.advanced(by: $0, in: statement.text) })
        } catch let error as CatalogError where error.writtenName != nil {
            throw StatementError(message: error.message, hint: error.hint, statement: statement.text,
                                 statementLocation: statement.location,
                                 location: Self.offsetOfName(error.writtenName!, in: statement.text)
                                    .map { statement.location.advanced(by: $0, in: statement.text) })
        } catch let error as WarehouseError where !(error is StatementError) {
            throw StatementError(message: error.message, hint: error.hint, statement: statement.text,
                                 statementLocation: statement.location)
        } catch let error as CocoaError {
            // A file the statement reads or writes (a stage's, PUT's source) could not be used.
            let path = (error.userInfo[NSFilePathErrorKey] as? String).map { " '\($0)'" } ?? ""
            throw StatementError(message: "cannot use file\(path): \(error.localizedDescription)",
                                 hint: "check that the file exists and that wh may read and write it",
                                 statement: statement.text, statementLocation: statement.location)
        }
    }

    /// Runs SQLite SQL and collects its result.
    func runSQLite(_ sql: String) throws -> ResultSet {
        let prepared = try connection.prepare(sql)
        let columns = (0..<prepared.columnCount).map {
            ResultColumn(name: prepared.columnName($0), declaredType: prepared.columnDeclaredType($0))
        }
        var rows: [[Value]] = []
        while try prepared.step() { rows.append(prepared.row()) }
        let isQuery = !columns.isEmpty
        return ResultSet(columns: columns, sqliteRows: rows, changes: isQuery ? 0 : connection.changes, isQuery: isQuery)
    }

    /// SQL wh passes to SQLite as written; COMMIT first moves the offsets of the streams the
    /// transaction consumed (the transaction's scope ends with it).
    private func runTransactionControl(_ sql: String, in scope: StatementScope) throws -> ResultSet {
        let first = sql.split(whereSeparator: { $0.isWhitespace || $0 == ";" }).first?.uppercased() ?? ""
        if first == "COMMIT" || first == "END", !connection.isAutocommit { try moveStreamOffsets(consumedBy: scope.transaction) }
        // Snowflake answers COMMIT and ROLLBACK with no transaction open as done (SQLite refuses
        // them; SQLAlchemy sends a ROLLBACK whenever it returns a connection to its pool).
        if ["COMMIT", "END", "ROLLBACK"].contains(first), connection.isAutocommit, !sql.uppercased().contains(" TO ") {
            return Self.status("Statement executed successfully.")
        }
        return try runPassingThrough(sql)
    }

    /// Runs one statement given as text (a convenience for tests and one-liners).
    public func execute(_ sql: String) throws -> ResultSet {
        var last = ResultSet()
        try run(script: sql) { _, result in last = result }
        return last
    }

    /// SQLite gives no position for "no such table: X" and its kin; point at the first token naming X.
    static func offsetOfNamedObject(in message: String, statement: String) -> Int? {
        let prefixes = ["no such table: ", "no such column: ", "no such function: ", "no such view: ", "no such index: "]
        guard let prefix = prefixes.first(where: message.hasPrefix) else { return nil }
        let name = message.dropFirst(prefix.count).split(separator: ".").last.map(String.init) ?? ""
        guard !name.isEmpty, let tokens = try? Lexer.tokenize(statement) else { return nil }
        let token = tokens.first { ($0.kind == .word || $0.kind == .quotedIdentifier) && $0.text.caseInsensitiveCompare(name) == .orderedSame }
        return token?.location.offset
    }

    /// Where `statement` first writes the resolved name `name`: quoted as it is, or unquoted in any case
    /// when it is upper case.
    static func offsetOfName(_ name: String, in statement: String) -> Int? {
        guard let tokens = try? Lexer.tokenize(statement) else { return nil }
        return tokens.first { token in
            (token.kind == .quotedIdentifier && token.text.sameBytes(name)) || (token.kind == .word && token.text.uppercased().sameBytes(name))
        }?.location.offset
    }

    func statementError(_ error: SQLiteError, in statement: StatementText) -> StatementError {
        let offset = error.offset ?? Self.offsetOfNamedObject(in: error.message, statement: statement.text)
        let location = offset.map { statement.location.advanced(by: $0, in: statement.text) }
        var message = error.message
        var hint: String?
        if error.isReadOnly {
            message = "cannot write to warehouse '\(path)': \(isReadOnly ? "it was opened read-only because the file is not writable" : error.message)"
            hint = "make the file writable (chmod u+w '\(path)') or write to another warehouse"
        } else if error.isStorageFailure {
            let storage = StorageError(error, doing: "the statement", path: path, afterwards: ", then run the statement again")
            message = storage.message
            hint = storage.hint
        } else if message == "malformed JSON" {
            message = "Error parsing JSON: the text is not valid JSON"
            hint = "check the value given to PARSE_JSON (TRY_PARSE_JSON returns NULL instead)"
        } else if error.isInterrupt {
            message = "statement cancelled"
        } else if error.isBusy {
            hint = "another process holds a write lock on '\(path)'; retry when it finishes"
        } else if message.hasPrefix("no such table: ") {
            let name = message.dropFirst("no such table: ".count).split(separator: ".").last.map(String.init) ?? ""
            message = "Object '\(name)' does not exist or not authorized."
            hint = "list tables with .tables (or SHOW TABLES); unquoted names are upper-cased"
        } else if message.hasPrefix("no such column: ") {
            // Snowflake's words, and the nearest column of the tables the statement names.
            let name = String(message.dropFirst("no such column: ".count))
            message = "invalid identifier '\(name)'"
            let bare = name.split(separator: ".").last.map(String.init) ?? name
            hint = closestColumn(to: bare, in: statement.text).map { "did you mean \($0)? (unquoted names are upper-cased)" }
                ?? "DESC TABLE lists the columns; unquoted names are upper-cased"
        } else if message.hasPrefix("NOT NULL constraint failed: ") {
            // Snowflake's words (error 100072); the column named in the hint.
            let column = String(message.dropFirst("NOT NULL constraint failed: ".count))
            message = "NULL result in a non-nullable column"
            hint = "\(column) is NOT NULL: give it a value (or declare a DEFAULT)"
        } else if let constraint = TypeCheckConstraint(failureMessage: message) {
            let error = TypeCheckError(constraint, value: nil)
            (message, hint) = (error.message, error.hint)
        } else if message.hasSuffix("syntax error") {
            hint = "check the SQL near the marked position"
        } else if message == "parser stack overflow" {
            // SQLite's parser keeps about 100 levels; wh's translation of NUMBER arithmetic and of
            // many Snowflake functions is a function call around its operands, so a chain of about
            // 30 operators (`c1 + c2 + … + c31`) reaches it. Snowflake takes such a chain.
            message = "the statement nests too deeply for SQLite's parser (wh's translation of NUMBER arithmetic nests a call per operator; about 30 levels fit)"
            hint = "group the terms with parentheses, e.g. (c1 + … + c20) + (c21 + … + c40): each group nests on its own"
        }
        return StatementError(message: message, hint: hint, statement: statement.text,
                              statementLocation: statement.location, location: location)
    }

    /// The column most like `name` among the tables and views `statement` names, when one is close.
    func closestColumn(to name: String, in statement: String) -> String? {
        guard let tokens = try? Lexer.tokenize(statement),
              let objects = try? connection.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() else { return nil }
        let known = Dictionary(objects.compactMap { $0.first?.textValue }.map { ($0.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var columns = Set<String>()
        for token in tokens where token.kind == .word || token.kind == .quotedIdentifier {
            let word = token.kind == .word ? token.text.uppercased() : token.text
            guard let table = known[word.uppercased()], !table.hasPrefix("_wh_"),
                  let names = try? connection.prepare("SELECT name FROM pragma_table_info(\(SQLiteRenderer.quote(table)))").all() else { continue }
            columns.formUnion(names.compactMap { $0.first?.textValue })
        }
        return SQLiteRenderer.closest(to: name, in: columns)
    }
}
