import Crypto
import Foundation
import Warehouse
import WarehouseSystem

/// Counts for a run of one or more files.
public struct TestSummary: Equatable, Sendable {
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    public var files = 0
}

/// One record whose outcome differed from the file's expectation.
public struct TestFailure: Sendable {
    public var file: String
    public var line: Int
    public var message: String
    public var sql: String?
    public var expected: [String]?
    public var actual: [String]?

    /// `file:line: message`, then the SQL and expected versus actual values, indented.
    public var report: String {
        var out = "\(file):\(line): \(message)\n"
        if let sql { out += sql.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)\n" }.joined() }
        if let expected { out += "  expected:\n" + (expected.isEmpty ? "    (no rows)\n" : expected.map { "    \($0)\n" }.joined()) }
        if let actual { out += "  actual:\n" + (actual.isEmpty ? "    (no rows)\n" : actual.map { "    \($0)\n" }.joined()) }
        return out
    }
}

/// Runs sqllogictest files, each on a fresh warehouse in its own temp directory with a manual clock
/// that starts at 2025-01-01 00:00:00 UTC.
public struct TestRunner {
    public static let clockStart = Date(timeIntervalSince1970: 1_735_689_600)

    public init() {}

    /// Runs every file named (directories: every .test file below them, in name order).
    public func run(paths: [String], onFile: (String) -> Void = { _ in },
                    onFailure: (TestFailure) -> Void) throws -> TestSummary {
        var summary = TestSummary()
        for file in try testFiles(paths) {
            onFile(file)
            summary.files += 1
            try runFile(file, into: &summary, onFailure: onFailure)
        }
        return summary
    }

    /// The .test files under `paths`, sorted; a missing path is an error.
    public func testFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw TestFileError(file: path, line: 0, message: "no such file or directory")
            }
            if !isDirectory.boolValue { files.append(path); continue }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = (fm.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".test") }
                .map { base + "/" + $0 }
            files += found.sorted()
        }
        return files
    }

    func runFile(_ file: String, into summary: inout TestSummary, onFailure: (TestFailure) -> Void) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let records = try TestFileParser.parse(text, file: file)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wh-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = ManualClock(TestRunner.clockStart)
        let environment = WarehouseEnvironment.local(clock: clock)
        let warehouse = try Warehouse(path: directory + "/warehouse.db", environment: environment)
        var context = FileContext(file: file, testDirectory: directory, warehouse: warehouse, clock: clock)
        for record in records {
            if record.skipped { summary.skipped += 1; continue }
            if case .halt = record.kind { break }
            if let failure = context.run(record) {
                summary.failed += 1
                onFailure(failure)
            } else if record.counts {
                summary.passed += 1
            }
        }
    }
}

extension Record {
    /// Statements and queries count as tests; directives do not, unless they fail.
    var counts: Bool {
        switch kind {
        case .statement, .query: return true
        default: return false
        }
    }
}
