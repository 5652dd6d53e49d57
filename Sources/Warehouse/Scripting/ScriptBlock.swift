/// A Snowflake Scripting block as wh runs it: `[DECLARE …] BEGIN … [EXCEPTION WHEN OTHER THEN …] END`
/// with SQL statements, `LET x := expr`, `x := expr` and `RETURN expr`. Control flow (IF, FOR,
/// WHILE, CASE) is refused by name: it is not built yet.
struct ScriptBlock: Equatable {
    enum Step: Equatable {
        case sql(String, line: Int)
        case assign(String, expression: String, line: Int)
        case returnValue(String?, line: Int)
    }

    var declarations: [(name: String, initial: String?)] = []
    var steps: [Step] = []
    /// EXCEPTION WHEN OTHER THEN …: runs after the block's work is rolled back; SQLERRM holds the error.
    var handler: [Step]?

    static func == (a: ScriptBlock, b: ScriptBlock) -> Bool {
        a.steps == b.steps && a.handler == b.handler && a.declarations.map(\.name) == b.declarations.map(\.name)
            && a.declarations.map(\.initial) == b.declarations.map(\.initial)
    }

    /// Parses `body`; errors name the line (1-based, in the body).
    static func parse(_ body: String) throws -> ScriptBlock {
        let pieces: [StatementText]
        do { pieces = try StatementSplitter.statements(in: body) } catch {
            throw ScriptError(message: error.message, line: error.location.line)
        }
        enum Part { case start, declare, body, handler, done }
        var part = Part.start
        var block = ScriptBlock()
        for piece in pieces {
            var text = piece.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let line = piece.location.line
            func peel(_ word: String) -> Bool {
                guard text.uppercased().hasPrefix(word),
                      text.count == word.count || text[text.index(text.startIndex, offsetBy: word.count)].isWhitespace else { return false }
                text = String(text.dropFirst(word.count)).trimmingCharacters(in: .whitespacesAndNewlines)
                return true
            }
            if part == .done {
                throw ScriptError(message: "statements after the block's END", line: line)
            }
            if part == .start {
                if peel("DECLARE") { part = .declare } else if peel("BEGIN") { part = .body } else {
                    throw ScriptError(message: "a procedure's body starts with DECLARE or BEGIN", line: line)
                }
            }
            if part == .declare {
                if peel("BEGIN") { part = .body } else {
                    if text.isEmpty { continue }
                    block.declarations.append(try declaration(text, line: line))
                    continue
                }
            }
            if peel("EXCEPTION") {
                guard peel("WHEN"), peel("OTHER"), peel("THEN") else {
                    throw ScriptError(message: "wh handles exceptions with EXCEPTION WHEN OTHER THEN … only", line: line)
                }
                part = .handler
                block.handler = []
            }
            if text.uppercased() == "END" {
                part = .done
                continue
            }
            if text.isEmpty { continue }
            let step = try Self.step(text, line: line)
            if part == .handler { block.handler!.append(step) } else { block.steps.append(step) }
        }
        guard part == .done else { throw ScriptError(message: "the block has no END", line: pieces.last?.location.line ?? 1) }
        return block
    }

    private static func declaration(_ text: String, line: Int) throws -> (name: String, initial: String?) {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let name = words.first else { throw ScriptError(message: "an empty declaration", line: line) }
        if let range = text.range(of: ":=") ?? text.range(of: " DEFAULT ", options: .caseInsensitive) {
            return (String(name).uppercased(), String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces))
        }
        return (String(name).uppercased(), nil)
    }

    private static func step(_ text: String, line: Int) throws -> Step {
        let upper = text.uppercased()
        let first = upper.split(whereSeparator: { $0.isWhitespace || $0 == "(" }).first.map(String.init) ?? ""
        switch first {
        case "IF", "FOR", "WHILE", "LOOP", "REPEAT", "CASE", "BREAK", "CONTINUE", "OPEN", "FETCH", "CLOSE", "RAISE", "AWAIT":
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

import Foundation
