import Crypto
import Foundation
import Warehouse
import Workloads

/// The state of one running test file: its warehouse, clock, hash threshold and query labels.
struct FileContext {
    let file: String
    let testDirectory: String
    let warehouse: Warehouse
    let clock: ManualClock
    var hashThreshold = 0
    var labels: [String: [String]] = [:]
    /// `generate`'s data source, kept across the file's records so trucks move on between files.
    var generator: DataGenerator?

    init(file: String, testDirectory: String, warehouse: Warehouse, clock: ManualClock) {
        self.file = file
        self.testDirectory = testDirectory
        self.warehouse = warehouse
        self.clock = clock
    }

    /// Replaces `{TEST_DIR}` (and DuckDB's `__TEST_DIR__`) with the file's temp directory.
    func substitute(_ text: String) -> String {
        text.replacingOccurrences(of: "{TEST_DIR}", with: testDirectory)
            .replacingOccurrences(of: "__TEST_DIR__", with: testDirectory)
    }

    /// Runs one record; returns a failure, or nil when it behaved as the file expects.
    mutating func run(_ record: Record) -> TestFailure? {
        func failure(_ message: String, sql: String? = nil, expected: [String]? = nil, actual: [String]? = nil) -> TestFailure {
            TestFailure(file: file, line: record.line, message: message, sql: sql, expected: expected, actual: actual)
        }
        switch record.kind {
        case .statement(let expectError, let expectedMessage, let rawSQL):
            let sql = substitute(rawSQL)
            do {
                try warehouse.run(script: sql) { _, _ in }
                return expectError ? failure("statement succeeded but an error was expected", sql: sql) : nil
            } catch {
                let message = Self.message(of: error)
                guard expectError else { return failure("statement failed: \(message)", sql: sql) }
                if let expectedMessage, !message.contains(substitute(expectedMessage)) {
                    return failure("statement failed with another error", sql: sql, expected: [expectedMessage], actual: [message])
                }
                return nil
            }
        case .query(let types, let sort, let label, let rawSQL, let rawExpected):
            let sql = substitute(rawSQL)
            let result: ResultSet
            do {
                result = try warehouse.execute(sql)
            } catch {
                return failure("query failed: \(Self.message(of: error))", sql: sql)
            }
            if result.isQuery, types.count != result.columns.count {
                return failure("query returned \(result.columns.count) columns but the type string '\(types)' has \(types.count)", sql: sql)
            }
            let actual = Self.values(result, types: types, sort: sort)
            let expected = rawExpected.map(substitute).flatMap { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            if let label {
                if let earlier = labels[label], earlier != actual {
                    return failure("query result differs from the earlier query labelled '\(label)'", sql: sql, expected: earlier, actual: actual)
                }
                labels[label] = actual
                if rawExpected.isEmpty { return nil }
            }
            if expected.count == 1, let hashed = Self.hashLine(expected[0]) {
                let mine = Self.hash(actual)
                return hashed == mine ? nil : failure("query result hash differs", sql: sql, expected: expected, actual: [mine])
            }
            if !Self.matches(expected: expected, actual: actual) {
                let shown = hashThreshold > 0 && actual.count > hashThreshold ? [Self.hash(actual)] : actual
                return failure("query returned a different result", sql: sql, expected: rawExpected, actual: shown)
            }
            return nil
        case .hashThreshold(let n):
            hashThreshold = n
            return nil
        case .halt:
            return nil
        case .clockSet(let text):
            guard let date = CanonicalTimestamp.parse(text) else {
                return failure("clock set: cannot read '\(text)' (use YYYY-MM-DD HH:MM:SS)")
            }
            clock.set(date)
            return nil
        case .clockAdvance(let seconds):
            clock.advance(by: seconds)
            return nil
        case .touch(let path, let text):
            guard let date = CanonicalTimestamp.parse(text) else { return failure("touch: cannot read '\(text)' (use YYYY-MM-DD HH:MM:SS)") }
            do {
                try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: testDirectory + "/" + path)
                return nil
            } catch {
                return failure("touch: cannot set the time of '\(path)': \(error.localizedDescription)")
            }
        case .runScript(let path):
            let full = (file as NSString).deletingLastPathComponent + "/" + path
            do {
                let script = try String(contentsOfFile: full, encoding: .utf8)
                try warehouse.run(script: script) { _, _ in }
                return nil
            } catch {
                return failure("run \(path): \((error as? WarehouseError)?.message ?? "\(error)")")
            }
        case .ingest(let pipe):
            do {
                _ = try warehouse.ingestPending(pipe: pipe)
                _ = try warehouse.runDueTasks()
                try warehouse.kvPurgeExpired()
                try warehouse.pruneConsumedChanges()
                return nil
            } catch {
                return failure("ingest: \((error as? WarehouseError)?.message ?? "\(error)")")
            }
        case .generate(let source, let stage, let records, let shape):
            do {
                if generator == nil { generator = DataGenerator(seed: 42, trucks: 5, shape: .nested, environment: warehouse.environment) }
                generator!.shape = FleetSimulator.Shape(rawValue: shape) ?? .nested
                _ = try generator!.writeFile(source == "clicks" ? .clicks : .telemetry, records: records,
                                             into: try warehouse.directory(ofStage: stage))
                return nil
            } catch {
                return failure("generate: \((error as? WarehouseError)?.message ?? "\(error)")")
            }
        case .copyFixture(let source, let destination):
            let from = (file as NSString).deletingLastPathComponent + "/" + source
            let to = testDirectory + "/" + destination
            do {
                try FileManager.default.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(atPath: to)
                try FileManager.default.copyItem(atPath: from, toPath: to)
                return nil
            } catch {
                return failure("copy-fixture: cannot copy '\(from)' to '\(to)': \(error.localizedDescription)")
            }
        }
    }

    /// Values equal one for one; an expected `<REGEX>:pattern` cell (DuckDB's form) matches any value
    /// the pattern matches whole, for values that change from run to run.
    static func matches(expected: [String], actual: [String]) -> Bool {
        guard expected.count == actual.count else { return false }
        return zip(expected, actual).allSatisfy { expected, actual in
            guard expected.hasPrefix("<REGEX>:") else { return expected == actual }
            let pattern = String(expected.dropFirst("<REGEX>:".count))
            guard let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else { return false }
            return regex.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil
        }
    }

    static func message(of error: Error) -> String {
        if let error = error as? WarehouseError { return error.message }
        return "\(error)"
    }

    /// Rendered values in row-major order after sorting: NULL as `NULL`, '' as `(empty)`, control
    /// characters as `@`; I columns as integers, R columns with three decimals.
    static func values(_ result: ResultSet, types: String, sort: SortMode) -> [String] {
        let typeLetters = Array(types)
        var rows: [[String]] = result.rows.map { row in
            row.enumerated().map { index, value in
                render(value, type: index < typeLetters.count ? typeLetters[index] : "T", column: result.columns[index])
            }
        }
        switch sort {
        case .nosort: return rows.flatMap { $0 }
        case .rowsort:
            rows.sort { $0.lexicographicallyPrecedes($1) }
            return rows.flatMap { $0 }
        case .valuesort: return rows.flatMap { $0 }.sorted()
        }
    }

    static func render(_ value: SQLValue, type: Character, column: ResultColumn) -> String {
        switch (value, type) {
        case (.null, _): return "NULL"
        case (.real(let d), "I") where d == d.rounded() && abs(d) < 9e18: return String(Int64(d))
        case (.integer(let i), "R"): return String(format: "%.3f", Double(i))
        case (.real(let d), "R"): return String(format: "%.3f", d)
        default:
            let text = column.displayText(value) ?? "NULL"
            if text.isEmpty { return "(empty)" }
            return String(text.unicodeScalars.map { $0.value < 0x20 ? "@" : Character($0) })
        }
    }

    static func hash(_ values: [String]) -> String {
        let digest = Insecure.MD5.hash(data: Data(values.map { $0 + "\n" }.joined().utf8))
        return "\(values.count) values hashing to " + digest.map { String(format: "%02x", $0) }.joined()
    }

    static func hashLine(_ line: String) -> String? {
        let parts = line.split(separator: " ")
        guard parts.count == 5, Int(parts[0]) != nil, parts[1] == "values", parts[2] == "hashing", parts[3] == "to",
              parts[4].count == 32 else { return nil }
        return line
    }
}
