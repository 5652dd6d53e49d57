import Foundation
import SQLite

/// A file's progress on the loading side of a COPY.
private struct FileProgress {
    var started = false
    var loaded = 0
    var errors = 0
    var firstError: RecordError?
    /// Rejects held back until the file's fate is known (SKIP_FILE rolls its rows back).
    var pendingRejects: [(RecordError, String)] = []
    var abandoned = false
    /// The row where the file was given up: its rows_parsed (the reader may have read further).
    var abandonedAtRow = 0
    /// The content hash of the file's last successful load, when only its size or time changed.
    var expectedHash: String?
}

/// The rows and settings one load works with: a COPY, or the records of a stage a query reads.
struct CopyRun {
    var options: CopyOptions
    var plan: LoadPlan
    var files: [LoadFile]
    var copyID: Int64
    var stageLocation: String
    /// False for a query of a stage: nothing is remembered, no file is skipped.
    var recordsHistory = true
    /// The pipe loading, whose history the files go into.
    var pipe: String?
    var validationErrors: [(RecordError, String, String)] = []
    var returnedRows: [Int64] = []
    var outcomes: [FileLoadOutcome] = []
    var validating: Bool { options.validationMode != nil }
}

extension Warehouse {
    /// COPY INTO: loads the staged files the history has not seen, each file all or nothing as
    /// ON_ERROR says; files loaded with PURGE = TRUE are noted in `scope`, removed once it commits.
    func copy(_ statement: CopyStatement, in scope: StatementScope) throws -> ResultSet {
        let compiled = try compile(statement)
        let (options, stage, plan, jsonFormat) = (statement.options, compiled.stage, compiled.plan, compiled.format)
        let (candidates, missing) = try copyFiles(statement, stage: stage)
        if let first = missing.first, options.onError == .abortStatement || options.validationMode != nil {
            throw CopyError.missingFile(first, stage: stage.name)
        }
        var selected: [LoadFile] = []
        var expected: [Int: String] = [:]
        var total: Int64 = 0
        let checkHistory = !options.force && options.validationMode != .returnAllErrors
        for file in candidates {
            if let limit = options.sizeLimit, !selected.isEmpty, total > limit { break }
            if checkHistory, let previous = try previousLoad(table: plan.table, path: file.path), previous.status != .loadFailed {
                if previous.size == file.size && previous.modified == CanonicalTimestamp.format(file.modified) { continue }
                expected[selected.count] = previous.hash
            }
            selected.append(file)
            total += file.size
        }
        var run = CopyRun(options: options, plan: plan, files: selected, copyID: try nextCopyID(), stageLocation: compiled.stageLocation)
        if options.validationMode != nil { try connection.execute("SAVEPOINT wh_copy_validate") }
        do {
            try load(&run, format: jsonFormat, expected: expected)
        } catch {
            if options.validationMode != nil { try? connection.execute("ROLLBACK TO wh_copy_validate"); try? connection.execute("RELEASE wh_copy_validate") }
            throw error
        }
        if options.validationMode != nil {
            let result = try validationResult(run)
            try connection.execute("ROLLBACK TO wh_copy_validate")
            try connection.execute("RELEASE wh_copy_validate")
            return result
        }
        for name in missing {
            let error = RecordError(message: CopyError.missingFile(name, stage: stage.name).message, line: 0, character: 0, byteOffset: 0,
                                    category: "parsing", code: 100_075, sqlState: "58030", columnName: nil, rowNumber: 0, rowStartLine: 0)
            run.outcomes.append(FileLoadOutcome(file: LoadFile(path: stage.directory + "/" + name, relativePath: name,
                                                               displayName: Self.listName(stage, FileEntry(relativePath: name, size: 0, modified: Date(timeIntervalSince1970: 0))),
                                                               size: 0, modified: Date(timeIntervalSince1970: 0)),
                                                stageLocation: run.stageLocation, status: .loadFailed, rowsParsed: 0, rowsLoaded: 0,
                                                errorLimit: 1, errorsSeen: 1, firstError: error, size: 0, hash: ""))
        }
        if options.purge {
            scope.loadedFilesToPurge += run.outcomes.filter { $0.status != .loadFailed }.map(\.file.path)
        }
        return Self.copyResult(run.outcomes, failedOnly: options.returnFailedOnly)
    }

    /// Reads the files on a second thread and inserts their rows here, file by file, each file in
    /// its own savepoint so SKIP_FILE can take its rows back.
    func load(_ run: inout CopyRun, format: LoadFormat, expected: [Int: String] = [:]) throws {
        guard !run.files.isEmpty else { return }
        // Every value a load writes is converted to its column's type by the plan.
        guard !run.plan.table.hasPrefix("@") else { return try loadFiles(&run, format: format, expected: expected) }   // a stage query's temporary table
        let setting = Set(run.plan.columns.map(\.name))
        try capturingInsertsAsOneChange(into: try canonicalTableName(Identifier(run.plan.table, quoted: true))) {
            try withoutRedundantChecks(table: Identifier(run.plan.table, quoted: true), setting: setting) {
                try loadFiles(&run, format: format, expected: expected)
            }
        }
    }

    private func loadFiles(_ run: inout CopyRun, format: LoadFormat, expected: [Int: String]) throws {
        let insert: Statement
        do { insert = try connection.prepare(run.plan.insertSQL) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
        let queue = LoadQueue()
        let reader = LoadReader(files: run.files, plan: run.plan, format: format, fileSystem: environment.fileSystem,
                                scanTime: .text(CanonicalTimestamp.format(environment.clock.now())), queue: queue)
        reader.start()
        defer {
            queue.cancel()
            while queue.take() != nil {}
        }
        var progress = [FileProgress](repeating: FileProgress(), count: run.files.count)
        for (index, hash) in expected { progress[index].expectedHash = hash }
        events: while let event = queue.take() {
            switch event {
            case .batch(let batch):
                let f = batch.file
                if !progress[f].started {
                    try connection.execute("SAVEPOINT wh_copy_file")
                    progress[f].started = true
                }
                var good = 0
                for (k, row) in batch.rows.enumerated() {
                    if progress[f].abandoned { break }
                    var failure = row.error
                    if failure == nil {
                        let base = good * batch.width
                        good += 1
                        do {
                            for p in 0..<batch.width { try insert.bind(batch.values[base + p], at: p + 1) }
                            try insert.step()
                            insert.reset()
                            progress[f].loaded += 1
                            if case .returnRows(let n)? = run.options.validationMode {
                                run.returnedRows.append(connection.lastInsertRowid)
                                if run.returnedRows.count >= n { break events }
                            }
                            continue
                        } catch let error as SQLiteError {
                            // A full disk or an I/O error stops the load: the record is not to blame.
                            if error.isStorageFailure { throw StorageError(error, loading: run.files[f].displayName, into: run.plan.table, path: path) }
                            failure = Self.recordError(error, row: row, plan: run.plan)
                        }
                    }
                    guard let failure else { continue }
                    try rejected(failure, raw: batch.rawText(k), file: f, run: &run, progress: &progress[f], queue: queue)
                }
            case .fileDone(let f, let parsed, let bytes, let hash):
                if let outcome = try finishFile(f, parsed: parsed, bytes: bytes, hash: hash, run: run, progress: progress[f]) {
                    run.outcomes.append(outcome)
                }
            case .fileFailed(let f, let parsed, let error):
                if !progress[f].started { try connection.execute("SAVEPOINT wh_copy_file") }
                try connection.execute("ROLLBACK TO wh_copy_file")
                if run.options.onError == .abortStatement && !run.validating {
                    throw CopyError.unreadableFile(run.files[f].displayName, reason: error.message)
                }
                if run.validating {
                    try connection.execute("RELEASE wh_copy_file")
                    run.validationErrors.append((error, run.files[f].displayName, ""))
                    continue
                }
                let outcome = FileLoadOutcome(file: run.files[f], stageLocation: run.stageLocation, status: .loadFailed, rowsParsed: parsed,
                                              rowsLoaded: 0, errorLimit: 1, errorsSeen: 1, firstError: error, size: run.files[f].size, hash: "")
                if run.recordsHistory { try recordLoad(outcome, copyID: run.copyID, table: run.plan.table, pipe: run.pipe) }
                try connection.execute("RELEASE wh_copy_file")
                run.outcomes.append(outcome)
            }
        }
    }

    /// A record that did not load, handled as ON_ERROR says.
    private func rejected(_ failure: RecordError, raw: String, file f: Int, run: inout CopyRun, progress: inout FileProgress,
                          queue: LoadQueue) throws {
        progress.errors += 1
        if progress.firstError == nil { progress.firstError = failure }
        let file = run.files[f]
        switch run.options.validationMode {
        case .returnErrors?, .returnAllErrors?:
            run.validationErrors.append((failure, file.displayName, raw))
            return
        case .returnRows?:
            throw CopyError.recordRejected(message: failure.message, file: file.displayName, line: failure.line,
                                           character: failure.character, row: failure.rowNumber, column: failure.columnName,
                                           table: run.plan.table)
        case nil: break
        }
        switch run.options.onError {
        case .abortStatement:
            throw CopyError.recordRejected(message: failure.message, file: file.displayName, line: failure.line,
                                           character: failure.character, row: failure.rowNumber, column: failure.columnName,
                                           table: run.plan.table)
        case .continue:
            try recordReject(failure, raw: raw, file: file.displayName, copyID: run.copyID, table: run.plan.table)
        case .skipFile(let limit):
            progress.pendingRejects.append((failure, raw))
            if progress.errors >= limit {
                progress.abandoned = true
                progress.abandonedAtRow = failure.rowNumber
                queue.abandon(file: f)
            }
        case .skipFilePercent:
            progress.pendingRejects.append((failure, raw))
        }
    }

    /// Ends a file's savepoint as its outcome says and writes its history; nil when the file turned
    /// out unchanged since its last load (only its time or size differed), which then counts as skipped.
    private func finishFile(_ f: Int, parsed read: Int, bytes: Int64, hash: String, run: CopyRun, progress: FileProgress) throws -> FileLoadOutcome? {
        let onError = run.validating ? OnError.continue : run.options.onError
        let parsed = progress.abandoned ? progress.abandonedAtRow : read
        let errorLimit: Int
        var skip = progress.abandoned
        switch onError {
        case .abortStatement: errorLimit = 1
        case .continue: errorLimit = parsed
        case .skipFile(let n): errorLimit = n
        case .skipFilePercent(let percent):
            errorLimit = max(1, Int((Double(parsed) * percent / 100).rounded(.up)))
            if parsed > 0, Double(progress.errors) * 100 / Double(parsed) > percent { skip = true }
        }
        let unchanged = !skip && progress.expectedHash == hash
        // The file's rows, its rejects and its history row are one savepoint: outside a statement
        // (a pipe's load) its release is the commit that makes all three visible together.
        if !progress.started { try connection.execute("SAVEPOINT wh_copy_file") }
        if skip || unchanged { try connection.execute("ROLLBACK TO wh_copy_file") }
        if unchanged {
            try connection.execute("RELEASE wh_copy_file")
            return nil
        }
        let loaded = skip ? 0 : progress.loaded
        let status = skip || (progress.errors > 0 && loaded == 0) ? LoadStatus.loadFailed : progress.errors > 0 ? .partiallyLoaded : .loaded
        let outcome = FileLoadOutcome(file: run.files[f], stageLocation: run.stageLocation, status: status, rowsParsed: parsed,
                                      rowsLoaded: loaded, errorLimit: errorLimit, errorsSeen: progress.errors,
                                      firstError: progress.firstError, size: run.files[f].size, hash: hash)
        if !run.validating && run.recordsHistory {
            for (error, raw) in progress.pendingRejects {
                try recordReject(error, raw: raw, file: run.files[f].displayName, copyID: run.copyID, table: run.plan.table)
            }
            try recordLoad(outcome, copyID: run.copyID, table: run.plan.table, pipe: run.pipe)
        }
        try connection.execute("RELEASE wh_copy_file")
        return outcome
    }

    /// A row SQLite refused (NOT NULL, CHECK, UNIQUE, a conversion inside an expression), as a
    /// record error naming the column where SQLite says which.
    static func recordError(_ error: SQLiteError, row: RowBatch.Row, plan: LoadPlan) -> RecordError {
        var message = error.message
        var code = 100_038
        var column: String?
        if message.hasPrefix("NOT NULL constraint failed: ") {
            let name = String(message.split(separator: ".").last ?? "")
            if let match = plan.columns.first(where: { $0.name == name }) {
                column = "\"\(plan.table)\"[\"\(match.name)\":\(match.ordinal)]"
            }
            message = "NULL result in a non-nullable column"
            code = 100_088
        }
        return RecordError(message: message, line: row.line, character: 1, byteOffset: row.byteOffset, category: "conversion", code: code,
                           sqlState: "22000", columnName: column, rowNumber: row.rowNumber, rowStartLine: row.line)
    }

    /// COPY's result: one row per file, or Snowflake's one status row when no file was processed.
    static func copyResult(_ outcomes: [FileLoadOutcome], failedOnly: Bool) -> ResultSet {
        guard !outcomes.isEmpty else { return status("Copy executed with 0 files processed.") }
        let names = ["file", "status", "rows_parsed", "rows_loaded", "error_limit", "errors_seen", "first_error", "first_error_line",
                     "first_error_character", "first_error_column_name"]
        let rows: [[Value]] = outcomes.filter { !failedOnly || $0.status != .loaded }.map { outcome in
            let error = outcome.firstError
            return [.text(outcome.file.displayName), .text(outcome.status.rawValue), .integer(Int64(outcome.rowsParsed)),
                    .integer(Int64(outcome.rowsLoaded)), .integer(Int64(outcome.errorLimit)), .integer(Int64(outcome.errorsSeen)),
                    error.map { .text($0.message) } ?? .null, error.map { .integer(Int64($0.line)) } ?? .null,
                    error.map { .integer(Int64($0.character)) } ?? .null, error?.columnName.map { .text($0) } ?? .null]
        }
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }

    /// VALIDATION_MODE's answer: the first rows as the table holds them, or every error found.
    private func validationResult(_ run: CopyRun) throws -> ResultSet {
        if case .returnRows? = run.options.validationMode {
            let ids = run.returnedRows.map(String.init).joined(separator: ", ")
            return try runSQLite("SELECT * FROM \(run.plan.tableSQL) WHERE rowid IN (\(ids)) ORDER BY rowid")
        }
        let names = ["ERROR", "FILE", "LINE", "CHARACTER", "BYTE_OFFSET", "CATEGORY", "CODE", "SQL_STATE", "COLUMN_NAME", "ROW_NUMBER",
                     "ROW_START_LINE", "REJECTED_RECORD"]
        let rows: [[Value]] = run.validationErrors.map { error, file, raw in
            [.text(error.message), .text(file), .integer(Int64(error.line)), .integer(Int64(error.character)),
             .integer(Int64(error.byteOffset)), .text(error.category), .integer(Int64(error.code)), .text(error.sqlState),
             error.columnName.map { .text($0) } ?? .null, .integer(Int64(error.rowNumber)), .integer(Int64(error.rowStartLine)),
             raw.isEmpty ? .null : .text(raw)]
        }
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }

    /// Options as the catalog keeps them (a JSON object) back as FileFormatOptions.
    func fileFormatOptions(catalogJSON: String) throws -> FileFormatOptions {
        let statement = try connection.prepare("SELECT key, value, type FROM json_each(?)")
        try statement.bind([.text(catalogJSON)])
        var options = FileFormatOptions()
        for row in try statement.all() {
            guard let key = row[0].textValue else { continue }
            if row[2].textValue == "array" {
                let items = try connection.prepare("SELECT value FROM json_each(?)")
                try items.bind([row[1]])
                options.values[key] = .list(try items.all().compactMap { $0[0].textValue })
            } else {
                options.values[key] = .text(row[1].textValue ?? "")
            }
        }
        return options
    }

    /// The files a COPY names: FILES (relative to the FROM path), else the prefix and PATTERN. Names
    /// in FILES that are not there come back in `missing`.
    func copyFiles(_ statement: CopyStatement, stage: Stage) throws -> ([LoadFile], missing: [String]) {
        func loadFile(_ entry: FileEntry) -> LoadFile {
            LoadFile(path: stage.directory + "/" + entry.relativePath, relativePath: entry.relativePath,
                     displayName: Self.listName(stage, entry), size: entry.size, modified: entry.modified)
        }
        guard let names = statement.files else {
            return (try stagedFiles(statement.location, pattern: statement.pattern).1.map(loadFile), [])
        }
        guard names.count <= 1000 else { throw CopyError.tooManyFiles(names.count) }
        guard environment.fileSystem.kind(of: stage.directory) == .directory else { throw StageError.missingDirectory(stage.name, stage.directory) }
        var files: [LoadFile] = [], missing: [String] = [], seen = Set<String>()
        for name in names {
            let relative = statement.location.prefix + name
            guard seen.insert(relative).inserted else { continue }
            if Self.leavesStage(relative) { throw StageError.escapingPath(relative) }
            let path = stage.directory + "/" + relative
            guard var entry = environment.fileSystem.entry(at: path) else {
                if environment.fileSystem.kind(of: path) == .file || environment.fileSystem.resolvingSymlinks(path) != path {
                    throw CopyError.notRegularFile(relative)
                }
                missing.append(relative)
                continue
            }
            entry.relativePath = relative
            files.append(loadFile(entry))
        }
        return (files, missing)
    }
}
