import Foundation
import Testing

/// DESIGN §2: the warehouse's definitions in sql/seed also run on Snowflake. Every statement not
/// marked `-- wh:extension` must parse with sqlglot's Snowflake dialect (installed by scripts/setup).
@Suite struct SnowflakeDialectTests {
    @Test func theSeedWarehouseParsesAsSnowflakeSQL() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let python = repository + "/.build/sqlglot/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "sqlglot is not installed: run scripts/setup")
        let run = try WhBinary.run([repository + "/scripts/check-snowflake-sql"], in: repository, executable: python)
        let text = run.stdout + run.stderr
        #expect(run.status == 0, "\(text)")
        #expect(text.contains(" 0 failed"), "\(text)")
    }

    @Test func theCheckFailsOnWhatSnowflakeCannotParse() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let python = repository + "/.build/sqlglot/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "sqlglot is not installed: run scripts/setup")
        let dir = try TempDir()
        let file = dir.path + "/bad.sql"
        try "CREATE TABLE t (a INT);\n-- wh:extension\nCREATE INDEX i ON t (a);\nSELECT a FROM t WHERE (;\n".write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repository + "/scripts/check-snowflake-sql", file]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text.contains("bad.sql:4: does not parse as Snowflake SQL"), "\(text)")
        #expect(text.hasSuffix("1 statements parse as Snowflake SQL, 0 kept as commands, 1 wh extensions skipped, 1 failed\n"), "\(text)")
    }
}
