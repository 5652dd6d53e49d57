import Foundation
import SQLite
import Testing
import Warehouse

@Suite struct ExecuteTests {
    @Test func errorsAreLocatedInTheScript() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        let error = #expect(throws: StatementError.self) {
            try warehouse.run(script: "SELECT 1;\nSELECT *\n  FORM t;") { _, _ in }
        }
        #expect(error?.message == "syntax error line 3 at position 2 unexpected 'FORM'.")
        #expect(error?.location?.line == 3)
        #expect(error?.location?.column == 3)
        #expect(error?.sourceLine == "  FORM t")
    }

    /// Regression (crlf_script_was_one_line): the caret line was looked up by Character lines, and
    /// "\r\n" is one Character, so a CRLF statement had no line to show.
    @Test func errorsInACRLFScriptShowTheirLine() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        let error = #expect(throws: StatementError.self) {
            try warehouse.run(script: "SELECT 1;\r\nSELECT *\r\n  FORM t;") { _, _ in }
        }
        #expect(error?.location?.line == 3)
        #expect(error?.sourceLine == "  FORM t")
    }

    /// Regression (crlf_comment_hid_the_rest_of_a_procedure): a `--` comment in a procedure body
    /// ran to the next "\n" Character, and "\r\n" is not one.
    @Test func aCRLFProcedureBodyRunsEveryStatement() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        _ = try warehouse.execute("CREATE TABLE pt (a INT)")
        _ = try warehouse.execute("CREATE PROCEDURE p() RETURNS STRING LANGUAGE SQL AS $$\r\nBEGIN -- adds\r\n  INSERT INTO pt VALUES (1);\r\n  -- then\r\n  INSERT INTO pt VALUES (2);\r\n  RETURN 'done';\r\nEND;\r\n$$")
        #expect(try warehouse.execute("CALL p()").rows.first?.first?.textValue == "done")
        #expect(try warehouse.execute("SELECT count(*) FROM pt").rows.first?.first?.integerValue == 2)
    }

    @Test func missingTablesArePointedAt() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        let error = #expect(throws: StatementError.self) { try warehouse.execute("SELECT a FROM nope") }
        #expect(error?.message == "Object 'NOPE' does not exist or not authorized.")
        #expect(error?.location?.column == 15)
        #expect(error?.hint == "list tables with .tables (or SHOW TABLES); unquoted names are upper-cased")
    }

    @Test func namesDifferingOnlyInCaseAreRefusedNamingTheDeclaredOne() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        _ = try warehouse.execute("CREATE TABLE t (\"Mixed\" INT)")
        let table = #expect(throws: StatementError.self) { try warehouse.execute("DROP TABLE \"t\"") }
        #expect(table?.hint == "name it as it was created, T (unquoted names are upper-cased), or choose a name that differs in more than case")
        let column = #expect(throws: StatementError.self) { try warehouse.execute("SELECT mixed FROM t") }
        #expect(column?.hint == "write \"Mixed\" as it was declared (unquoted names are upper-cased)")
        #expect(table?.location?.column == 12)
        #expect(column?.location?.column == 8)
        #expect(SnowflakeErrorCode.of(table?.message ?? "").code == "002003")
        #expect(SnowflakeErrorCode.of(column?.message ?? "").code == "000904")
        #expect(try warehouse.execute("SELECT count(*) FROM t").rows == [[.integer(0)]])
    }

    @Test func repeatedNamesThroughASubqueryKeepSnowflakesHeaders() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        _ = try warehouse.execute("CREATE TABLE a (id INT, x INT)")
        _ = try warehouse.execute("CREATE TABLE b (id INT, \"x\" INT)")
        // SQLite names the second ID of the subquery "ID:1"; Snowflake keeps ID.
        let joined = try warehouse.execute("SELECT * FROM (SELECT * FROM a JOIN b ON a.id = b.id)")
        #expect(joined.columns.map(\.name) == ["ID", "X", "ID", "x"])
        let cte = try warehouse.execute("WITH j AS (SELECT * FROM a JOIN a AS a2 ON true) SELECT * FROM j")
        #expect(cte.columns.map(\.name) == ["ID", "X", "ID", "X"])
        // A USING join's shared column once, the others as often as the sources have them, in FROM order.
        let using = try warehouse.execute("SELECT * FROM (SELECT * FROM (SELECT 1 AS \"x\") s, a JOIN a AS a2 USING (id))")
        #expect(using.columns.map(\.name) == ["x", "ID", "X", "X"])
        // A name written with a colon is the user's own.
        let own = try warehouse.execute("SELECT 1 AS \"ID:1\", * FROM (SELECT 2 AS id)")
        #expect(own.columns.map(\.name) == ["ID:1", "ID"])
    }

    @Test func aFailingStatementInAScriptStopsTheRest() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        #expect(throws: StatementError.self) {
            try warehouse.run(script: "CREATE TABLE t(a INT); INSERT INTO nope VALUES (1); INSERT INTO t VALUES (1)") { _, _ in }
        }
        #expect(try warehouse.execute("SELECT count(*) FROM t").rows == [[.integer(0)]])
    }

    /// To the millisecond, the precision SQLite's 'now' (a DEFAULT CURRENT_TIMESTAMP) has.
    @Test func sysdateReadsTheInjectedClock() throws {
        let dir = try TempDirectory()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_742_225_754.597252))
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing(clock))
        #expect(try warehouse.execute("SELECT SYSDATE()").rows == [[.text("2025-03-17 15:35:54.597000")]])
        clock.advance(by: 86_400)
        #expect(try warehouse.execute("SELECT GETDATE()").rows == [[.text("2025-03-18 15:35:54.597000")]])
    }

    @Test func catalogTablesAreHidden() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        _ = try warehouse.execute("CREATE TABLE trucks(id INT); CREATE VIEW v AS SELECT 1")
        #expect(try warehouse.tableNames() == ["TRUCKS", "V"])
        #expect(try warehouse.tableNames(like: "tr%") == ["TRUCKS"])
        #expect(try warehouse.schemaStatements(table: "trucks") == ["CREATE TABLE TRUCKS (\n    ID NUMBER(38,0)\n);"])
    }
}

@Suite struct SchemaTests {
    @Test func wh_tablesAreShownInSnowflakeSQLWithQuotesOnlyWhereNeeded() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        _ = try warehouse.execute("""
            CREATE TABLE "Mixed Case" ("id" INT PRIMARY KEY, v STRING NOT NULL DEFAULT 'x' COMMENT 'it''s') COMMENT = 'demo'
            """)
        #expect(try warehouse.schemaStatements() == ["""
            CREATE TABLE "Mixed Case" (
                "id" NUMBER(38,0) NOT NULL,
                V VARCHAR(16777216) NOT NULL DEFAULT 'x' COMMENT 'it''s',
                PRIMARY KEY ("id")
            ) COMMENT = 'demo';
            """])
    }
}

@Suite struct CanonicalTimestampTests {
    @Test(arguments: [
        ("2025-03-17 15:35:54.597252", 1_742_225_754.597252),
        ("1970-01-01 00:00:00.000000", 0),
        ("1969-12-31 23:59:59.000000", -1),
        ("2000-02-29 12:00:00.000000", 951_825_600),
    ])
    func formatsAndParses(text: String, seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(CanonicalTimestamp.format(date) == text)
        #expect(CanonicalTimestamp.parse(text).map { abs($0.timeIntervalSince(date)) < 1e-6 } == true)
    }

    @Test func acceptsISOWithT() {
        #expect(CanonicalTimestamp.parse("2025-03-17T15:35:54Z") == Date(timeIntervalSince1970: 1_742_225_754))
        #expect(CanonicalTimestamp.parse("2025-03-17") == Date(timeIntervalSince1970: 1_742_169_600))
        #expect(CanonicalTimestamp.parse("2025-13-17") == nil)
        #expect(CanonicalTimestamp.parse("yesterday") == nil)
    }
}
