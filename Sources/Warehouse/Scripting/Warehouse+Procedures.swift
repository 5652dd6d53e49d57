import Foundation
import SQLite

extension Warehouse {
    func createProcedure(_ statement: CreateProcedureStatement) throws -> ResultSet {
        let exists = try !connection.prepare("SELECT 1 FROM _wh_procedures WHERE name = '\(statement.name.name.replacingOccurrences(of: "'", with: "''"))'").all().isEmpty
        if exists {
            if statement.ifNotExists { return Self.status("\(statement.name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw CatalogError.tableExists(statement.name.name) }
        }
        do { _ = try ScriptBlock.parse(statement.body) } catch let error as ScriptError {
            throw ProcedureError.failed(statement.name.name, line: error.line, message: error.message)
        }
        let arguments = "[" + statement.arguments.map { argument in
            "{\"name\":\(JSONString.quoted(argument.name)),\"type\":\(JSONString.quoted(argument.type)),\"default\":"
                + (argument.defaultValue.map(JSONString.quoted) ?? "null") + "}"
        }.joined(separator: ",") + "]"
        try catalog("INSERT OR REPLACE INTO _wh_procedures(name, arguments, returns, body, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [.text(statement.name.name), .text(arguments), .text(statement.returns), .text(statement.body),
                     statement.comment.map { .text($0) } ?? .null, .text(CanonicalTimestamp.format(environment.clock.now()))])
        return Self.status("Function \(statement.name.name) successfully created.")
    }


    func showProcedures(like: String?) throws -> ResultSet {
        let statement = try connection.prepare("""
            SELECT created_at, name, 'PUBLIC', 'N', 'N', (SELECT count(*) FROM json_each(arguments)),
                   name || '(' || coalesce((SELECT group_concat(json_extract(value, '$.type'), ', ') FROM json_each(arguments)), '') || ') RETURN ' || returns,
                   coalesce(comment, 'user-defined procedure'), ?
            FROM _wh_procedures WHERE ?2 IS NULL OR upper(name) LIKE upper(?2) ORDER BY name
            """)
        try statement.bind([.text(databaseName), like.map { .text($0) } ?? .null])
        let names = ["created_on", "name", "schema_name", "is_builtin", "is_aggregate", "min_num_arguments", "arguments", "description", "catalog_name"]
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: try statement.all(), isQuery: true)
    }

    func dropProcedure(_ name: Identifier, ifExists: Bool) throws -> ResultSet {
        try catalog("DELETE FROM _wh_procedures WHERE name = ?", [.text(name.name)])
        if connection.changes == 0 && !ifExists { throw ProcedureError.noSuchProcedure(name.name) }
        return Self.status("\(name.name) successfully dropped.")
    }

    /// CALL: binds the arguments, runs the block's steps in order inside the CALL's transaction, and
    /// answers with one row, its column named after the procedure. An error rolls the block's work
    /// back; with EXCEPTION WHEN OTHER the handler then runs (SQLERRM holds the message).
    func call(_ statement: CallStatement) throws -> ResultSet {
        let row = try connection.prepare("SELECT arguments, body FROM _wh_procedures WHERE name = '\(statement.name.name.replacingOccurrences(of: "'", with: "''"))'").all().first
        if row == nil, let result = try callKeyValueProcedure(statement) { return result }
        if row == nil && statement.name.name == SCD2Merge.name {
            // wh's built-in general SCD2 merge (a user procedure of that name would come first).
            let arguments = try statement.arguments.map { try evaluate(try renderer.render($0)) }
            try connection.execute("SAVEPOINT wh_procedure")
            do {
                let result = try scd2Merge(arguments)
                try connection.execute("RELEASE wh_procedure")
                return ResultSet(columns: [ResultColumn(name: SCD2Merge.name)], sqliteRows: [[result]], isQuery: true)
            } catch {
                try? connection.execute("ROLLBACK TO wh_procedure")
                try? connection.execute("RELEASE wh_procedure")
                throw error
            }
        }
        guard let row, let body = row[1].textValue else { throw ProcedureError.noSuchProcedure(statement.name.name) }
        let declared = try connection.prepare("SELECT json_extract(value, '$.name'), json_extract(value, '$.default') FROM json_each(?)")
        try declared.bind([row[0]])
        let parameters = try declared.all()
        guard statement.arguments.count <= parameters.count else {
            throw ProcedureError.failed(statement.name.name, line: 0,
                                        message: "\(statement.arguments.count) arguments given, the procedure takes \(parameters.count)")
        }
        var variables: [String: Value] = [:]
        for (index, parameter) in parameters.enumerated() {
            let name = parameter[0].textValue ?? ""
            if index < statement.arguments.count {
                variables[name] = try evaluate(try renderer.render(statement.arguments[index]))
            } else if let fallback = parameter[1].textValue {
                variables[name] = try evaluate(fallback, variables: variables)
            } else {
                throw ProcedureError.failed(statement.name.name, line: 0, message: "argument \(name) has no value and no DEFAULT")
            }
        }
        let result = try runBlock(body, variables: variables, name: statement.name.name)
        return ResultSet(columns: [ResultColumn(name: statement.name.name)], sqliteRows: [[result]], isQuery: true)
    }

    /// Runs a Snowflake Scripting block (a procedure's body, a task's BEGIN … END) and returns what
    /// it RETURNs. Its work is one savepoint: an error rolls it back, then EXCEPTION WHEN OTHER runs.
    func runBlock(_ body: String, variables: [String: Value] = [:], name: String) throws -> Value {
        var variables = variables
        let block: ScriptBlock
        do { block = try ScriptBlock.parse(body) } catch let error as ScriptError {
            throw ProcedureError.failed(name, line: error.line, message: error.message)
        }
        for (variable, initial) in block.declarations {
            variables[variable] = try initial.map { try evaluate($0, variables: variables) } ?? .null
        }
        try connection.execute("SAVEPOINT wh_procedure")
        do {
            let result = try run(block.steps, variables: &variables, cursors: block.cursors, procedure: name)
            try connection.execute("RELEASE wh_procedure")
            return result ?? .null
        } catch {
            try? connection.execute("ROLLBACK TO wh_procedure")
            try? connection.execute("RELEASE wh_procedure")
            guard let handler = block.handler else { throw error }
            variables["SQLERRM"] = .text(Self.message(of: error))
            return try run(handler, variables: &variables, cursors: block.cursors, procedure: name) ?? .null
        }
    }

    /// Runs `steps`; the value of a RETURN among them, or nil when they end without one.
    private func run(_ steps: [ScriptBlock.Step], variables: inout [String: Value], cursors: [String: String],
                     procedure: String) throws -> Value? {
        for step in steps {
            do {
                switch step {
                case .branch(let branches, let otherwise, _):
                    var chosen = otherwise
                    for branch in branches where try evaluate(branch.condition, variables: variables).integerValue ?? 0 != 0 {
                        chosen = branch.steps
                        break
                    }
                    if let value = try run(chosen, variables: &variables, cursors: cursors, procedure: procedure) { return value }
                case .loop(let variable, let source, let body, _):
                    let query = cursors[source.uppercased()] ?? source
                    let rows = try execute(StatementText(text: Self.bind(query, variables, bare: false), location: .start))
                    for row in rows.rows {
                        for (column, value) in zip(rows.columns, row) { variables[variable + "." + column.name.uppercased()] = value.sqlite }
                        if let value = try run(body, variables: &variables, cursors: cursors, procedure: procedure) { return value }
                    }
                case .sql(let text, _):
                    let result = try execute(StatementText(text: Self.bind(text, variables, bare: false), location: .start))
                    let counts = result.columns.enumerated().filter { $0.element.name.hasPrefix("number of rows") }
                    variables["SQLROWCOUNT"] = counts.isEmpty ? .null
                        : .integer(counts.reduce(0) { $0 + (result.rows.first?[$1.offset].integerValue ?? 0) })
                case .assign(let name, let expression, _):
                    variables[name] = try evaluate(expression, variables: variables)
                case .returnValue(let expression, _):
                    return try expression.map { try evaluate($0, variables: variables) } ?? .null
                }
            } catch let error as ProcedureError {
                throw error
            } catch {
                throw ProcedureError.failed(procedure, line: step.line, message: Self.message(of: error))
            }
        }
        return nil
    }

    /// The value of a scripting expression (variables may be written bare or as :name).
    func evaluate(_ expression: String, variables: [String: Value] = [:]) throws -> Value {
        let result = try execute(StatementText(text: "SELECT " + Self.bind(expression, variables, bare: true), location: .start))
        return result.rows.first?.first?.sqlite ?? .null
    }

    static func message(of error: Error) -> String {
        (error as? WarehouseError)?.message ?? (error as? SQLiteError)?.message ?? "\(error)"
    }

    /// `text` with each `:name` (and, in expressions, each bare name) of a variable replaced by its
    /// value as an SQL literal. Strings, quoted names and paths (`v:name`) are left alone.
    static func bind(_ text: String, _ variables: [String: Value], bare: Bool) -> String {
        guard !variables.isEmpty, let tokens = try? Lexer.tokenize(text) else { return text }
        var out = ""
        var cursor = text.startIndex
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let previous = i > 0 ? tokens[i - 1] : nil
            var replaced: (Range<String.Index>, Value)?
            // A FOR loop's row: `r.column` (or `:r.column`).
            let colon = token.isSymbol(":") && i + 1 < tokens.count ? 1 : 0
            if i + colon + 2 < tokens.count, tokens[i + colon].kind == .word, tokens[i + colon + 1].isSymbol("."),
               tokens[i + colon + 2].kind == .word || tokens[i + colon + 2].kind == .quotedIdentifier,
               colon == 1 || bare, !(previous?.isSymbol(".") ?? false),
               let value = variables[tokens[i + colon].text.uppercased() + "." + tokens[i + colon + 2].text.uppercased()] {
                out += text[cursor..<token.raw.startIndex]
                out += literal(value)
                cursor = tokens[i + colon + 2].raw.endIndex
                i += colon + 3
                continue
            }
            if token.isSymbol(":"), i + 1 < tokens.count, tokens[i + 1].kind == .word,
               let value = variables[tokens[i + 1].text.uppercased()],
               !(previous.map { $0.kind == .word || $0.kind == .quotedIdentifier || $0.kind == .positional || $0.isSymbol(")") || $0.isSymbol("]") } ?? false) {
                replaced = (token.raw.startIndex..<tokens[i + 1].raw.endIndex, value)
                i += 1
            } else if bare, token.kind == .word, let value = variables[token.text.uppercased()],
                      !(previous?.isSymbol(".") ?? false), !(previous?.isSymbol(":") ?? false) {
                replaced = (token.raw.startIndex..<token.raw.endIndex, value)
            }
            if let (range, value) = replaced {
                out += text[cursor..<range.lowerBound]
                out += literal(value)
                cursor = range.upperBound
            }
            i += 1
        }
        return out + text[cursor...]
    }

    static func literal(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return Value.format(real: d)
        case .text(let s): return SQLiteRenderer.quote(s)
        case .blob: return "NULL"
        }
    }
}

/// Procedure problems, naming the procedure and the line of its body.
public enum ProcedureError: WarehouseError, Equatable {
    case noSuchProcedure(String)
    case failed(String, line: Int, message: String)

    public var message: String {
        switch self {
        case .noSuchProcedure(let name): return "Procedure '\(name)' does not exist or not authorized."
        case .failed(let name, let line, let message):
            return line > 0 ? "procedure \(name), line \(line): \(message)" : "procedure \(name): \(message)"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchProcedure: return "list procedures with SHOW PROCEDURES; unquoted names are upper-cased"
        case .failed: return "the CALL's work was rolled back; fix the line and CALL again"
        }
    }
}
