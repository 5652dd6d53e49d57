import Foundation
import SQLite
import Testing
@testable import Warehouse

@Suite struct MigrationTests {
    /// The repository's migrations/ folder, found from this file's path.
    static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("migrations").path

    @Test func embeddedCopyMatchesTheMigrationsFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsDirectory)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count == Migration.embedded.count, "run scripts/embed-sql")
        for (file, migration) in zip(files, Migration.embedded) {
            let text = try String(contentsOfFile: Self.migrationsDirectory + "/" + file, encoding: .utf8)
            let base = String(file.dropLast(4))
            #expect(Int(base.prefix(while: \.isNumber)) == migration.version, "run scripts/embed-sql")
            #expect(base.drop(while: { $0 != "_" }).dropFirst() == Substring(migration.name), "run scripts/embed-sql")
            #expect(text.hasSuffix("\n") ? String(text.dropLast()) == migration.sql : text == migration.sql,
                    "\(file) differs from its embedded copy: run scripts/embed-sql")
        }
    }

    @Test func versionsAreNumberedWithoutGaps() {
        #expect(Migration.embedded.map(\.version) == Array(1...Migration.embedded.count))
    }

    @Test func aNewWarehouseIsAtTheLatestSchemaInWALMode() throws {
        let dir = try TempDirectory()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_742_225_754))
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing(clock))
        #expect(warehouse.schemaVersion == Migration.latestVersion)
        #expect(try warehouse.execute("PRAGMA journal_mode").rows == [[.text("wal")]])
        #expect(try warehouse.execute("PRAGMA foreign_keys").rows == [[.integer(1)]])
        #expect(try warehouse.property("created_at") == "2025-03-17T15:35:54Z")
        #expect(try warehouse.execute("SELECT applied_at FROM _wh_migrations WHERE version = 1").rows == [[.text("2025-03-17T15:35:54Z")]])
    }

    @Test func reopeningAppliesNothingTwice() throws {
        let dir = try TempDirectory()
        _ = try Warehouse(path: dir.file("w.db"), environment: .testing())
        let again = try Warehouse(path: dir.file("w.db"), environment: .testing())
        #expect(try again.execute("SELECT count(*) FROM _wh_migrations").rows == [[.integer(Int64(Migration.latestVersion))]])
    }

    /// Migration 9: tables written by earlier builds, whose CHECKs and DEFAULTs called wh's own
    /// functions (in any of the three forms those builds wrote), get the plain-SQL rules a table
    /// created today has, and any SQLite connection can then write them and check the file.
    @Test func oldTypeChecksAndClockDefaultsBecomePlainSQL() throws {
        let dir = try TempDirectory()
        let path = dir.file("w.db")
        let clock = ManualClock(Date(timeIntervalSince1970: 1_742_225_754.597))
        do {
            // A warehouse as a build that knew migrations 1–8 left it.
            let raw = try Connection(path: path)
            try Migrator(connection: raw, migrations: Migration.embedded.filter { $0.version <= 8 }, clock: clock).migrate()
            // CREATE TABLE resolves the functions a CHECK or DEFAULT calls, as those builds' connections could.
            for name in ["wh_check_numeric", "wh_check_boolean"] { try raw.createFunction(name, argumentCount: 1) { _ in .integer(1) } }
            try raw.createFunction("SYSDATE", argumentCount: 0) { _ in .text("") }
            try raw.execute("""
                CREATE TABLE "OLD" (
                    "A" NUMBER(38,0) CHECK ("A" < '' OR wh_check_numeric("A")),
                    "B" FLOAT CHECK ((typeof("B") <> 'text' AND typeof("B") <> 'blob') OR wh_check_numeric("B")),
                    "C" BOOLEAN CHECK (wh_check_boolean("C")),
                    "D" NUMBER(38,0) CHECK (wh_check_numeric("D")),
                    "E" BOOLEAN CHECK ("E" < '' OR wh_check_boolean("E")),
                    "F" BOOLEAN CHECK ((typeof("F") <> 'text' AND typeof("F") <> 'blob') OR wh_check_boolean("F")),
                    "T" TIMESTAMP_NTZ(9) DEFAULT (SYSDATE())
                );
                PRAGMA ignore_check_constraints = ON;
                INSERT INTO "OLD" VALUES (1, 2.5, 1, 4, 0, NULL, '2025-01-01 00:00:00.000000');
                """)
        }
        let warehouse = try Warehouse(path: path, environment: .testing(clock))
        #expect(warehouse.schemaVersion == Migration.latestVersion)
        _ = try warehouse.execute("CREATE TABLE today (a NUMBER, b FLOAT, c BOOLEAN, d NUMBER, e BOOLEAN, f BOOLEAN, t TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP())")
        let schemas = try warehouse.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('OLD', 'TODAY') ORDER BY name").rows
        let old = schemas[0][1].textValue ?? "", today = schemas[1][1].textValue ?? ""
        #expect(!old.contains("wh_check") && !old.contains("SYSDATE"))
        // The same rules, word for word, as CREATE TABLE writes today.
        #expect(old.replacingOccurrences(of: "\"OLD\"", with: "\"TODAY\"") == today)

        let raw = try Connection(path: path)
        #expect(try raw.prepare("PRAGMA integrity_check").all() == [[.text("ok")]])
        try raw.execute("INSERT INTO \"OLD\"(\"A\") VALUES (7)")
        #expect(throws: SQLiteError.self) { try raw.execute("INSERT INTO \"OLD\"(\"B\") VALUES ('warm')") }
        let error = #expect(throws: StatementError.self) { try warehouse.execute("REPLACE INTO old(a) VALUES ('abc')") }
        #expect(error?.message == "Numeric value 'abc' is not recognized")
        #expect(try warehouse.execute("SELECT a, b, c, t IS NOT NULL FROM old ORDER BY a").rows
                == [[.integer(1), .real(2.5), .integer(1), .integer(1)], [.integer(7), .null, .null, .integer(1)]])
    }

    @Test func aNewerSchemaIsRefused() throws {
        let dir = try TempDirectory()
        let path = dir.file("w.db")
        let warehouse = try Warehouse(path: path, environment: .testing())
        _ = try warehouse.execute("INSERT INTO _wh_migrations VALUES (999, 'future', 'x')")
        let error = #expect(throws: OpenError.self) { try Warehouse(path: path, environment: .testing()) }
        #expect(error?.message == "warehouse '\(path)' has catalog schema 999, newer than the \(Migration.latestVersion) this wh knows")
        #expect(error?.hint == "use a newer wh (`wh version` shows this one's schema)")
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
        let dir = try TempDirectory()
        let path = dir.file("notes.txt")
        let content = Data(String(repeating: "not a database\n", count: 100).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: OpenError.self) { try Warehouse(path: path, environment: .testing()) }
        #expect(error?.message == "cannot open warehouse '\(path)': the file is not an SQLite database")
        #expect(FileManager.default.contents(atPath: path) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aDirectoryIsRefused() throws {
        let dir = try TempDirectory()
        let error = #expect(throws: OpenError.self) { try Warehouse(path: dir.path, environment: .testing()) }
        #expect(error == .isDirectory(path: dir.path))
        #expect(error?.hint == "pass a file path with --db, for example --db ./warehouse.db")
    }

    @Test func aMissingDirectoryIsNamed() throws {
        let dir = try TempDirectory()
        let path = dir.file("nope/w.db")
        let error = #expect(throws: OpenError.self) { try Warehouse(path: path, environment: .testing()) }
        #expect(error == .missingDirectory(path: path, directory: dir.file("nope")))
    }

    @Test func aReadOnlyFileOpensReadOnlyAndSaysSoOnWrite() throws {
        let dir = try TempDirectory()
        let path = dir.file("w.db")
        do {
            let warehouse = try Warehouse(path: path, environment: .testing())
            _ = try warehouse.execute("CREATE TABLE t(a INT); INSERT INTO t VALUES (1)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        guard !FileManager.default.isWritableFile(atPath: path) else { return } // root ignores modes
        let warehouse = try Warehouse(path: path, environment: .testing())
        #expect(warehouse.isReadOnly)
        #expect(try warehouse.execute("SELECT a FROM t").rows == [[.integer(1)]])
        let error = #expect(throws: StatementError.self) { try warehouse.execute("INSERT INTO t VALUES (2)") }
        #expect(error?.message == "cannot write to warehouse '\(path)': it was opened read-only because the file is not writable")
    }

    @Test func aFailedMigrationLeavesThePreviousSchema() throws {
        let db = try Connection(path: ":memory:")
        let broken = Migration.embedded + [Migration(version: 99, name: "broken", sql: "CREATE TABLE _wh_x(a); SELEC 1")]
        let migrator = Migrator(connection: db, migrations: broken, clock: ManualClock())
        let error = #expect(throws: OpenError.self) { try migrator.migrate() }
        #expect(error?.message == "catalog migration 99 (broken) failed: near \"SELEC\": syntax error")
        #expect(try migrator.currentVersion() == Migration.latestVersion)
        #expect(try db.prepare("SELECT count(*) FROM sqlite_master WHERE name = '_wh_x'").all() == [[.integer(0)]])
    }
}
