import Foundation
import Testing
import Warehouse
import WarehouseSystem
@testable import WhCLI

/// End-to-end checks of the `wh` binary: exact output, errors and exit codes.
@Suite struct CLITests {
    let dir: TempDir

    init() throws { dir = try TempDir() }

    func wh(_ arguments: String..., stdin: String = "") throws -> WhBinary.Output {
        try WhBinary.run(arguments, stdin: stdin, in: dir.path)
    }

    @Test func versionNamesWhSQLiteAndSchema() throws {
        let out = try wh("version")
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "wh 0.1.0")
        #expect(lines[1].hasPrefix("SQLite 3."))
        #expect(lines[2].hasPrefix("catalog schema "))
    }

    @Test(arguments: [
        ([], ["sql", "test", "init", "version", "--db"]),
        (["sql"], ["--command", "--file", "--format", "--headers", "--timer", "--continue", "--translate", "--db"]),
        (["test"], ["<path>", "--verbose", "passed"]),
        (["init"], ["--db"]),
        (["version"], ["catalog schema"]),
    ])
    func everyCommandHasHelp(command: [String], mentions: [String]) throws {
        let out = try WhBinary.run(command + ["--help"], in: dir.path)
        #expect(out.status == 0)
        for word in mentions { #expect(out.stdout.contains(word), "\(command) --help should mention \(word)") }
    }

    @Test func whTestOutsideTheRepositorySaysWhereItLookedAndHowToNameTests() throws {
        let out = try wh("test")
        #expect(out.status == 1)
        #expect(out.stderr == """
            Error: no sql directory in \(dir.path) to look for .test files in
            Hint: name the files or folders to run, like wh test my_tests/ (or run it from wh's repository, whose sql/ holds its suite)

            """)
    }

    /// Regression (tour_loaded_nothing_from_another_directory): the tour's stage URL was relative to
    /// the warehouse file, so run with --db elsewhere it silently loaded nothing; and `data/*.json`
    /// after PUT began a /* comment.
    @Test func theTourRunsFromTheRepositoryAndSaysWhereItLookedFromElsewhere() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let tour = try WhBinary.run(["--db", dir.path + "/demo.db", "sql", "-f", "sql/examples/tour.sql"], in: repository)
        #expect(tour.status == 0, "\(tour.stderr)")
        #expect(tour.stdout.contains("landing/nested-3.ndjson|LOADED|3|3|1|0|NULL|NULL|NULL|NULL"))
        #expect(tour.stdout.contains("Copy executed with 0 files processed."))   // the second COPY: nothing twice
        let elsewhere = try wh("--db", "demo2.db", "sql", "-f", repository + "/sql/examples/tour.sql")
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("File 'file://sql/examples/data/*.*json' does not exist or not authorized."))
        #expect(elsewhere.stderr.contains("Hint: wh looked for '\(dir.path)/sql/examples/data/*.*json' (a relative path is relative to the directory wh runs in)"))
    }

    /// Regression (misspelt_column_gave_sqlites_message): `no such column: NOSUCH` is now Snowflake's
    /// `invalid identifier`, with the nearest column of the tables the statement names.
    @Test func invalidIdentifierSuggestsTheNearestColumn() throws {
        _ = try wh("--db", "w.db", "sql", "-c", "CREATE TABLE trucks (truck_id STRING, fuel_level FLOAT)")
        let typo = try wh("--db", "w.db", "sql", "-c", "SELECT fuel_levle FROM trucks")
        #expect(typo.status == 1)
        #expect(typo.stderr == """
            Error at line 1, column 8: invalid identifier 'FUEL_LEVLE'
            SELECT fuel_levle FROM trucks
                   ^
            Hint: did you mean FUEL_LEVEL? (unquoted names are upper-cased)

            """)
        let far = try wh("--db", "w.db", "sql", "-c", "SELECT t.nosuch FROM trucks t")
        #expect(far.stderr.hasPrefix("Error at line 1, column 10: invalid identifier 'T.NOSUCH'\n"))
        #expect(far.stderr.hasSuffix("Hint: DESC TABLE lists the columns; unquoted names are upper-cased\n"))
    }

    @Test func initCreatesThenReports() throws {
        let first = try wh("init", "--db", "w.db")
        #expect(first.stdout.hasPrefix("Created warehouse w.db ready (catalog schema "))
        let second = try wh("--db", "w.db", "init")
        #expect(second.stdout.hasPrefix("Warehouse w.db is ready (catalog schema "))
        #expect(second.status == 0)
    }

    @Test func initSeedAppliesTheBuiltInSeedFromAnyDirectory() throws {
        let out = try wh("--db", "fleet.db", "init", "--seed")
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Applied sql/seed/060_views.sql: 6 statements."))
        let views = try wh("--db", "fleet.db", "sql", "-c", "SELECT count(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'VIEW'")
        #expect(views.stdout == "7\n", "\(views.stderr)")
        let both = try wh("--db", "fleet.db", "init", "--seed", "--project", "sql/seed")
        #expect(both.status == 64)
    }

    @Test func theBuiltInSeedIsSqlSeedAsItIs() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let names = try FileManager.default.contentsOfDirectory(atPath: repository + "/sql/seed").filter { $0.hasSuffix(".sql") }.sorted()
        #expect(names == EmbeddedSeed.files.map(\.name), "run scripts/embed-sql")
        for (name, text) in EmbeddedSeed.files {
            let file = try String(contentsOfFile: repository + "/sql/seed/" + name, encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == text.trimmingCharacters(in: .newlines), "\(name) differs from its built-in copy: run scripts/embed-sql")
        }
    }

    @Test func initAppliesAProjectAndAgainChangesNothing() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let first = try wh("--db", "fleet.db", "init", "--project", repository + "/sql/seed")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Applied \(repository)/sql/seed/060_views.sql: 6 statements."))
        _ = try wh("--db", "fleet.db", "sql", "-c", "INSERT INTO RAW_TELEMETRY (TRUCK_ID, READING_TIME) VALUES ('TRK001', '2025-03-17 10:00:00')")
        let second = try wh("--db", "fleet.db", "init", "--project", repository + "/sql/seed")
        #expect(second.status == 0, "\(second.stderr)")
        // The tables, their rows and the stream's pending change are still there.
        let state = try wh("--db", "fleet.db", "sql", "-c", """
            SELECT count(*) FROM RAW_TELEMETRY; SELECT SYSTEM$STREAM_HAS_DATA('RAW_TELEMETRY_STREAM');
            SELECT count(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'VIEW'
            """)
        #expect(state.stdout == "1\nTRUE\n7\n", "\(state.stderr)")
        let missing = try wh("--db", "fleet.db", "init", "--project", "nowhere")
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error: no .sql files in nowhere\nHint: give the folder that holds the .sql files, like --project sql/seed, or use --seed\n")
    }

    @Test func defaultDatabaseComesFromWH_DBOrTheWorkingDirectory() throws {
        _ = try wh("sql", "-c", "CREATE TABLE here(a INT)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/warehouse.db"))
        let out = try WhBinary.run(["sql", "-c", "CREATE TABLE there(a INT)"], in: dir.path, environment: ["WH_DB": "env.db"])
        #expect(out.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/env.db"))
    }

    @Test func pipedOutputDefaultsToListWithoutHeaders() throws {
        let out = try wh("sql", "-c", "SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, NULL")
        #expect(out.stdout == "1|x\n2|NULL\n")
        #expect(out.stderr == "")
        #expect(out.status == 0)
    }

    @Test(arguments: [
        ("csv", "A,B\n1,x\n2,\n"),
        ("json", "[{\"A\":1,\"B\":\"x\"},\n{\"A\":2,\"B\":null}]\n"),
        ("jsonl", "{\"A\":1,\"B\":\"x\"}\n{\"A\":2,\"B\":null}\n"),
        ("markdown", "| A | B |\n|---|---|\n| 1 | x |\n| 2 | NULL |\n"),
        ("line", "A = 1\nB = x\n\nA = 2\nB = NULL\n"),
        ("list", "1|x\n2|NULL\n"),
        ("table", "+---+------+\n| A | B    |\n+---+------+\n| 1 | x    |\n| 2 | NULL |\n+---+------+\n"),
        ("box", "┌───┬──────┐\n│ A │ B    │\n├───┼──────┤\n│ 1 │ x    │\n│ 2 │ NULL │\n└───┴──────┘\n"),
        ("output_format=csv", "A,B\n1,x\n2,\n"),
    ])
    func everyOutputMode(mode: String, expected: String) throws {
        let out = try wh("sql", "-o", mode, "-c", "SELECT 1 AS A, 'x' AS B UNION ALL SELECT 2, NULL")
        #expect(out.stdout == expected)
        #expect(out.status == 0)
    }

    /// Regression (csv_output_left_a_crlf_value_bare): the CSV mode looked for line breaks and quotes
    /// by Character; "\r\n" is neither "\r" nor "\n", and `"` + a combining mark is not `"`, so such
    /// values were written unquoted and the CSV had an extra record. Tables showed the raw "\r\n".
    @Test func lineBreaksAndQuotesAreFoundByScalar() throws {
        let sql = "SELECT 'a' || CHAR(13) || CHAR(10) || 'b' AS X, 'q\"' || CHAR(769) AS Y, 'p|' || CHAR(769) AS Z"
        #expect(try wh("sql", "-o", "csv", "-c", sql).stdout == "X,Y,Z\n\"a\r\nb\",\"q\"\"\u{301}\",p|\u{301}\n")
        #expect(try wh("sql", "-o", "table", "-c", sql).stdout.contains("| a\\r\\nb | q\"\u{301} | p|\u{301} |"))
        #expect(try wh("sql", "-o", "markdown", "-c", sql).stdout.hasSuffix("| a\\r\\nb | q\"\u{301} | p\\|\u{301} |\n"))
    }

    @Test func aSyntaxErrorShowsLineColumnAndCaretAndExits1() throws {
        try "CREATE TABLE t(a INT);\nINSERT INTO t VALUES (1);\nSELECT *\n  FORM t;\nINSERT INTO t VALUES (2);\n"
            .write(toFile: dir.path + "/s.sql", atomically: true, encoding: .utf8)
        let out = try wh("sql", "--db", "w.db", "-f", "s.sql")
        #expect(out.status == 1)
        #expect(out.stderr == """
            Error at s.sql line 4, column 3: syntax error line 4 at position 2 unexpected 'FORM'.
              FORM t
              ^
            Hint: check the SQL near the marked position; a statement ends here or with ;

            """)
        #expect(try wh("sql", "--db", "w.db", "-c", "SELECT count(*) FROM t").stdout == "1\n")
    }

    /// Regression (crlf_script_was_one_line): a script saved with Windows line endings was split by
    /// Character, where "\r\n" never equals "\n": its dot-commands were SQL syntax errors and an
    /// error's caret line was missing.
    @Test func aCRLFScriptRunsLineByLine() throws {
        try "SELECT 1 AS a;\r\n.mode csv\r\nSELECT 2 AS b;\r\nSELECT 3\r\n  + nope(1);\r\n"
            .write(toFile: dir.path + "/crlf.sql", atomically: true, encoding: .utf8)
        let out = try wh("sql", "--db", "w.db", "-f", "crlf.sql")
        #expect(out.stdout == "1\nB\n2\n")
        #expect(out.stderr.hasPrefix("""
            Error at crlf.sql line 5, column 5: SQL compilation error: Unknown function NOPE
              + nope(1)
                ^

            """))
        #expect(out.status == 1)
    }

    /// Regression (crlf_password_file_kept_its_line_ending): the first line of a CRLF password file
    /// ended in "\r\n", one Character, so the password silently included the line ending.
    @Test func aCRLFPasswordFileGivesThePasswordWithoutItsLineEnding() throws {
        try "s3cret\r\nignored\r\n".write(toFile: dir.path + "/password", atomically: true, encoding: .utf8)
        #expect(try wh("user", "create", "ANNA", "--db", "w.db", "--password-file", "password").status == 0)
        let warehouse = try Warehouse(path: dir.path + "/w.db", environment: .system)
        #expect(try warehouse.checkUser("ANNA", password: "s3cret"))
        #expect(try !warehouse.checkUser("ANNA", password: "s3cret\r\n"))
    }

    @Test func continueRunsPastFailuresButStillExits1() throws {
        let out = try wh("sql", "--db", "w.db", "--continue", stdin: "SELECT * FROM nope;\nSELECT 42;\n")
        #expect(out.stdout == "42\n")
        #expect(out.stderr.hasPrefix("Error at line 1, column 15: Object 'NOPE' does not exist or not authorized.\n"))
        #expect(out.status == 1)
    }

    @Test func anUnterminatedStringIsAnErrorNotAHang() throws {
        let out = try wh("sql", "-c", "SELECT 1;\nSELECT 'abc")
        #expect(out.stdout == "1\n")
        #expect(out.stderr == """
            Error at line 2, column 8: unterminated string literal
            SELECT 'abc
                   ^
            Hint: close the string with ' (write '' or \\' for a quote inside it)

            """)
        #expect(out.status == 1)
        let dollar = try wh("sql", "-c", "CREATE PROCEDURE p() AS $$ BEGIN")
        #expect(dollar.stderr.hasPrefix("Error at line 1, column 25: unterminated $$ block\n"))
        #expect(dollar.status == 1)
    }

    @Test func metaCommandsFromBothFamilies() throws {
        try "CREATE TABLE sourced(a INT);\n".write(toFile: dir.path + "/more.sql", atomically: true, encoding: .utf8)
        let script = """
            CREATE TABLE trucks(id INTEGER, name TEXT);
            INSERT INTO trucks VALUES (1, 'a');
            .tables
            .schema trucks
            .mode csv
            .headers off
            SELECT * FROM trucks;
            .mode
            !source more.sql
            .read more.sql
            .output out.csv
            SELECT id FROM trucks;
            .output
            .tables
            !exit
            SELECT 'never';
            """
        let out = try wh("sql", "--continue", stdin: script)
        #expect(out.stdout == """
            Table TRUCKS successfully created.
            1
            TRUCKS
            CREATE TABLE TRUCKS (
                ID NUMBER(38,0),
                NAME VARCHAR(16777216)
            );
            1,a
            current output mode: csv
            Table SOURCED successfully created.
            SOURCED
            TRUCKS

            """)
        #expect(out.stderr.hasPrefix("Error in the statement at more.sql line 1: Object 'SOURCED' already exists.\n"))
        #expect(try String(contentsOfFile: dir.path + "/out.csv", encoding: .utf8) == "1\n")
    }

    @Test func anUnknownMetaCommandListsTheValidOnes() throws {
        let out = try wh("sql", "-c", ".frobnicate")
        #expect(out.status == 1)
        #expect(out.stderr == "Error: unknown command '.frobnicate'\nHint: valid commands: .tables .schema .mode .headers .timer .read !source !load .output .help !help .quit .exit !exit !quit (.help explains them)\n")
    }

    @Test func timerPrintsTheSnowSQLFooter() throws {
        let out = try wh("sql", "--timer", "-c", "SELECT 1 UNION ALL SELECT 2")
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2].wholeMatch(of: /2 Row\(s\) produced\. Time Elapsed: \d+\.\d{3}s/) != nil)
    }

    @Test func translatePrintsTheSQLiteSQLWithoutRunning() throws {
        let out = try wh("sql", "--translate", "-c", "SELECT IFF(a > 1, 'x', 'y') FROM t; CREATE TABLE t (a INT)")
        #expect(out.stdout == """
            SELECT (CASE WHEN ("A" > 1) THEN 'x' ELSE 'y' END) AS "IFF(A > 1, 'X', 'Y')" FROM "T";
            CREATE TABLE "T" (
                "A" NUMBER(38,0) CONSTRAINT "A must be a number" CHECK ("A" < '')
            );

            """)
        #expect(out.status == 0)
        #expect(try wh("sql", "-c", "SHOW TABLES").stdout == "")
    }

    @Test func jsonOutputEmbedsVariantsAndBooleans() throws {
        let out = try wh("sql", "-o", "json", "-c", "SELECT PARSE_JSON('{\"a\":[1,2]}') AS v, 2 > 1 AS b, 'x' AS s")
        #expect(out.stdout == "[{\"V\":{\"a\":[1,2]},\"B\":true,\"S\":\"x\"}]\n")
    }

    @Test func usageErrorsExit64() throws {
        let out = try wh("sql", "-o", "fancy", "-c", "SELECT 1")
        #expect(out.status == 64)
        #expect(out.stderr.hasPrefix("Error: Unknown output mode 'fancy'. Use one of box|table|csv|json|jsonl|markdown|line|list."))
        #expect(try wh("sql", "-c", "SELECT 1", "-f", "x.sql").status == 64)
        #expect(try wh("frobnicate").status == 64)
    }

    @Test func aDirectoryOrANonDatabaseFileIsRefusedUntouched() throws {
        let out = try wh("sql", "--db", ".", "-c", "SELECT 1")
        #expect(out.status == 1)
        #expect(out.stderr == "Error: cannot open warehouse '.': it is a directory, not a database file\nHint: pass a file path with --db, for example --db ./warehouse.db\n")
        try "hello".write(toFile: dir.path + "/notes.txt", atomically: true, encoding: .utf8)
        let notes = try wh("sql", "--db", "notes.txt", "-c", "SELECT 1")
        #expect(notes.status == 1)
        #expect(notes.stderr == "Error: cannot open warehouse 'notes.txt': the file is not an SQLite database\nHint: check the --db path; wh leaves the file untouched\n")
        #expect(try String(contentsOfFile: dir.path + "/notes.txt", encoding: .utf8) == "hello")
    }

    @Test func aFailedStatementAppliesNothingPartially() throws {
        _ = try wh("sql", "--db", "w.db", "-c", "CREATE TABLE t(a INTEGER PRIMARY KEY)")
        let out = try wh("sql", "--db", "w.db", "-c", "INSERT INTO t VALUES (1), (2), (1)")
        #expect(out.status == 1)
        #expect(out.stderr.contains("UNIQUE constraint failed: T.A"))
        #expect(try wh("sql", "--db", "w.db", "-c", "SELECT count(*) FROM t").stdout == "0\n")
    }
}

/// A fresh temp directory for one test, removed afterwards.
final class TempDir {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("wh-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
