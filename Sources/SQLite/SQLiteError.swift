import CSQLite

/// A failure reported by SQLite: result code, extended code, SQLite's message, the SQL that failed and,
/// when SQLite knows it, the byte offset in that SQL where the error was found.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    public let code: Int32
    public let extendedCode: Int32
    public let message: String
    public let sql: String?
    public let offset: Int?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil, offset: Int? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
        self.offset = offset
    }

    /// SQLite's English name for the primary result code, e.g. `SQLITE_BUSY` → "database is locked".
    public var codeDescription: String { String(cString: sqlite3_errstr(code)) }

    public var isInterrupt: Bool { code == SQLITE_INTERRUPT }
    public var isReadOnly: Bool { code == SQLITE_READONLY }
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    public var isCantOpen: Bool { code == SQLITE_CANTOPEN }
    /// The disk is full (SQLITE_FULL), or reading or writing the file failed (SQLITE_IOERR, SQLITE_NOMEM):
    /// the statement failed, not the data it was given.
    public var isStorageFailure: Bool { code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_NOMEM }
    public var isDiskFull: Bool { code == SQLITE_FULL }

    public var description: String {
        var s = "SQLite error \(code)"
        if extendedCode != code { s += "/\(extendedCode)" }
        s += ": \(message)"
        if let sql { s += " in: \(sql)" }
        return s
    }
}
