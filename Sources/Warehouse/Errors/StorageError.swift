import SQLite

/// The warehouse file could not be written: the disk is full, or the system reported an I/O error.
/// Names what was being done and the warehouse's file; nothing of the statement was kept.
public struct StorageError: WarehouseError, Equatable, Sendable {
    public var diskFull: Bool
    /// What was being done: `loading 'f3.ndjson' into R`.
    public var doing: String
    public var path: String
    public var sqliteMessage: String
    /// What happens once the disk is fixed: `the file then loads, exactly once, …`.
    public var afterwards: String

    public init(_ error: SQLiteError, loading file: String, into table: String, path: String) {
        self.init(error, doing: "loading '\(file)' into \(table)", path: path,
                  afterwards: "; the file then loads, exactly once, on the next COPY or daemon pass")
    }

    /// `afterwards` completes the hint after "free space on that disk" (", then run the statement again").
    public init(_ error: SQLiteError, doing: String, path: String, afterwards: String) {
        diskFull = error.isDiskFull
        self.doing = doing
        self.path = path
        sqliteMessage = error.message
        self.afterwards = afterwards
    }

    public var message: String {
        diskFull ? "the disk holding the warehouse \(path) is full: \(doing) stopped, and nothing of it was kept (SQLite: \(sqliteMessage))"
            : "writing the warehouse \(path) failed: \(doing) stopped, and nothing of it was kept (SQLite: \(sqliteMessage))"
    }

    public var hint: String? {
        (diskFull ? "free space on that disk" : "check the disk and the file's permissions") + afterwards
    }
}
