import CSQLite

/// A prepared statement. It is finalized when released. Step it to run it; read columns after a step
/// that returned true.
public final class Statement {
    let handle: OpaquePointer
    let connection: Connection

    init(handle: OpaquePointer, connection: Connection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// The statement's SQL as prepared.
    public var sql: String { String(cString: sqlite3_sql(handle)) }
    /// True when the statement does not write to the database.
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }
    /// Number of result columns (0 for statements that return no rows).
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    /// Number of `?` / named parameters.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// The name of result column `index`.
    public func columnName(_ index: Int) -> String {
        guard let name = sqlite3_column_name(handle, Int32(index)) else { return "" }
        return String(cString: name)
    }

    /// The declared type of result column `index` when it comes straight from a table column.
    public func columnDeclaredType(_ index: Int) -> String? {
        sqlite3_column_decltype(handle, Int32(index)).map { String(cString: $0) }
    }

    /// The table a result column comes from, when it is a plain column reference.
    public func columnTableName(_ index: Int) -> String? {
        sqlite3_column_table_name(handle, Int32(index)).map { String(cString: $0) }
    }

    /// The table column a result column comes from, when it is a plain column reference.
    public func columnOriginName(_ index: Int) -> String? {
        sqlite3_column_origin_name(handle, Int32(index)).map { String(cString: $0) }
    }

    /// Advances to the next row. Returns true while there is a row to read, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.lastError(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Resets the statement so it can run again; bindings are kept.
    public func reset() { sqlite3_reset(handle) }

    /// Clears all bindings to NULL.
    public func clearBindings() { sqlite3_clear_bindings(handle) }

    /// The value of column `index` in the current row.
    public func value(_ index: Int) -> Value {
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard let p = sqlite3_column_text(handle, i) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
        default: return .null
        }
    }

    /// All values of the current row.
    public func row() -> [Value] { (0..<columnCount).map(value) }

    /// Binds `value` to parameter `index` (1-based).
    public func bind(_ value: Value, at index: Int) throws {
        let i = Int32(index)
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, i)
        case .integer(let v): rc = sqlite3_bind_int64(handle, i, v)
        case .real(let v): rc = sqlite3_bind_double(handle, i, v)
        case .text(let s): rc = withUTF8Bytes(of: s) { sqlite3_bind_text(handle, i, $0, $1, sqliteTransient) }
        case .blob(let b):
            rc = b.withUnsafeBytes { sqlite3_bind_blob(handle, i, $0.baseAddress, Int32(b.count), sqliteTransient) }
        }
        try connection.check(rc, sql: sql)
    }

    /// Binds `values` to parameters 1…n.
    public func bind(_ values: [Value]) throws {
        for (offset, v) in values.enumerated() { try bind(v, at: offset + 1) }
    }

    /// Binds `values` to parameters 1…n and returns the statement, to run in the same expression.
    public func bound(_ values: [Value]) throws -> Statement {
        try bind(values)
        return self
    }

    /// Runs the statement to completion and returns every row.
    public func all() throws -> [[Value]] {
        var rows: [[Value]] = []
        while try step() { rows.append(row()) }
        return rows
    }
}
