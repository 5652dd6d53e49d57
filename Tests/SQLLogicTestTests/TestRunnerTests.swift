import Foundation
import Testing
@testable import SQLLogicTest

@Suite struct TestRunnerTests {
    func run(_ text: String, fixtures: [String: String] = [:]) throws -> (TestSummary, [TestFailure]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wh-runner-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, content) in fixtures { try content.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        try text.write(toFile: dir + "/t.test", atomically: true, encoding: .utf8)
        var failures: [TestFailure] = []
        let summary = try TestRunner().run(paths: [dir]) { failures.append($0) }
        return (summary, failures)
    }

    @Test func aPassingFileCountsItsRecords() throws {
        let (summary, failures) = try run("""
            statement ok
            CREATE TABLE t(a INTEGER, b TEXT, c REAL)

            statement ok
            INSERT INTO t VALUES (2, 'y', 0.5), (1, '', NULL)

            query ITR rowsort
            SELECT a, b, c FROM t
            ----
            1\t(empty)\tNULL
            2\ty\t0.500

            query I valuesort
            SELECT a FROM t
            ----
            1
            2

            statement error
            SELECT * FROM nope
            ----
            Object 'NOPE' does not exist or not authorized.
            """)
        #expect(failures.map(\.report) == [])
        #expect(summary == TestSummary(passed: 5, failed: 0, skipped: 0, files: 1))
    }

    @Test func aWrongResultIsReportedWithFileLineExpectedAndActual() throws {
        let (summary, failures) = try run("""
            query I
            SELECT 41
            ----
            42
            """)
        #expect(summary.failed == 1)
        #expect(failures.first?.report.hasSuffix("/t.test:1: query returned a different result\n    SELECT 41\n  expected:\n    42\n  actual:\n    41\n") == true)
    }

    @Test func anUnexpectedSuccessOrAnotherErrorFails() throws {
        let (summary, failures) = try run("""
            statement error
            SELECT 1

            statement error
            SELECT * FROM nope
            ----
            syntax error
            """)
        #expect(summary.failed == 2)
        #expect(failures.map(\.message) == ["statement succeeded but an error was expected", "statement failed with another error"])
    }

    @Test func hashThresholdAndHashedResults() throws {
        let (summary, failures) = try run("""
            query I nosort
            SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
            ----
            3 values hashing to 8fe15f6a8a6fad6e4f09eb5ba8a1f8f8
            """)
        // md5("1\\n2\\n3\\n") is c0710d6b4f15dfa88f600b0e6b624077: the wrong hash above must fail.
        #expect(summary.failed == 1)
        #expect(failures.first?.actual == ["3 values hashing to c0710d6b4f15dfa88f600b0e6b624077"])
        let (ok, _) = try run("query I nosort\nSELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3\n----\n3 values hashing to c0710d6b4f15dfa88f600b0e6b624077\n")
        #expect(ok.passed == 1)
    }

    @Test func labelsMustAgree() throws {
        let (summary, _) = try run("query I nosort same\nSELECT 1\n\nquery I nosort same\nSELECT 2\n")
        #expect(summary.failed == 1)
        #expect(summary.passed == 1)
    }

    @Test func clockDirectivesDriveSYSDATE() throws {
        let (summary, failures) = try run("""
            query T
            SELECT SYSDATE()
            ----
            2025-01-01 00:00:00.000000

            clock set 2025-03-17 15:35:54.5

            clock advance 90 minutes

            query T
            SELECT SYSDATE()
            ----
            2025-03-17 17:05:54.500000
            """)
        #expect(failures.map(\.report) == [])
        #expect(summary.passed == 2)
    }

    @Test func testDirAndFixturesLetFilesReachTheirTempDirectory() throws {
        let (summary, failures) = try run("""
            copy-fixture fixture.sql copied.sql

            statement ok
            ATTACH '{TEST_DIR}/other.db' AS other

            statement ok
            CREATE TABLE other.t(a INT)

            query I
            SELECT count(*) FROM other.sqlite_master
            ----
            1
            """, fixtures: ["fixture.sql": "SELECT 1;\n"])
        #expect(failures.map(\.report) == [])
        #expect(summary.passed == 3)
    }

    @Test func aMissingFixtureFailsWithItsPath() throws {
        let (summary, failures) = try run("copy-fixture nope.json\n")
        #expect(summary.failed == 1)
        #expect(failures.first?.message.hasPrefix("copy-fixture: cannot copy '") == true)
    }

    @Test func haltStopsTheFile() throws {
        let (summary, _) = try run("statement ok\nSELECT 1\n\nhalt\n\nstatement ok\nSELEC 1\n")
        #expect(summary == TestSummary(passed: 1, failed: 0, skipped: 0, files: 1))
    }

    @Test func eachFileGetsAFreshWarehouse() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wh-runner-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/group", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = "statement ok\nCREATE TABLE t(a INT)\n"
        try file.write(toFile: dir + "/group/a.test", atomically: true, encoding: .utf8)
        try file.write(toFile: dir + "/group/b.test", atomically: true, encoding: .utf8)
        try "not a test".write(toFile: dir + "/group/notes.txt", atomically: true, encoding: .utf8)
        var names: [String] = []
        let summary = try TestRunner().run(paths: [dir], onFile: { names.append($0) }) { _ in }
        #expect(summary == TestSummary(passed: 2, failed: 0, skipped: 0, files: 2))
        #expect(names == [dir + "/group/a.test", dir + "/group/b.test"])
    }
}
