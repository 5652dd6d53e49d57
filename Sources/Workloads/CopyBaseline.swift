import Foundation
import SQLite
import Warehouse

/// `wh bench copy`'s ceiling: SQLite's own insert loop. One prepared INSERT in one transaction binds
/// values built beforehand (cycling through `rows`) into a plain table with the same columns and no
/// constraints, with the pragmas wh uses (WAL, synchronous=NORMAL): no parsing, no conversion, no
/// CHECK, no DEFAULT — what no loader of the same rows can beat.
public enum RawInsertBaseline {
    /// Seconds to insert `count` rows into a new `table` of `columns` (name, SQLite type) in the file at `path`.
    public static func seconds(path: String, table: String, columns: [(name: String, type: String)], rows: [[SQLValue]],
                               count: Int) throws -> Double {
        let connection = try Connection(path: path)
        try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try connection.execute("CREATE TABLE \(table) (" + columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")")
        let values = rows.map { $0.map(\.sqlite) }
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let insert = try connection.prepare("INSERT INTO \(table) VALUES (\(marks))")
        let clock = ContinuousClock()
        let start = clock.now
        try connection.execute("BEGIN")
        for i in 0..<count {
            for (p, value) in values[i % values.count].enumerated() { try insert.bind(value, at: p + 1) }
            try insert.step()
            insert.reset()
        }
        try connection.execute("COMMIT")
        return Workloads.seconds(clock.now - start)
    }
}

/// The peer: the sqlite3 shell loading the same NDJSON file, as a user of it would — `.import` of the
/// lines into a one-column table, then one INSERT … SELECT with json_extract for each column.
public enum SQLiteShellBaseline {
    /// The sqlite3 shell on PATH, if there is one.
    public static var shell: String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { String($0) + "/sqlite3" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Seconds the shell takes to load `file` into a new `table` at `path`; `columns` gives each
    /// column's name, SQLite type and SQL over `line` (the record's text). Fails when the shell fails
    /// or loads another number of rows than `expected`.
    public static func seconds(shell: String, path: String, file: String, table: String,
                               columns: [(name: String, type: String, value: String)], expected: Int) throws -> Double {
        let script = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE raw (line TEXT);
            CREATE TABLE \(table) (\(columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")));
            .mode ascii
            .separator "\\037" "\\n"
            .import '\(file)' raw
            BEGIN;
            INSERT INTO \(table) SELECT \(columns.map(\.value).joined(separator: ", ")) FROM raw;
            COMMIT;
            .mode list
            SELECT count(*) FROM \(table);
            """
        return try run(shell: shell, path: path, script: script, expected: expected)
    }

    /// Seconds the shell takes to load the CSV `file` (the first columns of `table`, in order):
    /// `.import --csv` into a table of those columns, then one INSERT … SELECT adding `extra` (the
    /// values of the remaining columns, as SQL).
    public static func csvSeconds(shell: String, path: String, file: String, table: String, columns: [(name: String, type: String)],
                                  fields: Int, extra: [String], expected: Int) throws -> Double {
        let script = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE raw (\(columns.prefix(fields).map { "\($0.name) \($0.type)" }.joined(separator: ", ")));
            CREATE TABLE \(table) (\(columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")));
            .import --csv '\(file)' raw
            BEGIN;
            INSERT INTO \(table) SELECT *, \(extra.joined(separator: ", ")) FROM raw;
            COMMIT;
            .mode list
            SELECT count(*) FROM \(table);
            """
        return try run(shell: shell, path: path, script: script, expected: expected)
    }

    private static func run(shell: String, path: String, script: String, expected: Int) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = [path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let elapsed = Workloads.seconds(clock.now - start)
        let counted = text.split(whereSeparator: \.isNewline).last.map { $0.trimmingCharacters(in: .whitespaces) }
        guard process.terminationStatus == 0, counted == String(expected) else {
            throw BaselineError(message: "the sqlite3 shell's load did not give \(expected) rows: \(text.suffix(500))")
        }
        return elapsed
    }
}
