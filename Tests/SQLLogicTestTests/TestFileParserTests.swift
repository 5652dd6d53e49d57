import Testing
@testable import SQLLogicTest

@Suite struct TestFileParserTests {
    @Test func readsStatementsQueriesAndDirectives() throws {
        let text = """
            # name: example
            hash-threshold 8

            statement ok
            CREATE TABLE t(a)

            statement error
            INSERT INTO nope VALUES (1)
            ----
            no such table

            query IT rowsort label1
            SELECT a, b
            FROM t
            ----
            1\tx
            2
            y

            skipif wh
            query I
            SELECT 1

            onlyif wh
            clock set 2025-03-17 15:35:54

            clock advance 2 hours

            copy-fixture data/a.json

            halt
            """
        let records = try TestFileParser.parse(text, file: "x.test")
        #expect(records.map(\.kind) == [
            .hashThreshold(8),
            .statement(expectError: false, expectedMessage: nil, sql: "CREATE TABLE t(a)"),
            .statement(expectError: true, expectedMessage: "no such table", sql: "INSERT INTO nope VALUES (1)"),
            .query(types: "IT", sort: .rowsort, label: "label1", sql: "SELECT a, b\nFROM t", expected: ["1\tx", "2", "y"]),
            .query(types: "I", sort: .nosort, label: nil, sql: "SELECT 1", expected: []),
            .clockSet("2025-03-17 15:35:54"),
            .clockAdvance(seconds: 7200),
            .copyFixture(source: "data/a.json", destination: "a.json"),
            .halt,
        ])
        #expect(records.map(\.skipped) == [false, false, false, false, true, false, false, false, false])
        #expect(records.map(\.line) == [2, 4, 7, 12, 21, 25, 27, 29, 31])
    }

    @Test func modeSkipSkipsUntilUnskip() throws {
        let records = try TestFileParser.parse("mode skip\n\nstatement ok\nSELECT 1\n\nmode unskip\n\nstatement ok\nSELECT 2\n", file: "x.test")
        #expect(records.map(\.skipped) == [true, false])
    }

    /// Regression (crlf_file_was_one_line): split by Character, "\r\n" never matched "\n", so a file
    /// saved with Windows line endings was one line and failed with "statement has no SQL".
    @Test func crlfFileIsReadLineByLine() throws {
        let text = "statement ok\r\nCREATE TABLE t (a INT)\r\n\r\nquery I\r\nSELECT count(*) FROM t\r\n----\r\n5\r\n"
        let records = try TestFileParser.parse(text, file: "x.test")
        #expect(records.map(\.kind) == [
            .statement(expectError: false, expectedMessage: nil, sql: "CREATE TABLE t (a INT)"),
            .query(types: "I", sort: .nosort, label: nil, sql: "SELECT count(*) FROM t", expected: ["5"]),
        ])
        #expect(records.map(\.line) == [1, 4])
    }

    @Test(arguments: [
        ("statement maybe-not\nSELECT 1", "x.test:1: expected 'statement ok' or 'statement error'"),
        ("query\nSELECT 1", "x.test:1: query needs a type string, for example 'query IT'"),
        ("query I sideways\nSELECT 1", "x.test:1: unknown sort mode 'sideways' (use nosort, rowsort or valuesort)"),
        ("clock advance 3 fortnights", "x.test:1: unknown unit 'fortnights' (seconds, minutes, hours or days)"),
        // Regression (directive_swallowed_the_records_after_it): without a blank line the records
        // after a directive were dropped and the file passed without running them.
        ("clock set 2025-03-17 17:00:00\nrun setup.sql\nstatement ok\nSELECT 1", "x.test:2: 'clock' is a record of one line: put a blank line before 'run setup.sql'"),
        ("\n\nselect 1", "x.test:3: unknown record 'select 1' (expected statement, query, hash-threshold, halt, mode, clock, copy-fixture, touch, ingest, run or generate)"),
    ])
    func malformedRecordsNameTheirLine(text: String, message: String) {
        let error = #expect(throws: TestFileError.self) { try TestFileParser.parse(text, file: "x.test") }
        #expect(error?.description == message)
    }
}
