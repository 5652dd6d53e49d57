import Foundation

/// A Snowflake Scripting block as wh runs it: `[DECLARE …] BEGIN … [EXCEPTION WHEN … THEN …] END`
/// with SQL statements (`:name` binds a variable), `LET x := expr`, `x := expr`, `RETURN expr`,
/// `RETURN TABLE(rs)`, RESULTSETs (`rs RESULTSET := (SELECT …)`), `IF … END IF`, the CASE statement,
/// `FOR r IN cursor | rs | (query) DO … END FOR`, `FOR i IN [REVERSE] a TO b DO … END FOR`,
/// `WHILE … DO … END WHILE`, `REPEAT … UNTIL … END REPEAT`, `LOOP … END LOOP`, BREAK/EXIT,
/// CONTINUE/ITERATE, and declared exceptions with RAISE.
struct ScriptBlock: Equatable {
    indirect enum Step: Equatable {
        case sql(String, line: Int)
        case assign(String, expression: String, line: Int)
        /// `rs RESULTSET := (query)`: the query's rows, kept under the name.
        case assignResultSet(String, query: String, line: Int)
        case returnValue(String?, line: Int)
        /// `RETURN TABLE(rs)`.
        case returnTable(String, line: Int)
        case branch([Branch], otherwise: [Step], line: Int)
        case forRows(variable: String, source: String, steps: [Step], line: Int)
        case forRange(variable: String, from: String, to: String, reverse: Bool, steps: [Step], line: Int)
        case whileLoop(condition: String, steps: [Step], line: Int)
        case repeatLoop(steps: [Step], until: String, line: Int)
        case loop([Step], line: Int)
        case breakLoop(line: Int)
        case continueLoop(line: Int)
        /// RAISE [name]: nil re-raises the exception being handled.
        case raise(String?, line: Int)

        var line: Int {
            switch self {
            case .sql(_, let l), .assign(_, _, let l), .assignResultSet(_, _, let l), .returnValue(_, let l), .returnTable(_, let l),
                 .branch(_, _, let l), .forRows(_, _, _, let l), .forRange(_, _, _, _, _, let l), .whileLoop(_, _, let l),
                 .repeatLoop(_, _, let l), .loop(_, let l), .breakLoop(let l), .continueLoop(let l), .raise(_, let l):
                return l
            }
        }
    }

    struct Branch: Equatable {
        var condition: String
        var steps: [Step]
    }

    /// An exception handler: the exceptions it takes (OTHER for any) and its steps.
    struct Handler: Equatable {
        var exceptions: [String]
        var steps: [Step]
    }

    /// A declared exception: `e EXCEPTION [(code, 'message')]`.
    struct DeclaredException: Equatable {
        var code: Int
        var message: String
    }

    var declarations: [(name: String, initial: String?)] = []
    /// Cursors declared as `c CURSOR FOR <query>`, for FOR loops.
    var cursors: [String: String] = [:]
    /// RESULTSETs declared with their query (run when the block starts).
    var resultSets: [(name: String, query: String?)] = []
    var exceptions: [String: DeclaredException] = [:]
    var steps: [Step] = []
    /// EXCEPTION WHEN … THEN …: run after the block's work is rolled back; SQLERRM, SQLCODE and
    /// SQLSTATE hold the error.
    var handlers: [Handler] = []

    static func == (a: ScriptBlock, b: ScriptBlock) -> Bool {
        a.steps == b.steps && a.handlers == b.handlers && a.cursors == b.cursors && a.exceptions == b.exceptions
            && a.declarations.map(\.name) == b.declarations.map(\.name) && a.declarations.map(\.initial) == b.declarations.map(\.initial)
            && a.resultSets.map(\.name) == b.resultSets.map(\.name) && a.resultSets.map(\.query) == b.resultSets.map(\.query)
    }

    /// The body's pieces (statements split at `;`), with the text still to read of the current one:
    /// keywords such as BEGIN or THEN are peeled off the front, leaving the statement glued to them.
    private struct Pieces {
        var items: [(text: String, line: Int)]
        var index = 0

        var atEnd: Bool { index >= items.count }
        var text: String { items[index].text }
        var line: Int { items[index].line }

        mutating func set(_ text: String) {
            let (rest, lines) = Self.strippingLeadingComments(text)
            items[index].text = rest
            items[index].line += lines
        }

        /// The text without the comments before its first word (`-- why`, `// why`, `/* why */`),
        /// and how many lines they took.
        static func strippingLeadingComments(_ text: String) -> (String, Int) {
            var rest = Substring(text)
            var lines = 0
            while true {
                let trimmed = rest.drop(while: \.isWhitespace)
                lines += rest[..<trimmed.startIndex].unicodeScalars.filter { $0 == "\n" }.count
                rest = trimmed
                if rest.hasPrefix("--") || rest.hasPrefix("//") {
                    // By scalar: a comment ending "\r\n" (one Character) would run to the end.
                    guard let newline = rest.unicodeScalars.firstIndex(of: "\n") else { return ("", lines) }
                    rest = rest[newline...]
                } else if rest.hasPrefix("/*"), let close = rest.range(of: "*/") {
                    lines += rest[..<close.upperBound].unicodeScalars.filter { $0 == "\n" }.count
                    rest = rest[close.upperBound...]
                } else {
                    return (String(rest).trimmingCharacters(in: .whitespacesAndNewlines), lines)
                }
            }
        }
        mutating func advance() { index += 1 }

        /// Removes `words` (whole words, any case) from the front of the current piece.
        mutating func peel(_ words: String...) -> Bool {
            var rest = Substring(text)
            for word in words {
                rest = rest.drop(while: \.isWhitespace)
                guard rest.uppercased().hasPrefix(word) else { return false }
                let after = rest.dropFirst(word.count)
                guard after.first.map({ $0.isWhitespace || $0 == "(" }) ?? true else { return false }
                rest = after
            }
            set(String(rest))
            return true
        }
    }

    /// Parses `body`; errors name the line (1-based, in the body).
    static func parse(_ body: String) throws -> ScriptBlock {
        let statements: [StatementText]
        do { statements = try StatementSplitter.statements(in: body, blocks: false) } catch {
            throw ScriptError(message: error.message, line: error.location.line)
        }
        var pieces = Pieces(items: statements.map { statement in
            let (text, lines) = Pieces.strippingLeadingComments(statement.text)
            return (text, statement.location.line + lines)
        })
        var block = ScriptBlock()
        guard !pieces.atEnd else { throw ScriptError(message: "the procedure's body is empty", line: 1) }
        if pieces.peel("DECLARE") {
            while !pieces.atEnd, !pieces.peel("BEGIN") {
                if !pieces.text.isEmpty { try block.declare(pieces.text, line: pieces.line) }
                pieces.advance()
            }
        } else if !pieces.peel("BEGIN") {
            throw ScriptError(message: "a procedure's body starts with DECLARE or BEGIN", line: pieces.line)
        }
        guard !pieces.atEnd else { throw ScriptError(message: "the block has no BEGIN", line: statements.last?.location.line ?? 1) }
        let (steps, end) = try Self.steps(&pieces, until: ["END", "EXCEPTION"])
        block.steps = steps
        if end == "EXCEPTION" {
            var next = "WHEN"
            while next == "WHEN" {
                guard pieces.peel("WHEN") else { throw ScriptError(message: "EXCEPTION needs WHEN <exception> THEN …", line: pieces.line) }
                let text = pieces.text
                guard let then = text.range(of: #"\bTHEN\b"#, options: [.regularExpression, .caseInsensitive]) else {
                    throw ScriptError(message: "WHEN <exception> needs THEN", line: pieces.line)
                }
                let names = text[..<then.lowerBound].components(separatedBy: CharacterSet.whitespacesAndNewlines)
                    .filter { !$0.isEmpty && $0.uppercased() != "OR" }.map { $0.uppercased() }
                pieces.set(String(text[then.upperBound...]))
                let (handler, terminator) = try Self.steps(&pieces, until: ["WHEN", "END"])
                block.handlers.append(Handler(exceptions: names, steps: handler))
                next = terminator
                if next == "WHEN" { pieces.items[pieces.index].text = "WHEN " + pieces.text }
            }
        }
        pieces.advance()
        if !pieces.atEnd, !pieces.text.isEmpty { throw ScriptError(message: "statements after the block's END", line: pieces.line) }
        return block
    }

    private mutating func declare(_ text: String, line: Int) throws {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let name = words.first.map({ String($0).uppercased() }) else { return }
        if words.count > 2, words[1].uppercased() == "CURSOR", words[2].uppercased() == "FOR" {
            let query = text.components(separatedBy: .whitespaces).drop(while: { $0.uppercased() != "FOR" }).dropFirst().joined(separator: " ")
            cursors[name] = query
            return
        }
        if words.count > 1, words[1].uppercased() == "EXCEPTION" {
            // `e EXCEPTION (-20002, 'message')`; without them, Snowflake's code for user exceptions.
            var declared = DeclaredException(code: -20000, message: "")
            if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
                let inside = text[text.index(after: open)..<close]
                guard let comma = inside.firstIndex(of: ","), let code = Int(inside[..<comma].trimmingCharacters(in: .whitespaces)),
                      (-20999)...(-20000) ~= code else {
                    throw ScriptError(message: "an exception is declared as \(name) EXCEPTION (-20000 to -20999, 'message')", line: line)
                }
                let message = inside[inside.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                declared = DeclaredException(code: code, message: message.count >= 2 && message.hasPrefix("'") && message.hasSuffix("'")
                                             ? String(message.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'") : message)
            }
            exceptions[name] = declared
            return
        }
        if words.count > 1, words[1].uppercased() == "RESULTSET" {
            var query: String?
            if let range = text.range(of: ":=") ?? text.range(of: " DEFAULT ", options: .caseInsensitive) {
                query = Self.parenthesizedQuery(String(text[range.upperBound...]))
            }
            resultSets.append((name, query))
            return
        }
        if let range = text.range(of: ":=") ?? text.range(of: " DEFAULT ", options: .caseInsensitive) {
            declarations.append((name, String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)))
        } else {
            declarations.append((name, nil))
        }
    }

    /// `(SELECT …)` without its parentheses.
    static func parenthesizedQuery(_ text: String) -> String {
        var query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if query.hasPrefix("("), query.hasSuffix(")") { query = String(query.dropFirst().dropLast()) }
        return query
    }

    /// Steps up to one of `terminators` (an END IF / ELSE … keyword, left peeled off its piece), which
    /// it returns.
    private static func steps(_ pieces: inout Pieces, until terminators: Set<String>) throws -> ([Step], String) {
        var steps: [Step] = []
        while !pieces.atEnd {
            let line = pieces.line
            for terminator in terminators.sorted(by: { $0.count > $1.count }) {
                let words = terminator.split(separator: " ").map(String.init)
                if words.count == 2 ? pieces.peel(words[0], words[1]) : pieces.peel(words[0]) {
                    if terminator.hasPrefix("END") && !pieces.text.isEmpty && !terminator.contains(" ") {
                        // `END IF` read as END: put it back for the caller that wants `END IF`.
                        throw ScriptError(message: "unexpected END \(pieces.text)", line: line)
                    }
                    return (steps, terminator)
                }
            }
            if pieces.text.isEmpty { pieces.advance(); continue }
            if pieces.peel("IF") {
                steps.append(try branch(&pieces, line: line))
                continue
            }
            if pieces.peel("FOR") {
                steps.append(try forLoop(&pieces, line: line))
                continue
            }
            if pieces.peel("WHILE") {
                let condition = try Self.condition(&pieces, line: line, keyword: "DO")
                let (body, _) = try Self.steps(&pieces, until: ["END WHILE"])
                pieces.advance()
                steps.append(.whileLoop(condition: condition, steps: body, line: line))
                continue
            }
            if pieces.peel("REPEAT") {
                let (body, _) = try Self.steps(&pieces, until: ["UNTIL"])
                let text = pieces.text
                guard let end = text.range(of: #"\bEND\s+REPEAT\b"#, options: [.regularExpression, .caseInsensitive]) else {
                    throw ScriptError(message: "REPEAT needs UNTIL <condition> END REPEAT", line: pieces.line)
                }
                let condition = String(text[..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
                pieces.set(String(text[end.upperBound...]))
                pieces.advance()
                steps.append(.repeatLoop(steps: body, until: condition, line: line))
                continue
            }
            if pieces.peel("LOOP") {
                let (body, _) = try Self.steps(&pieces, until: ["END LOOP"])
                pieces.advance()
                steps.append(.loop(body, line: line))
                continue
            }
            if pieces.peel("CASE") {
                steps.append(try caseStatement(&pieces, line: line))
                continue
            }
            steps.append(try step(pieces.text, line: line))
            pieces.advance()
        }
        throw ScriptError(message: "missing \(terminators.sorted().joined(separator: " or "))", line: pieces.items.last?.line ?? 1)
    }

    private static func condition(_ pieces: inout Pieces, line: Int, keyword: String = "THEN") throws -> String {
        let text = pieces.text
        guard let then = text.range(of: "\\b\(keyword)\\b", options: [.regularExpression, .caseInsensitive]) else {
            throw ScriptError(message: "\(keyword == "DO" ? "WHILE" : "IF") needs (condition) \(keyword)", line: line)
        }
        pieces.set(String(text[then.upperBound...]))
        return String(text[..<then.lowerBound]).trimmingCharacters(in: .whitespaces)
    }

    private static func branch(_ pieces: inout Pieces, line: Int) throws -> Step {
        var branches: [Branch] = []
        var otherwise: [Step] = []
        var condition = try Self.condition(&pieces, line: line)
        while true {
            let (steps, end) = try Self.steps(&pieces, until: ["ELSEIF", "ELSE", "END IF"])
            branches.append(Branch(condition: condition, steps: steps))
            if end == "ELSEIF" {
                condition = try Self.condition(&pieces, line: pieces.line)
                continue
            }
            if end == "ELSE" {
                let (elseSteps, _) = try Self.steps(&pieces, until: ["END IF"])
                otherwise = elseSteps
            }
            break
        }
        pieces.advance()
        return .branch(branches, otherwise: otherwise, line: line)
    }

    /// The CASE statement: `CASE [operand] WHEN x THEN … [ELSE …] END CASE`, as IF branches.
    private static func caseStatement(_ pieces: inout Pieces, line: Int) throws -> Step {
        let text = pieces.text
        guard let when = text.range(of: #"\bWHEN\b"#, options: [.regularExpression, .caseInsensitive]) else {
            throw ScriptError(message: "CASE needs WHEN … THEN", line: line)
        }
        let operand = text[..<when.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        pieces.set(String(text[when.upperBound...]))
        var branches: [Branch] = []
        var otherwise: [Step] = []
        while true {
            let value = try Self.condition(&pieces, line: pieces.line)
            let (steps, end) = try Self.steps(&pieces, until: ["WHEN", "ELSE", "END CASE"])
            branches.append(Branch(condition: operand.isEmpty ? value : "(\(operand)) = (\(value))", steps: steps))
            if end == "WHEN" { continue }
            if end == "ELSE" { (otherwise, _) = try Self.steps(&pieces, until: ["END CASE"]) }
            break
        }
        pieces.advance()
        return .branch(branches, otherwise: otherwise, line: line)
    }

    /// `FOR r IN cursor | rs | (query) DO …` or `FOR i IN [REVERSE] a TO b DO …`, up to END FOR.
    private static func forLoop(_ pieces: inout Pieces, line: Int) throws -> Step {
        let text = pieces.text
        guard let inRange = text.range(of: #"\bIN\b"#, options: [.regularExpression, .caseInsensitive]),
              let doRange = text.range(of: #"\bDO\b"#, options: [.regularExpression, .caseInsensitive]) else {
            throw ScriptError(message: "FOR needs <row> IN <cursor, resultset or (query)> DO, or <i> IN <from> TO <to> DO", line: line)
        }
        let variable = text[..<inRange.lowerBound].trimmingCharacters(in: .whitespaces).uppercased()
        var source = text[inRange.upperBound..<doRange.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        pieces.set(String(text[doRange.upperBound...]))
        let (steps, _) = try Self.steps(&pieces, until: ["END FOR"])
        pieces.advance()
        var reverse = false
        if let first = source.split(whereSeparator: \.isWhitespace).first, first.uppercased() == "REVERSE" {
            reverse = true
            source = String(source.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
        }
        if let to = source.range(of: #"\bTO\b"#, options: [.regularExpression, .caseInsensitive]), !source.hasPrefix("(") {
            return .forRange(variable: variable, from: String(source[..<to.lowerBound]).trimmingCharacters(in: .whitespaces),
                             to: String(source[to.upperBound...]).trimmingCharacters(in: .whitespaces), reverse: reverse, steps: steps, line: line)
        }
        return .forRows(variable: variable, source: parenthesizedQuery(source), steps: steps, line: line)
    }

    private static func step(_ text: String, line: Int) throws -> Step {
        let upper = text.uppercased()
        let first = upper.split(whereSeparator: { $0.isWhitespace || $0 == "(" }).first.map(String.init) ?? ""
        let words = upper.split(whereSeparator: \.isWhitespace)
        switch first {
        case "BREAK", "EXIT":
            guard words.count == 1 else { throw ScriptError(message: "\(first) with a label is not supported by wh yet", line: line) }
            return .breakLoop(line: line)
        case "CONTINUE", "ITERATE":
            guard words.count == 1 else { throw ScriptError(message: "\(first) with a label is not supported by wh yet", line: line) }
            return .continueLoop(line: line)
        case "RAISE":
            return .raise(words.count > 1 ? String(words[1]) : nil, line: line)
        case "OPEN", "FETCH", "CLOSE", "AWAIT", "CANCEL":
            throw ScriptError(message: "\(first) in Snowflake Scripting is not supported by wh yet (loop over a cursor with FOR r IN c DO … END FOR)", line: line)
        case "BEGIN", "COMMIT", "ROLLBACK":
            if first == "BEGIN" && !upper.hasPrefix("BEGIN TRANSACTION") && upper != "BEGIN" {
                throw ScriptError(message: "nested BEGIN … END blocks are not supported by wh yet", line: line)
            }
            throw ScriptError(message: "\(first) inside a procedure is not supported by wh: a CALL is one transaction", line: line)
        case "RETURN":
            let value = text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)
            if value.uppercased().hasPrefix("TABLE"), value.dropFirst(5).trimmingCharacters(in: .whitespaces).hasPrefix("(") {
                let inside = parenthesizedQuery(String(value.dropFirst(5)))
                return .returnTable(inside.trimmingCharacters(in: .whitespaces).uppercased(), line: line)
            }
            return .returnValue(value.isEmpty ? nil : value, line: line)
        case "LET":
            let rest = text.dropFirst(3).trimmingCharacters(in: .whitespaces)
            guard let range = rest.range(of: ":=") ?? rest.range(of: " DEFAULT ", options: .caseInsensitive) else {
                throw ScriptError(message: "LET needs := and a value", line: line)
            }
            let declared = rest[..<range.lowerBound].split(whereSeparator: \.isWhitespace)
            let name = declared.first.map(String.init) ?? ""
            let value = String(rest[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            if declared.count > 1, declared[1].uppercased() == "RESULTSET" {
                return .assignResultSet(name.uppercased(), query: parenthesizedQuery(value), line: line)
            }
            return .assign(name.uppercased(), expression: value, line: line)
        default:
            if let range = text.range(of: ":="), text[..<range.lowerBound].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                let name = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                return .assign(name.uppercased(), expression: String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces), line: line)
            }
            return .sql(text, line: line)
        }
    }
}

/// A problem in a procedure's body, at a line of it.
struct ScriptError: Error, Equatable {
    var message: String
    var line: Int
}
