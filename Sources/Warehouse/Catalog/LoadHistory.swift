import Foundation
import SQLite

/// What the history knows about a file's last load into a table.
struct PreviousLoad {
    var status: LoadStatus
    var size: Int64
    var modified: String
    var hash: String
}

/// One file's outcome in a load, as the history, COPY's result and COPY_HISTORY show it.
struct FileLoadOutcome {
    var file: LoadFile
    var stageLocation: String
    var status: LoadStatus
    var rowsParsed: Int
    var rowsLoaded: Int
    var errorLimit: Int
    var errorsSeen: Int
    var firstError: RecordError?
    var size: Int64
    var hash: String
}

extension Warehouse {
    /// The latest load of `path` into `table`, if any.
    func previousLoad(table: String, path: String) throws -> PreviousLoad? {
        let statement = try connection.prepare("""
            SELECT status, file_size, file_modified, content_hash FROM _wh_load_history
            WHERE table_name = ? AND file_path = ? ORDER BY id DESC LIMIT 1
            """)
        try statement.bind([.text(table), .text(path)])
        guard let row = try statement.all().first else { return nil }
        return PreviousLoad(status: LoadStatus(rawValue: row[0].textValue ?? "") ?? .loadFailed, size: row[1].integerValue ?? -1, modified: row[2].textValue ?? "",
                            hash: row[3].textValue ?? "")
    }

    /// A number for the next COPY (its job id for VALIDATE), never reused.
    func nextCopyID() throws -> Int64 {
        let id = (try property("last_copy_id").flatMap { Int64($0) } ?? 0) + 1
        try setProperty("last_copy_id", String(id))
        return id
    }

    func recordLoad(_ outcome: FileLoadOutcome, copyID: Int64, table: String, pipe: String? = nil) throws {
        let error = outcome.firstError
        try catalog("""
            INSERT INTO _wh_load_history(copy_id, table_name, file_path, file_name, stage_location, file_size, file_modified,
                content_hash, status, row_parsed, row_count, error_count, error_limit, first_error, first_error_line,
                first_error_character, first_error_column, last_load_time, pipe_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(copyID), .text(table), .text(outcome.file.path), .text(outcome.file.displayName), .text(outcome.stageLocation),
                  .integer(outcome.size), .text(CanonicalTimestamp.format(outcome.file.modified)), .text(outcome.hash), .text(outcome.status.rawValue),
                  .integer(Int64(outcome.rowsParsed)), .integer(Int64(outcome.rowsLoaded)), .integer(Int64(outcome.errorsSeen)),
                  .integer(Int64(outcome.errorLimit)), error.map { .text($0.message) } ?? .null,
                  error.map { .integer(Int64($0.line)) } ?? .null, error.map { .integer(Int64($0.character)) } ?? .null,
                  error?.columnName.map { .text($0) } ?? .null, .text(CanonicalTimestamp.format(environment.clock.now())),
                  pipe.map { .text($0) } ?? .null])
    }

    /// Keeps a rejected record with its place and reason.
    func recordReject(_ error: RecordError, raw: String, file: String, copyID: Int64, table: String) throws {
        try catalog("""
            INSERT INTO _wh_load_rejects(copy_id, table_name, file_name, line, character, byte_offset, category, code, sql_state,
                column_name, row_number, row_start_line, error, rejected_record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(copyID), .text(table), .text(file), .integer(Int64(error.line)), .integer(Int64(error.character)),
                  .integer(Int64(error.byteOffset)), .text(error.category), .integer(Int64(error.code)), .text(error.sqlState),
                  error.columnName.map { .text($0) } ?? .null, .integer(Int64(error.rowNumber)), .integer(Int64(error.rowStartLine)),
                  .text(error.message), .text(raw)])
    }

    /// TRUNCATE and DROP forget a table's bulk loads, as Snowflake's do: its files can load again.
    /// A pipe's history is the pipe's (as in Snowpipe, it survives both). The rejected records stay
    /// until the table is dropped: they are data no table holds.
    func forgetLoads(of table: String, rejectsToo: Bool) throws {
        try catalog("DELETE FROM _wh_load_history WHERE table_name = ? AND pipe_name IS NULL", [.text(table)])
        if rejectsToo { try catalog("DELETE FROM _wh_load_rejects WHERE table_name = ?", [.text(table)]) }
    }
}
