import Warehouse

/// A line of a .test file that the parser cannot read.
public struct TestFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// Reads sqllogictest files: the SQLite core (statement, query, hash-threshold, skipif/onlyif, halt)
/// and DuckDB's conveniences (`statement error` with a message, tab-separated rows, `mode skip`).
public enum TestFileParser {
    /// The engine name `skipif` and `onlyif` match.
    public static let engine = "wh"

    static let oneLineRecords: Set = ["hash-threshold", "halt", "mode", "clock", "copy-fixture", "touch", "run", "ingest", "generate"]

    public static func parse(_ text: String, file: String) throws -> [Record] {
        let lines = text.scalarLines
        var records: [Record] = []
        var skipMode = false
        var index = 0
        while index < lines.count {
            // Gather one block: lines up to the next blank line, comments dropped.
            var block: [(Int, String)] = []
            while index < lines.count, !lines[index].allSatisfy(\.isWhitespace) {
                if !lines[index].hasPrefix("#") { block.append((index + 1, lines[index])) }
                index += 1
            }
            index += 1
            guard !block.isEmpty else { continue }
            var skipped = skipMode
            while let (_, line) = block.first, let condition = condition(line) {
                if condition.only != (condition.engine == engine) { skipped = true }
                block.removeFirst()
            }
            guard let (lineNumber, header) = block.first else { continue }
            let words = header.split(whereSeparator: \.isWhitespace).map(String.init)
            let body = block.dropFirst().map(\.1)
            func fail(_ message: String) -> TestFileError { TestFileError(file: file, line: lineNumber, message: message) }
            // A one-line record followed by more lines would silently swallow them (a whole file of
            // records could pass without running): that is an error.
            if let word = words.first, Self.oneLineRecords.contains(word), block.count > 1 {
                throw TestFileError(file: file, line: block[1].0,
                                    message: "'\(word)' is a record of one line: put a blank line before '\(block[1].1)'")
            }
            switch words.first {
            case "statement":
                guard words.count >= 2, ["ok", "error", "maybe"].contains(words[1]) else {
                    throw fail("expected 'statement ok' or 'statement error'")
                }
                let (sql, expected) = splitAtDashes(body)
                guard !sql.isEmpty else { throw fail("statement has no SQL") }
                let message = expected.map { $0.joined(separator: "\n") }.flatMap { $0.isEmpty ? nil : $0 }
                records.append(Record(kind: .statement(expectError: words[1] == "error", expectedMessage: message,
                                                       sql: sql.joined(separator: "\n")), line: lineNumber, skipped: skipped))
            case "query":
                guard words.count >= 2 else { throw fail("query needs a type string, for example 'query IT'") }
                var sort = SortMode.nosort
                var label: String?
                if words.count >= 3 {
                    guard let mode = SortMode(rawValue: words[2]) else { throw fail("unknown sort mode '\(words[2])' (use nosort, rowsort or valuesort)") }
                    sort = mode
                }
                if words.count >= 4 { label = words[3] }
                let (sql, expected) = splitAtDashes(body)
                guard !sql.isEmpty else { throw fail("query has no SQL") }
                records.append(Record(kind: .query(types: words[1], sort: sort, label: label, sql: sql.joined(separator: "\n"),
                                                   expected: expected ?? []), line: lineNumber, skipped: skipped))
            case "hash-threshold":
                guard words.count == 2, let n = Int(words[1]) else { throw fail("hash-threshold takes a number") }
                records.append(Record(kind: .hashThreshold(n), line: lineNumber, skipped: skipped))
            case "halt":
                records.append(Record(kind: .halt, line: lineNumber, skipped: skipped))
            case "mode":
                guard words.count == 2, ["skip", "unskip", "output_result", "output_hash"].contains(words[1]) else {
                    throw fail("mode takes skip or unskip")
                }
                if words[1] == "skip" { skipMode = true }
                if words[1] == "unskip" { skipMode = false }
            case "clock":
                records.append(Record(kind: try clock(words, fail), line: lineNumber, skipped: skipped))
            case "copy-fixture":
                guard words.count == 2 || words.count == 3 else { throw fail("copy-fixture takes SOURCE [DEST]") }
                let source = words[1]
                let destination = words.count == 3 ? words[2] : String(source.split(separator: "/").last ?? Substring(source))
                records.append(Record(kind: .copyFixture(source: source, destination: destination), line: lineNumber, skipped: skipped))
            case "touch":
                guard words.count == 4 else { throw fail("touch takes PATH YYYY-MM-DD HH:MM:SS") }
                records.append(Record(kind: .touch(path: words[1], time: words[2] + " " + words[3]), line: lineNumber, skipped: skipped))
            case "run":
                guard words.count == 2 else { throw fail("run takes a SQL file") }
                records.append(Record(kind: .runScript(words[1]), line: lineNumber, skipped: skipped))
            case "ingest":
                guard words.count <= 2 else { throw fail("ingest takes an optional pipe name") }
                records.append(Record(kind: .ingest(pipe: words.count == 2 ? words[1] : nil), line: lineNumber, skipped: skipped))
            case "generate":
                guard (4...5).contains(words.count), ["telemetry", "clicks"].contains(words[1]), let count = Int(words[3]),
                      words.count == 4 || ["nested", "flat"].contains(words[4]) else {
                    throw fail("generate takes telemetry|clicks STAGE RECORDS [nested|flat]")
                }
                records.append(Record(kind: .generate(source: words[1], stage: words[2], records: count, shape: words.count == 5 ? words[4] : "nested"),
                                      line: lineNumber, skipped: skipped))
            case "require", "load", "restart":
                throw fail("'\(words[0])' is not supported by wh test")
            default:
                throw fail("unknown record '\(header)' (expected statement, query, hash-threshold, halt, mode, clock, copy-fixture, touch, ingest, run or generate)")
            }
        }
        return records
    }

    private static func condition(_ line: String) -> (only: Bool, engine: String)? {
        let words = line.split(whereSeparator: \.isWhitespace)
        guard words.count == 2, words[0] == "skipif" || words[0] == "onlyif" else { return nil }
        return (words[0] == "onlyif", String(words[1]))
    }

    private static func splitAtDashes(_ body: [String]) -> ([String], [String]?) {
        guard let dashes = body.firstIndex(of: "----") else { return (body, nil) }
        return (Array(body[..<dashes]), Array(body[(dashes + 1)...]))
    }

    private static func clock(_ words: [String], _ fail: (String) -> TestFileError) throws -> RecordKind {
        guard words.count >= 3 else { throw fail("use 'clock set YYYY-MM-DD HH:MM:SS' or 'clock advance N seconds'") }
        switch words[1] {
        case "set":
            return .clockSet(words[2...].joined(separator: " "))
        case "advance":
            guard words.count == 4, let amount = Double(words[2]) else { throw fail("use 'clock advance N seconds|minutes|hours|days'") }
            let units: [String: Double] = ["second": 1, "minute": 60, "hour": 3600, "day": 86400]
            var unit = words[3].lowercased()
            if unit.hasSuffix("s") { unit.removeLast() }
            guard let scale = units[unit] else { throw fail("unknown unit '\(words[3])' (seconds, minutes, hours or days)") }
            return .clockAdvance(seconds: amount * scale)
        default:
            throw fail("unknown clock command '\(words[1])' (set or advance)")
        }
    }
}
