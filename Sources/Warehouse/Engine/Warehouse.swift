import Foundation
import SQLite

/// An open warehouse: one SQLite file holding user tables and the catalog. Use one instance from one
/// thread at a time; `canceller` may be used from anywhere to cancel a running statement.
public final class Warehouse {
    /// wh's version, as `wh version` prints it and CURRENT_VERSION() answers it (clients such as
    /// snowflake-sqlalchemy read it as a dotted number).
    public static let version = "0.1.0"

    /// The oldest SQLite wh runs on (it needs `sqlite3_error_offset` and the JSON functions built in).
    public static let minimumSQLiteVersion = (number: 3_038_000, text: "3.38.0")

    public let path: String
    public let environment: WarehouseEnvironment
    let connection: Connection

    /// True when the file was opened read-only because it is not writable.
    public let isReadOnly: Bool

    /// Every function this connection knows, upper-cased, for "Unknown function" errors.
    var knownFunctions: Set<String> = []

    /// ALTER SESSION settings of this connection (upper-case names).
    var sessionParameters: [String: String] = [:]
    /// What USE and a client's login set: DATABASE, SCHEMA, WAREHOUSE, ROLE, USER (CURRENT_DATABASE() …).
    var sessionObjects: [String: String] = [:]

    /// This connection's TEMPORARY tables: the name used → the hidden table holding it.
    var temporaryTables: [String: String] = [:]

    /// Key-value tables described, by the name asked for.
    var keyValueTables: [String: KeyValueTable] = [:]
    /// Pipe definitions already parsed, by their text.
    var parsedPipeDefinitions: [String: CopyStatement] = [:]
    /// Prepared key-value statements, by SQL (SQLite re-prepares them itself after schema changes).
    var keyValueStatements: [String: Statement] = [:]

    /// The statements running and the transaction open on this connection (nothing else of a
    /// statement's or a transaction's lives here).
    let scopes: OpenScopes

    deinit { dropTemporaryTables() }

    /// Opens the warehouse at `path`, creating it (and upgrading its catalog) as needed.
    public init(path: String, environment: WarehouseEnvironment) throws {
        guard Connection.libraryVersionNumber >= Warehouse.minimumSQLiteVersion.number else {
            throw OpenError.sqliteTooOld(found: Connection.libraryVersion, required: Warehouse.minimumSQLiteVersion.text)
        }
        let fs = environment.fileSystem
        let directory = fs.parentDirectory(of: path)
        switch fs.kind(of: path) {
        case .directory: throw OpenError.isDirectory(path: path)
        case nil where fs.kind(of: directory) != .directory:
            throw OpenError.missingDirectory(path: path, directory: directory)
        default: break
        }
        let readOnly = fs.kind(of: path) != nil && !fs.isWritable(path)
        let connection: Connection
        let scopes = OpenScopes(), clock = environment.clock
        do {
            // SQLite's 'now' (a column's DEFAULT CURRENT_TIMESTAMP) is the running statement's time.
            connection = try Connection(path: path, mode: readOnly ? .readOnly : .readWriteCreate, clock: {
                scopes.statementMilliseconds ?? clock.milliseconds()
            })
            try connection.setBusyTimeout(milliseconds: 5_000)
            // Reading the schema is the first access: a non-database file fails here, untouched.
            _ = try connection.prepare("SELECT count(*) FROM sqlite_master").all()
        } catch let error as SQLiteError {
            if error.isNotADatabase { throw OpenError.notADatabase(path: path) }
            throw OpenError.cannotOpen(path: path, reason: error.message)
        }
        self.path = path
        self.environment = environment
        self.connection = connection
        self.scopes = scopes
        self.isReadOnly = readOnly
        try configureAndMigrate()
        try registerClockFunctions()
        try registerConversionFunctions()
        try registerStringFunctions()
        try registerMoreStringFunctions()
        try registerCoreStringFunctions()
        try registerCharacterFunctions()
        try registerRounding()
        try registerDateFunctions()
        try registerVariantFunctions()
        try registerOrderedAggregates()
        try registerArrayObjectFunctions()
        try registerSequenceFunctions()
        knownFunctions = try Set(connection.prepare("SELECT DISTINCT upper(name) FROM pragma_function_list").all().compactMap { $0.first?.textValue })
        if !readOnly { try? dropOrphanedTemporaryTables() }
    }

    private func configureAndMigrate() throws {
        let migrator = Migrator(connection: connection, migrations: Migration.embedded, clock: environment.clock)
        let found = try migrator.currentVersion()
        let known = Migration.latestVersion
        if found > known { throw OpenError.newerSchema(path: path, found: found, known: known) }
        do {
            try connection.execute("PRAGMA foreign_keys = ON")
            // Snowflake's LIKE is case-sensitive (ILIKE is not); SQLite's ignores case unless told.
            try connection.execute("PRAGMA case_sensitive_like = ON")
            if !isReadOnly {
                try connection.execute("PRAGMA journal_mode = WAL")
                try connection.execute("PRAGMA synchronous = NORMAL")
            }
        } catch let error as SQLiteError {
            throw OpenError.cannotOpen(path: path, reason: error.message)
        }
        if found < known {
            if isReadOnly { throw OpenError.readOnlyNeedsUpgrade(path: path, found: found, known: known) }
            try migrator.migrate()
            if found == 0 {
                try setProperty("created_at", ISO8601DateFormatter().string(from: environment.clock.now()))
            }
        }
    }

    /// The catalog schema version recorded in the file.
    public var schemaVersion: Int { (try? Migrator(connection: connection, migrations: [], clock: environment.clock).currentVersion()) ?? 0 }

    /// The version of SQLite wh is linked against.
    public static var sqliteVersion: String { Connection.libraryVersion }

    /// Cancels the statement running on this warehouse, from any thread or a signal handler.
    public var canceller: StatementCanceller { StatementCanceller(handle: connection.interruptHandle) }

    /// Calls `before` as each transaction of this warehouse's connection starts to commit and `after`
    /// once it is committed: what crash tests hang a SIGKILL on to stop at an exact commit point.
    public func observeCommits(before: @escaping () -> Void, after: @escaping () -> Void) {
        connection.observeCommits(before: before, after: after)
    }

    /// True while an explicit transaction (BEGIN … COMMIT) is open.
    public var inTransaction: Bool { !connection.isAutocommit }

    func setProperty(_ name: String, _ value: String) throws {
        let statement = try connection.prepare("INSERT OR REPLACE INTO _wh_properties(name, value) VALUES (?, ?)")
        try statement.bind([.text(name), .text(value)])
        try statement.step()
    }

    /// A property of the warehouse itself, such as `created_at`.
    public func property(_ name: String) throws -> String? {
        let statement = try connection.prepare("SELECT value FROM _wh_properties WHERE name = ?")
        try statement.bind([.text(name)])
        return try statement.all().first?.first?.textValue
    }
}

/// Cancels the statement running on one warehouse; safe from any thread and from a signal handler.
public struct StatementCanceller: Sendable {
    let handle: InterruptHandle

    /// Makes the running statement stop with "statement cancelled" (nothing happens when none runs).
    public func cancel() { handle.interrupt() }
}
