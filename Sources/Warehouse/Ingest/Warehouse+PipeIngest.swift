import Foundation
import SQLite

/// One file a pipe dealt with in an ingest pass (the daemon logs one line per file).
public struct PipeFileLoad: Equatable, Sendable {
    public var pipe: String
    public var file: String
    public var status: LoadStatus
    public var rowsLoaded: Int
    public var rowsParsed: Int
    public var error: String?
    /// How long the file took, by the warehouse's clock.
    public var milliseconds: Double
}

/// A pipe that could not run at all in an ingest pass, and why.
public struct PipeFailure: Equatable, Sendable {
    public var pipe: String
    public var state: String
    public var error: String
}

/// What one ingest pass did.
public struct IngestPass: Equatable, Sendable {
    public var loads: [PipeFileLoad] = []
    public var failures: [PipeFailure] = []
    /// Files pending that were left for later because they may still be being written.
    public var unsettled = 0

    public init() {}
}

extension Warehouse {
    /// Names a writer is still using or that are not data: hidden files and temporary names.
    static func isIgnoredStageName(_ relativePath: String) -> Bool {
        let components = pathComponents(relativePath)
        let name = components.last ?? relativePath
        return components.contains { $0.utf8.first == UInt8(ascii: ".") } || name.hasSuffix(".tmp") || name.hasSuffix(".part")
            || name.hasSuffix("~")
    }

    /// The pipe's files not yet in its history (loaded or failed: a pipe never retries a file, as in
    /// Snowpipe) nor loaded into its table by a COPY, hidden and temporary names left out.
    func pipeCandidates(_ pipe: Pipe, copy: CopyStatement, only: Set<String>? = nil) throws -> [LoadFile] {
        let (stage, entries) = try stagedFiles(copy.location, pattern: copy.pattern, only: only)
        let files = entries.filter { !Self.isIgnoredStageName($0.relativePath) }.map {
            LoadFile(path: stage.directory + "/" + $0.relativePath, relativePath: $0.relativePath, displayName: Self.listName(stage, $0),
                     size: $0.size, modified: $0.modified)
        }
        if files.count <= 16 {
            // A few files (the daemon's events): one indexed lookup each.
            let seen = try connection.prepare("""
                SELECT 1 FROM _wh_load_history WHERE file_path = ?1 AND (pipe_name = ?2
                    OR (pipe_name IS NULL AND table_name = ?3 AND status <> 'LOAD_FAILED')) LIMIT 1
                """)
            return try files.filter { file in
                try seen.bind([.text(file.path), .text(pipe.name), .text(pipe.tableName)])
                defer { seen.reset() }
                return try !seen.step()
            }
        }
        let history = try connection.prepare("""
            SELECT file_path FROM _wh_load_history WHERE pipe_name = ?1
            UNION SELECT file_path FROM _wh_load_history WHERE pipe_name IS NULL AND table_name = ?2 AND status <> 'LOAD_FAILED'
            """)
        try history.bind([.text(pipe.name), .text(pipe.tableName)])
        let seen = Set(try history.all().compactMap { $0.first?.textValue })
        return files.filter { !seen.contains($0.path) }
    }

    /// The files the pipe is to load, oldest first: with AUTO_INGEST those staged since the pipe
    /// was created, and any that ALTER PIPE … REFRESH queued. "Since" allows two seconds: file
    /// times come from the kernel's coarse clock, which can run a few milliseconds behind.
    func pendingFiles(_ pipe: Pipe, copy: CopyStatement, only: Set<String>? = nil) throws -> [LoadFile] {
        let queue = try connection.prepare("SELECT file_path FROM _wh_pipe_queue WHERE pipe_name = ?")
        try queue.bind([.text(pipe.name)])
        let queued = Set(try queue.all().compactMap { $0.first?.textValue })
        let created = (CanonicalTimestamp.parse(pipe.createdAt) ?? .distantPast).addingTimeInterval(-2)
        return try pipeCandidates(pipe, copy: copy, only: only)
            .filter { queued.contains($0.path) || (pipe.autoIngest && $0.modified >= created) }
            .sorted { ($0.modified, $0.path) < ($1.modified, $1.path) }
    }

    /// Loads what every running pipe (or the one named) has pending, each file in its own
    /// transaction with its history row. A file modified less than `settle` seconds ago is left for
    /// a later pass unless it is in `ready` (the daemon saw its writer close it), so a file still
    /// being written is never read half-way. This is what `wh daemon` runs on every event and
    /// `wh daemon --once` runs once.
    /// `only`: consider just these paths (the files the daemon heard about) instead of listing stages.
    public func ingestPending(pipe name: String? = nil, settle: TimeInterval = 0, ready: Set<String> = [], only: Set<String>? = nil,
                              shouldStop: () -> Bool = { false }) throws -> IngestPass {
        var pass = IngestPass()
        let selected = try name.map { [try pipe(named: Identifier($0))] } ?? pipes()
        for pipe in selected where !pipe.paused {
            let files: [LoadFile]
            let compiled: CompiledCopy
            do {
                compiled = try compile(try pipeCopy(pipe))
                files = try pendingFiles(pipe, copy: compiled.statement, only: only)
            } catch {
                let failure = PipeFailure(pipe: pipe.name, state: Self.stoppedState(for: error), error: Self.text(of: error))
                recordPipeError(pipe.name, failure.error)
                pass.failures.append(failure)
                continue
            }
            let settledBefore = environment.clock.now().addingTimeInterval(-settle)
            for file in files {
                if shouldStop() { break }
                // An empty file is often a writer's first step (create, close, open again to write): only
                // its staying empty for the settle time makes it a file to load, never its close.
                let closed = ready.contains(file.path) && file.size > 0
                guard settle == 0 || closed || file.modified <= settledBefore else { pass.unsettled += 1; continue }
                var run = CopyRun(options: compiled.statement.options, plan: compiled.plan, files: [file], copyID: try nextCopyID(),
                                  stageLocation: compiled.stageLocation, pipe: pipe.name)
                let started = environment.clock.now()
                do {
                    // A pipe's load of a file is a COPY statement of its own: one CURRENT_TIMESTAMP for its rows.
                    try withStatementScope { _ in try writingTransaction { try load(&run, format: compiled.format) } }
                } catch {
                    var error = error
                    if let sqlite = error as? SQLiteError, sqlite.isStorageFailure {
                        error = StorageError(sqlite, loading: file.displayName, into: compiled.table.name, path: path)
                    }
                    let failure = PipeFailure(pipe: pipe.name, state: "STALLED_EXECUTION_ERROR", error: Self.text(of: error))
                    recordPipeError(pipe.name, failure.error)
                    pass.failures.append(failure)
                    break
                }
                try catalog("DELETE FROM _wh_pipe_queue WHERE pipe_name = ? AND file_path = ?", [.text(pipe.name), .text(file.path)])
                for outcome in run.outcomes {
                    pass.loads.append(PipeFileLoad(pipe: pipe.name, file: outcome.file.displayName, status: outcome.status,
                                                   rowsLoaded: outcome.rowsLoaded, rowsParsed: outcome.rowsParsed, error: outcome.firstError?.message,
                                                   milliseconds: environment.clock.now().timeIntervalSince(started) * 1000))
                }
            }
            if !pass.failures.contains(where: { $0.pipe == pipe.name }), pipe.lastError != nil {
                try catalog("UPDATE _wh_pipes SET last_error = NULL WHERE name = ?", [.text(pipe.name)])
            }
        }
        return pass
    }

    /// The daemon heard that `path` was written or moved in: pipes whose stage holds it note it as
    /// forwarded (SYSTEM$PIPE_STATUS's lastForwardedFilePath).
    public func notePipeEvent(path: String) throws {
        for pipe in try pipes() {
            guard let stage = try? stage(named: Identifier(pipe.stageName, quoted: true)), path.hasPrefix(stage.directory + "/") else { continue }
            try catalog("UPDATE _wh_pipes SET last_forwarded_path = ?, last_forwarded_at = ? WHERE name = ?",
                        [.text(String(path.dropFirst(stage.directory.count + 1))), .text(CanonicalTimestamp.format(environment.clock.now())),
                         .text(pipe.name)])
        }
    }

    /// Every pipe's name.
    public func pipeNames() throws -> [String] { try pipes().map(\.name) }

    /// The directories the daemon watches: the stages of AUTO_INGEST pipes.
    public func watchedDirectories() throws -> [String] {
        var directories: [String] = []
        for pipe in try pipes() where pipe.autoIngest {
            if let stage = try? stage(named: Identifier(pipe.stageName, quoted: true)), !directories.contains(stage.directory) {
                directories.append(stage.directory)
            }
        }
        return directories
    }

    /// Notes the pipe's error in the catalog for `wh pipe status`, when the file can take it: on a full
    /// disk the note cannot be written either, and the caller reports the failure (the daemon logs
    /// it; `wh pipe status` tells a full disk by itself).
    private func recordPipeError(_ pipe: String, _ error: String) {
        try? catalog("UPDATE _wh_pipes SET last_error = ?, last_error_at = ? WHERE name = ?",
                     [.text(error), .text(CanonicalTimestamp.format(environment.clock.now())), .text(pipe)])
    }

    static func stoppedState(for error: Error) -> String {
        switch error {
        case CatalogError.noSuchTable: return "STOPPED_MISSING_TABLE"
        case StageError.noSuchStage: return "STOPPED_STAGE_DROPPED"
        case FileFormatError.noSuchFormat: return "STOPPED_FILE_FORMAT_DROPPED"
        case StageError.missingDirectory: return "STOPPED_STAGE_DIRECTORY_MISSING"
        default: return "STALLED_COMPILATION_ERROR"
        }
    }

    static func text(of error: Error) -> String {
        (error as? WarehouseError)?.message ?? (error as? SQLiteError)?.message ?? "\(error)"
    }
}
