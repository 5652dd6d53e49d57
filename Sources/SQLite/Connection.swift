import CSQLite
import Foundation

/// SQLite's "copy this buffer now" destructor, which the C macro `SQLITE_TRANSIENT` spells as -1.
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// Calls `body` with the UTF-8 bytes of `text` and their count. SQLite is given the count, not
/// told to stop at the first NUL (a length of -1): text with a NUL inside (`'a\0b'`, a JSON
/// `"\u0000"`, a CSV field) keeps everything after it.
func withUTF8Bytes<R>(of text: String, _ body: (UnsafePointer<CChar>, Int32) -> R) -> R {
    var text = text
    return text.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { chars in
            // An empty buffer may have no address; SQLite would take a null pointer as NULL, not ''.
            guard let base = chars.baseAddress else { return "".withCString { body($0, 0) } }
            return body(base, Int32(clamping: chars.count))   // past SQLite's limit either way: SQLITE_TOOBIG
        }
    }
}

/// How a database file is opened.
public enum OpenMode: Sendable {
    case readWriteCreate
    case readWrite
    case readOnly
}

/// One SQLite connection. It owns its handle: the handle is closed when the connection is released.
/// A connection is used by one thread at a time; only `interruptHandle` may be used from elsewhere.
public final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String
    /// Kept alive while the handle uses it; released after the handle is closed.
    private let clockVFS: ClockVFS?
    /// Kept alive while the handle's commit and WAL hooks point at it.
    var commitObserver: CommitObserver?

    /// Opens `path` (":memory:" for an in-memory database). Given `clock` (milliseconds since
    /// 1970-01-01 UTC), SQLite's own `'now'` reads it instead of the system clock.
    public init(path: String, mode: OpenMode = .readWriteCreate, clock: (@Sendable () -> Int64)? = nil) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        let clockVFS = try clock.map { try ClockVFS(clock: $0) }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, clockVFS?.name)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc & 0xff, extendedCode: rc, message: message)
        }
        self.handle = db
        self.path = path
        self.clockVFS = clockVFS
        sqlite3_extended_result_codes(db, 1)
        try check(wh_sqlite3_disable_double_quoted_strings(db), sql: nil)
    }

    deinit { sqlite3_close_v2(handle) }

    /// The version of the linked SQLite library, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
    /// The version of the linked SQLite library as a number, e.g. 3040001.
    public static var libraryVersionNumber: Int { Int(sqlite3_libversion_number()) }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }
    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowid: Int64 { sqlite3_last_insert_rowid(handle) }
    /// True when the connection is outside any explicit transaction.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
    /// True when the main database was opened read-only.
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Sets how long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    public func setBusyTimeout(milliseconds: Int32) throws {
        try check(sqlite3_busy_timeout(handle, milliseconds), sql: nil)
    }

    /// Runs every statement in `sql`, discarding rows.
    public func execute(_ sql: String) throws {
        var rest = Substring(sql)
        while let (statement, tail) = try prepareFirst(rest) {
            defer { rest = tail }
            guard let statement else { continue }
            while try statement.step() {}
        }
    }

    /// Prepares exactly one statement; trailing text other than whitespace and comments is an error.
    public func prepare(_ sql: String) throws -> Statement {
        guard let (statement, tail) = try prepareFirst(Substring(sql)), let statement else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "no SQL statement to prepare", sql: sql)
        }
        if let (extra, _) = try prepareFirst(tail), extra != nil {
            throw SQLiteError(code: SQLITE_MISUSE, message: "more than one statement given to prepare", sql: sql)
        }
        return statement
    }

    /// Prepares the first statement of `sql`. Returns nil at end of input; the statement is nil when the
    /// text held only whitespace or comments. The tail is the unconsumed rest.
    public func prepareFirst(_ sql: Substring) throws -> (Statement?, Substring)? {
        let trimmed = sql.drop(while: { $0.isWhitespace })
        if trimmed.isEmpty { return nil }
        let text = String(trimmed)
        return try text.withCString { base -> (Statement?, Substring)? in
            var stmt: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(handle, base, -1, 0, &stmt, &tail)
            if rc != SQLITE_OK {
                throw lastError(rc, sql: text)
            }
            let consumed = tail.map { base.distance(to: $0) } ?? text.utf8.count
            let rest = text[text.utf8.index(text.utf8.startIndex, offsetBy: consumed)...]
            guard let stmt else { return (nil, rest) }
            return (Statement(handle: stmt, connection: self), rest)
        }
    }

    /// A handle another thread (or a signal handler) may use to interrupt what this connection runs.
    public var interruptHandle: InterruptHandle { InterruptHandle(handle: handle) }

    func lastError(_ rc: Int32, sql: String?) -> SQLiteError {
        let offset = sqlite3_error_offset(handle)
        return SQLiteError(code: rc & 0xff, extendedCode: sqlite3_extended_errcode(handle),
                           message: String(cString: sqlite3_errmsg(handle)), sql: sql,
                           offset: offset >= 0 ? Int(offset) : nil)
    }

    /// Throws SQLite's error for `rc` unless it is SQLITE_OK. The SQL is built only on failure: bind
    /// calls this for every value.
    func check(_ rc: Int32, sql: @autoclosure () -> String?) throws {
        if rc != SQLITE_OK { throw lastError(rc, sql: sql()) }
    }
}

/// Interrupts a connection's running statement. Safe to use from any thread and from a signal handler.
public struct InterruptHandle: @unchecked Sendable {
    let handle: OpaquePointer
    public func interrupt() { sqlite3_interrupt(handle) }
}
