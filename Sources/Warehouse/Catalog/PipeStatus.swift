import Foundation
import SQLite

/// A pipe's state as SYSTEM$PIPE_STATUS reports it, plus what `wh pipe status` needs to explain it.
public struct PipeStatus: Equatable, Sendable {
    public var name: String
    public var executionState: String
    public var pendingFileCount: Int
    public var oldestPendingFilePath: String?
    public var oldestFileTimestamp: String?
    public var lastIngestedTimestamp: String?
    public var lastIngestedFilePath: String?
    public var lastForwardedFilePath: String?
    public var lastForwardedTimestamp: String?
    public var error: String?
    public var lastPipeErrorTimestamp: String?
    /// Files the pipe tried and gave up on (SKIP_FILE) and that no load has taken since: Snowpipe
    /// does not retry them.
    public var failedFileCount: Int
    /// Files changed since the pipe loaded them: a pipe keys files by path, so they are not loaded again.
    public var modifiedAfterLoad: [String]

    /// Snowflake's JSON: only the keys that apply, in its order.
    public var json: String {
        var parts = ["\"executionState\":\(JSONString.quoted(executionState))"]
        if pendingFileCount > 0 {
            if let path = oldestPendingFilePath { parts.append("\"oldestPendingFilePath\":\(JSONString.quoted(path))") }
            if let time = oldestFileTimestamp { parts.append("\"oldestFileTimestamp\":\(JSONString.quoted(time))") }
        }
        parts.append("\"pendingFileCount\":\(pendingFileCount)")
        if error != nil, let time = lastPipeErrorTimestamp { parts.append("\"lastPipeErrorTimestamp\":\(JSONString.quoted(time))") }
        if let time = lastIngestedTimestamp { parts.append("\"lastIngestedTimestamp\":\(JSONString.quoted(time))") }
        if let path = lastIngestedFilePath { parts.append("\"lastIngestedFilePath\":\(JSONString.quoted(path))") }
        if let time = lastForwardedTimestamp { parts.append("\"lastForwardedMessageTimestamp\":\(JSONString.quoted(time))") }
        if let path = lastForwardedFilePath { parts.append("\"lastForwardedFilePath\":\(JSONString.quoted(path))") }
        if let error { parts.append("\"error\":\(JSONString.quoted(error))") }
        return "{" + parts.joined(separator: ",") + "}"
    }
}

extension Warehouse {
    /// The bytes free on the disk holding the warehouse file; nil when the file system cannot say.
    public func diskSpaceLeft() -> Int64? {
        environment.fileSystem.availableBytes(at: environment.fileSystem.parentDirectory(of: path))
    }

    /// SYSTEM$PIPE_STATUS for `name`: worked out from the catalog and the stage's directory, so any
    /// process can ask while the daemon runs.
    public func pipeStatus(_ name: String, quoted: Bool = false) throws -> PipeStatus {
        let pipe = try pipe(named: Identifier(name, quoted: quoted))
        var status = PipeStatus(name: pipe.name, executionState: "RUNNING", pendingFileCount: 0, failedFileCount: 0, modifiedAfterLoad: [])
        if pipe.paused { status.executionState = "PAUSED" }
        var compileError: Error?
        var pending: [LoadFile] = []
        do {
            let compiled = try compile(try pipeCopy(pipe))
            pending = try pendingFiles(pipe, copy: compiled.statement)
        } catch { compileError = error }
        if let compileError {
            // Worked out now, not remembered: the state clears as soon as the cause is fixed.
            if !pipe.paused { status.executionState = Self.stoppedState(for: compileError) }
            status.error = Self.text(of: compileError)
            status.lastPipeErrorTimestamp = pipe.lastErrorAt.map(Self.isoTimestamp)
            if (try? stage(named: Identifier(pipe.stageName, quoted: true))) != nil, let copy = try? pipeCopy(pipe), let pending = try? pendingFiles(pipe, copy: copy) {
                status.pendingFileCount = pending.count
                status.oldestPendingFilePath = pending.first?.relativePath
                status.oldestFileTimestamp = pending.first.map { Self.isoTimestamp(CanonicalTimestamp.format($0.modified)) }
            }
        } else {
            if let error = pipe.lastError {
                if !pipe.paused { status.executionState = "STALLED_EXECUTION_ERROR" }
                status.error = error
                status.lastPipeErrorTimestamp = pipe.lastErrorAt.map(Self.isoTimestamp)
            }
            status.pendingFileCount = pending.count
            if let oldest = pending.first {
                status.oldestPendingFilePath = oldest.relativePath
                status.oldestFileTimestamp = Self.isoTimestamp(CanonicalTimestamp.format(oldest.modified))
            }
            status.modifiedAfterLoad = try modifiedAfterLoad(pipe)
        }
        let last = try connection.prepare("""
            SELECT file_path, last_load_time FROM _wh_load_history WHERE pipe_name = ? AND status <> 'LOAD_FAILED' ORDER BY id DESC LIMIT 1
            """)
        try last.bind([.text(pipe.name)])
        if let row = try last.all().first {
            let path = row[0].textValue ?? ""
            status.lastIngestedFilePath = (try? stage(named: Identifier(pipe.stageName, quoted: true)))?.relative(path) ?? path
            status.lastIngestedTimestamp = row[1].textValue.map(Self.isoTimestamp)
        }
        status.lastForwardedFilePath = pipe.lastForwardedPath
        status.lastForwardedTimestamp = pipe.lastForwardedAt.map(Self.isoTimestamp)
        // A failed file counts until it is loaded since (by a COPY, as the status advises): the
        // failure stays in COPY_HISTORY.
        let failed = try connection.prepare("""
            SELECT count(DISTINCT f.file_path) FROM _wh_load_history f WHERE f.pipe_name = ? AND f.status = 'LOAD_FAILED'
              AND NOT EXISTS (SELECT 1 FROM _wh_load_history l WHERE l.table_name = f.table_name AND l.file_path = f.file_path
                              AND l.status <> 'LOAD_FAILED' AND l.id > f.id)
            """)
        try failed.bind([.text(pipe.name)])
        status.failedFileCount = Int(try failed.all().first?.first?.integerValue ?? 0)
        return status
    }

    /// SYSTEM$… functions: their value as an SQL literal.
    func systemFunction(_ name: String, _ arguments: [String]) throws -> String {
        // 'db.schema.object' → the object; a quoted last part keeps its case.
        let last = arguments.first.map { $0.split(separator: ".").last.map(String.init) ?? $0 } ?? ""
        let quoted = last.hasPrefix("\"") && last.hasSuffix("\"") && last.count >= 2
        let object = quoted ? String(last.dropFirst().dropLast()) : last
        switch (name, arguments.count) {
        case ("SYSTEM$PIPE_STATUS", 1):
            return SQLiteRenderer.quote(try pipeStatus(object, quoted: quoted).json)
        case ("SYSTEM$STREAM_HAS_DATA", 1):
            return try streamHasData(quoted ? "\"" + object + "\"" : object) ? "1" : "0"
        case ("SYSTEM$GET_TAG", 3):
            return try getTagLiteral(arguments)
        default:
            throw UnsupportedFeature(feature: name, hint: "wh has SYSTEM$PIPE_STATUS('pipe'), SYSTEM$STREAM_HAS_DATA('stream') and SYSTEM$GET_TAG('tag', 'object', 'TABLE' | 'COLUMN')")
        }
    }

    /// Files this pipe loaded that have changed since (a different size or modification time).
    private func modifiedAfterLoad(_ pipe: Pipe) throws -> [String] {
        let statement = try connection.prepare("SELECT file_path, file_size, file_modified FROM _wh_load_history WHERE pipe_name = ?")
        try statement.bind([.text(pipe.name)])
        let stage = try stage(named: Identifier(pipe.stageName, quoted: true))
        return try statement.all().compactMap { row in
            guard let path = row[0].textValue, let entry = environment.fileSystem.entry(at: path) else { return nil }
            let changed = entry.size != row[1].integerValue || CanonicalTimestamp.format(entry.modified) != row[2].textValue
            return changed ? stage.relative(path) : nil
        }
    }

    /// `2025-03-17 15:35:54.597252` as Snowflake's status JSON writes times: `2025-03-17T15:35:54.597Z`.
    static func isoTimestamp(_ canonical: String) -> String {
        String(canonical.prefix(23)).replacingOccurrences(of: " ", with: "T") + "Z"
    }
}

extension Stage {
    /// `path` below the stage's directory, as status and history name files.
    func relative(_ path: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}

extension Warehouse {
    /// The pipe's latest loads that met errors, newest first: file, time, status and first error.
    public func recentLoadErrors(pipe name: String, limit: Int = 5) throws -> ResultSet {
        let pipe = try pipe(named: Identifier(name, quoted: true))
        let statement = try connection.prepare("""
            SELECT file_name, last_load_time, status, first_error, first_error_line, error_count FROM _wh_load_history
            WHERE pipe_name = ? AND first_error IS NOT NULL ORDER BY last_load_time DESC, rowid DESC LIMIT ?
            """)
        try statement.bind([.text(pipe.name), .integer(Int64(limit))])
        let names = ["FILE_NAME", "LAST_LOAD_TIME", "STATUS", "FIRST_ERROR_MESSAGE", "FIRST_ERROR_LINE_NUMBER", "ERROR_COUNT"]
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: try statement.all(), isQuery: true)
    }
}
