import Foundation
import SQLite

/// A pipe as the catalog holds it.
struct Pipe {
    var name: String
    var definition: String
    var tableName: String
    var stageName: String
    var autoIngest: Bool
    var paused: Bool
    var comment: String?
    var createdAt: String
    var lastError: String?
    var lastErrorAt: String?
    var lastForwardedPath: String?
    var lastForwardedAt: String?
}

extension Warehouse {
    static let pipeColumns = """
        name, definition, table_name, stage_name, auto_ingest, paused, comment, created_at, last_error, last_error_at,
        last_forwarded_path, last_forwarded_at
        """

    func pipe(named name: Identifier) throws -> Pipe {
        guard let pipe = try pipes(where: "name = ?", [.text(name.name)]).first else { throw PipeError.noSuchPipe(name.name) }
        try Self.refuse(name.name, storedAs: pipe.name)
        return pipe
    }

    func pipes(where condition: String = "1", _ bindings: [Value] = []) throws -> [Pipe] {
        let statement = try connection.prepare("SELECT \(Self.pipeColumns) FROM _wh_pipes WHERE \(condition) ORDER BY name")
        try statement.bind(bindings)
        return try statement.all().map { r in
            Pipe(name: r[0].textValue ?? "", definition: r[1].textValue ?? "", tableName: r[2].textValue ?? "", stageName: r[3].textValue ?? "",
                 autoIngest: r[4] == .integer(1), paused: r[5] == .integer(1), comment: r[6].textValue, createdAt: r[7].textValue ?? "",
                 lastError: r[8].textValue, lastErrorAt: r[9].textValue, lastForwardedPath: r[10].textValue, lastForwardedAt: r[11].textValue)
        }
    }

    /// The pipe's COPY, from its definition (a pipe is not dynamic: it names what it named). A
    /// definition is parsed once per connection.
    func pipeCopy(_ pipe: Pipe) throws -> CopyStatement {
        if let parsed = parsedPipeDefinitions[pipe.definition] { return parsed }
        var parser = try Parser(pipe.definition)
        var copy = try parser.copyInto()
        if !copy.options.onErrorGiven { copy.options.onError = .skipFile(1) }
        parsedPipeDefinitions[pipe.definition] = copy
        return copy
    }

    func createPipe(_ statement: CreatePipeStatement) throws -> ResultSet {
        try refuseNameDifferingOnlyInCase(statement.name.name, of: .pipe)
        if (try? pipe(named: statement.name)) != nil {
            if statement.ifNotExists { return Self.status("\(statement.name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw PipeError.pipeExists(statement.name.name) }
            try dropPipe(statement.name, ifExists: true)
        }
        // Compile the COPY now, as Snowflake does: its table, stage and columns must exist.
        let compiled = try compile(statement.copy)
        let (table, stage) = (compiled.table, compiled.stage)
        try catalog("""
            INSERT INTO _wh_pipes(name, definition, table_name, stage_name, auto_ingest, paused, comment, created_at)
            VALUES (?, ?, ?, ?, ?, 0, ?, ?)
            """, [.text(statement.name.name), .text(statement.copyText), .text(table.name), .text(stage.name),
                  .integer(statement.autoIngest ? 1 : 0), statement.comment.map { .text($0) } ?? .null,
                  .text(CanonicalTimestamp.format(environment.clock.now()))])
        return Self.status("Pipe \(statement.name.name) successfully created.")
    }

    /// DROP PIPE: the pipe and its load history go (as in Snowflake, recreating a pipe forgets what it loaded).
    func dropPipe(_ name: Identifier, ifExists: Bool) throws {
        try catalog("DELETE FROM _wh_pipes WHERE name = ?", [.text(name.name)])
        if connection.changes == 0 {
            if ifExists { return }
            throw PipeError.noSuchPipe(name.name)
        }
        try catalog("DELETE FROM _wh_pipe_queue WHERE pipe_name = ?", [.text(name.name)])
        try catalog("DELETE FROM _wh_load_history WHERE pipe_name = ?", [.text(name.name)])
    }

    func alterPipe(_ statement: AlterPipeStatement) throws -> ResultSet {
        guard let pipe = try? pipe(named: statement.name) else {
            if statement.ifExists { return Self.status("Statement executed successfully.") }
            throw PipeError.noSuchPipe(statement.name.name)
        }
        switch statement.action {
        case .setPaused(let paused, let comment):
            if let paused { try catalog("UPDATE _wh_pipes SET paused = ? WHERE name = ?", [.integer(paused ? 1 : 0), .text(pipe.name)]) }
            if let comment { try catalog("UPDATE _wh_pipes SET comment = ? WHERE name = ?", [comment.map { .text($0) } ?? .null, .text(pipe.name)]) }
            return Self.status("Statement executed successfully.")
        case .refresh(let prefix, let modifiedAfter):
            return try refreshPipe(pipe, prefix: prefix, modifiedAfter: modifiedAfter)
        }
    }

    /// ALTER PIPE … REFRESH: queues the stage's files this pipe has not loaded, modified after
    /// MODIFIED_AFTER (default and limit: 7 days ago), below the pipe's path + PREFIX.
    private func refreshPipe(_ pipe: Pipe, prefix: String?, modifiedAfter: String?) throws -> ResultSet {
        let now = environment.clock.now()
        let weekAgo = now.addingTimeInterval(-7 * 86_400)
        var since = weekAgo
        if let modifiedAfter {
            guard let date = CanonicalTimestamp.parse(modifiedAfter) ?? ISO8601DateFormatter().date(from: modifiedAfter) else {
                throw PipeError.badTimestamp(modifiedAfter)
            }
            since = max(date, weekAgo)
        }
        var copy = try pipeCopy(pipe)
        copy.location.prefix += prefix ?? ""
        let candidates = try pipeCandidates(pipe, copy: copy)
        var rows: [[Value]] = []
        for file in candidates where file.modified >= since {
            try catalog("INSERT OR IGNORE INTO _wh_pipe_queue(pipe_name, file_path, queued_at) VALUES (?, ?, ?)",
                        [.text(pipe.name), .text(file.path), .text(CanonicalTimestamp.format(now))])
            rows.append([.text(file.relativePath), .text("SENT")])
        }
        return ResultSet(columns: [ResultColumn(name: "File"), ResultColumn(name: "Status")], sqliteRows: rows, isQuery: true)
    }

    /// SHOW PIPES [LIKE '…'] and DESC PIPE: Snowflake's columns.
    func showPipes(like: String?, only: Identifier? = nil) throws -> ResultSet {
        var list = try like.map { try pipes(where: "upper(name) LIKE upper(?)", [.text($0)]) } ?? pipes()
        if let only {
            list = list.filter { $0.name.caseInsensitiveCompare(only.name) == .orderedSame }
            if list.isEmpty { throw PipeError.noSuchPipe(only.name) }
        }
        let names = ["created_on", "name", "database_name", "schema_name", "definition", "owner", "notification_channel", "comment",
                     "integration", "pattern", "error_integration", "owner_role_type", "invalid_reason", "kind"]
        let database = databaseName
        let rows: [[Value]] = try list.map { pipe in
            let copy = try? pipeCopy(pipe)
            return [.text(pipe.createdAt), .text(pipe.name), .text(database), .text("PUBLIC"), .text(pipe.definition), .text("SYSADMIN"),
                    pipe.autoIngest ? .text("inotify:" + ((try? stage(named: Identifier(pipe.stageName, quoted: true)).directory) ?? "")) : .null,
                    pipe.comment.map { .text($0) } ?? .null, .null, copy?.pattern.map { .text($0) } ?? .null, .null, .text("ROLE"),
                    try invalidReason(pipe).map { .text($0) } ?? .null, .text("STAGE")]
        }
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }

    /// Why a pipe cannot run as defined, if it cannot.
    func invalidReason(_ pipe: Pipe) throws -> String? {
        if !(try tableExists(Identifier(pipe.tableName, quoted: true))) { return "Table '\(pipe.tableName)' does not exist or not authorized." }
        if (try? stage(named: Identifier(pipe.stageName, quoted: true))) == nil { return "Stage '\(pipe.stageName)' does not exist or not authorized." }
        return nil
    }
}

/// Pipe problems, naming the pipe and the fix.
public enum PipeError: WarehouseError, Equatable {
    case noSuchPipe(String)
    case pipeExists(String)
    case badTimestamp(String)

    public var message: String {
        switch self {
        case .noSuchPipe(let name): return "Pipe '\(name)' does not exist or not authorized."
        case .pipeExists(let name): return "Object '\(name)' already exists."
        case .badTimestamp(let text): return "invalid MODIFIED_AFTER timestamp '\(text)'"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchPipe: return "list pipes with SHOW PIPES; unquoted names are upper-cased"
        case .pipeExists: return "use CREATE OR REPLACE PIPE (it forgets what the pipe loaded), or IF NOT EXISTS"
        case .badTimestamp: return "write it as '2025-03-17T15:30:00' or '2025-03-17 15:30:00'"
        }
    }
}
