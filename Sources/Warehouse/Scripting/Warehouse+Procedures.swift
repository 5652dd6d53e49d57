import Foundation
import SQLite

extension Warehouse {
    func createProcedure(_ statement: CreateProcedureStatement) throws -> ResultSet {
        try refuseNameDifferingOnlyInCase(statement.name.name, of: .procedure)
        let exists = try !connection.prepare("SELECT 1 FROM _wh_procedures WHERE name = '\(statement.name.name.replacingEvery("'", with: "''"))'").all().isEmpty
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
        try refuseNameDifferingOnlyInCase(statement.name.name, of: .procedure)
        let row = try connection.prepare("SELECT arguments, body FROM _wh_procedures WHERE name = '\(statement.name.name.replacingEvery("'", with: "''"))'").all().first
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
        switch try runBlock(body, variables: variables, name: statement.name.name) {
        case .value(let value): return ResultSet(columns: [ResultColumn(name: statement.name.name)], sqliteRows: [[value]], isQuery: true)
        case .table(var table):
            // RETURNS TABLE (a INT, b STRING): the rows take the declared names.
            let returns = try connection.prepare("SELECT returns FROM _wh_procedures WHERE name = ?").bound([.text(statement.name.name)]).all().first?.first?.textValue ?? ""
            let names = Self.tableColumnNames(returns)
            if !names.isEmpty {
                guard names.count == table.columns.count else {
                    throw ProcedureError.failed(statement.name.name, line: 0,
                                                message: "RETURN TABLE gives \(table.columns.count) columns; RETURNS TABLE declares \(names.count)")
                }
                for (index, name) in names.enumerated() {
                    table.columns[index] = ResultColumn(name: name, declaredType: table.columns[index].declaredType)
                }
            }
            return table
        }
    }

    /// What a block gives back: a value (RETURN expr), or rows (RETURN TABLE(rs)).
    enum BlockResult {
        case value(Value)
        case table(ResultSet)

        /// The returned value as text (a task's return value); a table's row count.
        var textValue: String? {
            switch self {
            case .value(let value): return value.textValue
            case .table(let table): return "\(table.rows.count) rows"
            }
        }
    }

    /// A raised exception on its way to a handler: its name (nil for an error of a statement), code
    /// and message.
    public struct RaisedException: Error, Sendable {
        var name: String?
        var code: Int
        var message: String
        var sqlState: String
    }

    /// The state a block's steps share: its variables, RESULTSETs, cursors and exceptions.
    struct BlockState {
        var variables: [String: Value]
        var resultSets: [String: ResultSet] = [:]
        var cursors: [String: String]
        var exceptions: [String: ScriptBlock.DeclaredException]
        let procedure: String
        /// The exception being handled, for a bare RAISE.
        var handling: RaisedException?
    }

    private enum Flow {
        case next, breakLoop, continueLoop
        case returned(BlockResult)
    }

    /// Runs a Snowflake Scripting block (a procedure's body, a task's BEGIN … END, an anonymous
    /// block) and returns what it RETURNs. Its work is one savepoint: an error rolls it back, then
    /// the first EXCEPTION handler that names it (or OTHER) runs.
    func runBlock(_ body: String, variables: [String: Value] = [:], name: String) throws -> BlockResult {
        let block: ScriptBlock
        do { block = try ScriptBlock.parse(body) } catch let error as ScriptError {
            throw ProcedureError.failed(name, line: error.line, message: error.message)
        }
        var state = BlockState(variables: variables, cursors: block.cursors, exceptions: block.exceptions, procedure: name)
        for (variable, initial) in block.declarations {
            state.variables[variable] = try initial.map { try evaluate($0, variables: state.variables) } ?? .null
        }
        try connection.execute("SAVEPOINT wh_procedure")
        do {
            for (set, query) in block.resultSets {
                state.resultSets[set] = try query.map { try execute(StatementText(text: Self.bind($0, state.variables, bare: false), location: .start)) }
            }
            let flow = try run(block.steps, state: &state)
            try connection.execute("RELEASE wh_procedure")
            if case .returned(let result) = flow { return result }
            return .value(.null)
        } catch {
            try? connection.execute("ROLLBACK TO wh_procedure")
            try? connection.execute("RELEASE wh_procedure")
            let raised = Self.raised(error)
            guard let handler = block.handlers.first(where: { handler in
                handler.exceptions.contains { $0 == "OTHER" || $0 == raised.name || ($0 == "STATEMENT_ERROR" && raised.name == nil) }
            }) else { throw error }
            state.variables["SQLERRM"] = .text(raised.message)
            state.variables["SQLCODE"] = .integer(Int64(raised.code))
            state.variables["SQLSTATE"] = .text(raised.sqlState)
            state.handling = raised
            if case .returned(let result) = try run(handler.steps, state: &state) { return result }
            return .value(.null)
        }
    }

    /// An error as the exception a handler sees.
    private static func raised(_ error: Error) -> RaisedException {
        if let raised = error as? RaisedException { return raised }
        if case ProcedureError.raised(_, _, let exception)? = error as? ProcedureError { return exception }
        var message = Self.message(of: error)
        if case ProcedureError.failed(_, _, let inner)? = error as? ProcedureError { message = inner }
        let code = SnowflakeErrorCode.of(message)
        return RaisedException(name: nil, code: Int(code.code) ?? 100000, message: message, sqlState: code.sqlState)
    }

    /// Runs `steps` and says how they ended: done, RETURN, or BREAK/CONTINUE for the loop around.
    private func run(_ steps: [ScriptBlock.Step], state: inout BlockState) throws -> Flow {
        for step in steps {
            do {
                let flow = try run(step, state: &state)
                if case .next = flow { continue }
                return flow
            } catch let error as ProcedureError {
                throw error
            } catch let raised as RaisedException {
                throw ProcedureError.raised(state.procedure, line: step.line, raised)
            } catch let error as ScriptError {
                throw ProcedureError.failed(state.procedure, line: error.line, message: error.message)
            } catch {
                throw ProcedureError.failed(state.procedure, line: step.line, message: Self.message(of: error))
            }
        }
        return .next
    }

    private func run(_ step: ScriptBlock.Step, state: inout BlockState) throws -> Flow {
        func isTrue(_ condition: String) throws -> Bool { try evaluate(condition, variables: state.variables).integerValue ?? 0 != 0 }
        /// A loop's body once: nil to go on, or how the loop ends.
        func body(_ steps: [ScriptBlock.Step]) throws -> Flow? {
            switch try run(steps, state: &state) {
            case .breakLoop: return .next
            case .returned(let result): return .returned(result)
            case .next, .continueLoop: return nil
            }
        }
        switch step {
        case .branch(let branches, let otherwise, _):
            var chosen = otherwise
            for branch in branches where try isTrue(branch.condition) {
                chosen = branch.steps
                break
            }
            return try run(chosen, state: &state)
        case .forRows(let variable, let source, let steps, _):
            let rows: ResultSet
            if let kept = state.resultSets[source.uppercased()] {
                rows = kept
            } else {
                let query = state.cursors[source.uppercased()] ?? source
                rows = try execute(StatementText(text: Self.bind(query, state.variables, bare: false), location: .start))
            }
            for row in rows.rows {
                for (column, value) in zip(rows.columns, row) { state.variables[variable + "." + column.name.uppercased()] = value.sqlite }
                if let end = try body(steps) { return end }
            }
        case .forRange(let variable, let from, let to, let reverse, let steps, _):
            guard let low = try evaluate(from, variables: state.variables).integerValue,
                  let high = try evaluate(to, variables: state.variables).integerValue else {
                throw ScriptError(message: "FOR \(variable) IN \(from) TO \(to): the bounds must be integers", line: step.line)
            }
            if low <= high {
                for i in reverse ? Array(stride(from: high, through: low, by: -1)) : Array(low...high) {
                    state.variables[variable] = .integer(i)
                    if let end = try body(steps) { return end }
                }
            }
        case .whileLoop(let condition, let steps, _):
            while try isTrue(condition) {
                if let end = try body(steps) { return end }
            }
        case .repeatLoop(let steps, let until, _):
            repeat {
                if let end = try body(steps) { return end }
            } while try !isTrue(until)
        case .loop(let steps, _):
            while true {
                if let end = try body(steps) { return end }
            }
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        case .raise(let name, _):
            guard let name else {
                guard let handling = state.handling else { throw ScriptError(message: "RAISE without an exception outside a handler", line: step.line) }
                throw handling
            }
            guard let declared = state.exceptions[name.uppercased()] else {
                throw ScriptError(message: "RAISE \(name): no exception of that name is declared (DECLARE \(name) EXCEPTION (-20001, 'message'))", line: step.line)
            }
            throw RaisedException(name: name.uppercased(), code: declared.code, message: declared.message, sqlState: "P0001")
        case .sql(let text, _):
            let result = try execute(StatementText(text: Self.bind(text, state.variables, bare: false), location: .start))
            let counts = result.columns.enumerated().filter { $0.element.name.hasPrefix("number of rows") }
            state.variables["SQLROWCOUNT"] = counts.isEmpty ? .null
                : .integer(counts.reduce(0) { $0 + (result.rows.first?[$1.offset].integerValue ?? 0) })
        case .assign(let name, let expression, _):
            state.variables[name] = try evaluate(expression, variables: state.variables)
        case .assignResultSet(let name, let query, _):
            state.resultSets[name] = try execute(StatementText(text: Self.bind(query, state.variables, bare: false), location: .start))
        case .returnValue(let expression, _):
            return .returned(.value(try expression.map { try evaluate($0, variables: state.variables) } ?? .null))
        case .returnTable(let name, _):
            guard let table = state.resultSets[name] else {
                throw ScriptError(message: "RETURN TABLE(\(name)): \(name) is not a RESULTSET of the block", line: step.line)
            }
            return .returned(.table(table))
        }
        return .next
    }

    /// The column names of `TABLE (a INT, b STRING)`, upper-cased unless quoted; none for `TABLE ()`
    /// or another return type.
    static func tableColumnNames(_ returns: String) -> [String] {
        let text = returns.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.uppercased().hasPrefix("TABLE"), let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return [] }
        var names: [String] = []
        var depth = 0, current = ""
        for c in text[text.index(after: open)..<close] {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 { names.append(current); current = ""; continue }
            current.append(c)
        }
        names.append(current)
        return names.compactMap { column in
            let word = column.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !word.isEmpty else { return nil }
            if word.hasPrefix("\""), let end = word.dropFirst().firstIndex(of: "\"") { return String(word[word.index(after: word.startIndex)..<end]) }
            return String(word.prefix { !$0.isWhitespace }).uppercased()
        }
    }

    /// The value of a scripting expression (variables may be written bare or as :name).
    func evaluate(_ expression: String, variables: [String: Value] = [:]) throws -> Value {
        let result = try execute(StatementText(text: "SELECT " + Self.bind(expression, variables, bare: true), location: .start))
        return result.rows.first?.first?.sqlite ?? .null
    }

    /// An error's message as people see it (a WarehouseError's, an SQLite error's, or its description).
    public static func message(of error: Error) -> String {
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
    /// A declared exception RAISEd and not handled.
    case raised(String, line: Int, Warehouse.RaisedException)

    public static func == (a: ProcedureError, b: ProcedureError) -> Bool { a.message == b.message }

    public var message: String {
        switch self {
        case .noSuchProcedure(let name): return "Procedure '\(name)' does not exist or not authorized."
        case .failed(let name, let line, let message):
            return line > 0 ? "procedure \(name), line \(line): \(message)" : "procedure \(name): \(message)"
        case .raised(let name, let line, let exception):
            return "Uncaught exception of type '\(exception.name ?? "STATEMENT_ERROR")' on line \(line) at position 0 of \(name) : \(exception.message)"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchProcedure: return "list procedures with SHOW PROCEDURES; unquoted names are upper-cased"
        case .failed: return "the CALL's work was rolled back; fix the line and CALL again"
        case .raised: return "the block's work was rolled back; handle the exception with EXCEPTION WHEN <name> THEN …"
        }
    }
}
