import Foundation
import Testing
import SQLLogicTest

/// Runs every .test file under sql/ through the same runner as `wh test`, so `swift test` covers
/// the SQL assertion suite too.
@Suite struct SQLDirectoryTests {
    static let sqlDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sql").path

    @Test func everySQLLogicTestFilePasses() throws {
        var failures: [String] = []
        let summary = try TestRunner().run(paths: [Self.sqlDirectory]) { failures.append($0.report) }
        #expect(summary.files > 0)
        #expect(failures == [])
        #expect(summary.failed == 0)
    }
}
