import Foundation

/// A Snowflake Scripting block as wh runs it: `[DECLARE …] BEGIN … [EXCEPTION WHEN OTHER THEN …] END`
/// with SQL statements, `LET x := expr`, `x := expr`, `RETURN expr`, `IF (…) THEN … [ELSEIF …]
/// [ELSE …] END IF` and `FOR r IN cursor | (query) DO … END FOR`. WHILE, LOOP, REPEAT and CASE are
/// refused by name: not built yet.
struct ScriptBlock: Equatable {
    indirect enum Step: Equatable {
        case sql(String, line: Int)
        case assign(String, expression: String, line: Int)
        case returnValue(String?, line: Int)
        case branch([(condition: String, steps: [Step])], otherwise: [Step], line: Int)
        case loop(variable: String, query: String, steps: [Step], line: Int)

        static func == (a: Step, b: Step) -> Bool {
            switch (a, b) {
            case let (.sql(x, l1), .sql(y, l2)): return x == y && l1 == l2
            case let (.assign(n1, e1, l1), .assign(n2, e2, l2)): return n1 == n2 && e1 == e2 && l1 == l2
            case let (.returnValue(x, l1), .returnValue(y, l2)): return x == y && l1 == l2
            case let (.branch(b1, o1, l1), .branch(b2, o2, l2)):
                return l1 == l2 && o1 == o2 && b1.count == b2.count && zip(b1, b2).allSatisfy { $0.condition == $1.condition && $0.steps == $1.steps }
            case let (.loop(v1, q1, s1, l1), .loop(v2, q2, s2, l2)): return v1 == v2 && q1 == q2 && s1 == s2 && l1 == l2
            default: return false
            }
        }

        var line: Int {
            switch self {
            case .sql(_, let l), .assign(_, _, let l), .returnValue(_, let l), .branch(_, _, let l), .loop(_, _, _, let l): return l
            }
        }
    }

    var declarations: [(name: String, initial: String?)] = []
    /// Cursors declared as `c CURSOR FOR <query>`, for FOR loops.
    var cursors: [String: String] = [:]
    var steps: [Step] = []
    /// EXCEPTION WHEN OTHER THEN …: runs after the block's work is rolled back; SQLERRM holds the error.
    var handler: [Step]?

    static func == (a: ScriptBlock, b: ScriptBlock) -> Bool {
        a.steps == b.steps && a.handler == b.handler && a.cursors == b.cursors && a.declarations.map(\.name) == b.declarations.map(\.name)
            && a.declarations.map(\.initial) == b.declarations.map(\.initial)
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
                lines += rest[..<trimmed.startIndex].filter { $0 == "\n" }.count
                rest = trimmed
                if rest.hasPrefix("--") || rest.hasPrefix("//") {
                    guard let newline = rest.firstIndex(of: "\n") else { return ("", lines) }
                    rest = rest[newline...]
                } else if rest.hasPrefix("/*"), let close = rest.range(of: "*/") {
                    lines += rest[..<close.upperBound].filter { $0 == "\n" }.count
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
        do { statements = try StatementSplitter.statements(in: body) } catch {
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
            guard pieces.peel("WHEN", "OTHER", "THEN") else {
                throw ScriptError(message: "wh handles exceptions with EXCEPTION WHEN OTHER THEN … only", line: pieces.line)
            }
            let (handler, _) = try Self.steps(&pieces, until: ["END"])
            block.handler = handler
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
        if let range = text.range(of: ":=") ?? text.range(of: " DEFAULT ", options: .caseInsensitive) {
            declarations.append((name, String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)))
        } else {
            declarations.append((name, nil))
        }
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
                steps.append(try loop(&pieces, line: line))
                continue
            }
            steps.append(try step(pieces.text, line: line))
            pieces.advance()
        }
        throw ScriptError(message: "missing \(terminators.sorted().joined(separator: " or "))", line: pieces.items.last?.line ?? 1)
    }

    private static func condition(_ pieces: inout Pieces, line: Int) throws -> String {
        let text = pieces.text
        guard let then = text.range(of: #"\bTHEN\b"#, options: [.regularExpression, .caseInsensitive]) else {
            throw ScriptError(message: "IF needs (condition) THEN", line: line)
        }
        pieces.set(String(text[then.upperBound...]))
        return String(text[..<then.lowerBound]).trimmingCharacters(in: .whitespaces)
    }

    private static func branch(_ pieces: inout Pieces, line: Int) throws -> Step {
        var branches: [(condition: String, steps: [Step])] = []
        var otherwise: [Step] = []
        var condition = try Self.condition(&pieces, line: line)
        while true {
            let (steps, end) = try Self.steps(&pieces, until: ["ELSEIF", "ELSE", "END IF"])
            branches.append((condition, steps))
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

    private static func loop(_ pieces: inout Pieces, line: Int) throws -> Step {
        let text = pieces.text
        guard let inRange = text.range(of: #"\bIN\b"#, options: [.regularExpression, .caseInsensitive]),
              let doRange = text.range(of: #"\bDO\b"#, options: [.regularExpression, .caseInsensitive, .backwards]) else {
            throw ScriptError(message: "FOR needs <row> IN <cursor or (query)> DO", line: line)
        }
        let variable = text[..<inRange.lowerBound].trimmingCharacters(in: .whitespaces).uppercased()
        var source = text[inRange.upperBound..<doRange.lowerBound].trimmingCharacters(in: .whitespaces)
        if source.hasPrefix("("), source.hasSuffix(")") { source = String(source.dropFirst().dropLast()) }
        if Int(source.split(separator: " ").first ?? "") != nil {
            throw ScriptError(message: "counter FOR loops (FOR i IN 1 TO n) are not supported by wh yet", line: line)
        }
        pieces.set(String(text[doRange.upperBound...]))
        let (steps, _) = try Self.steps(&pieces, until: ["END FOR"])
        pieces.advance()
        return .loop(variable: variable, query: source, steps: steps, line: line)
    }

    private static func step(_ text: String, line: Int) throws -> Step {
        let upper = text.uppercased()
        let first = upper.split(whereSeparator: { $0.isWhitespace || $0 == "(" }).first.map(String.init) ?? ""
        switch first {
        case "WHILE", "LOOP", "REPEAT", "CASE", "BREAK", "CONTINUE", "OPEN", "FETCH", "CLOSE", "RAISE", "AWAIT":
            throw ScriptError(message: "\(first) in Snowflake Scripting is not supported by wh yet", line: line)
        case "BEGIN", "COMMIT", "ROLLBACK":
            if first == "BEGIN" && !upper.hasPrefix("BEGIN TRANSACTION") && upper != "BEGIN" {
                throw ScriptError(message: "nested BEGIN … END blocks are not supported by wh yet", line: line)
            }
            throw ScriptError(message: "\(first) inside a procedure is not supported by wh: a CALL is one transaction", line: line)
        case "RETURN":
            let value = text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)
            return .returnValue(value.isEmpty ? nil : value, line: line)
        case "LET":
            let rest = text.dropFirst(3).trimmingCharacters(in: .whitespaces)
            guard let range = rest.range(of: ":=") ?? rest.range(of: " DEFAULT ", options: .caseInsensitive) else {
                throw ScriptError(message: "LET needs := and a value", line: line)
            }
            let name = rest[..<range.lowerBound].split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
            return .assign(name.uppercased(), expression: String(rest[range.upperBound...]).trimmingCharacters(in: .whitespaces), line: line)
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
