import SQLite

/// One column of a result: its header as shown and, when known, its declared type.
public struct ResultColumn: Equatable, Sendable {
    public var name: String
    public var declaredType: String?

    public init(name: String, declaredType: String? = nil) {
        self.name = name
        self.declaredType = declaredType
    }
}

/// What one statement produced: rows for a query, a change count for DML, nothing for DDL.
public struct ResultSet: Equatable, Sendable {
    public var columns: [ResultColumn]
    public var rows: [[Value]]
    /// Rows inserted, updated or deleted by a DML statement (0 otherwise).
    public var changes: Int
    /// True when the statement returns rows (even zero of them).
    public var isQuery: Bool

    public init(columns: [ResultColumn] = [], rows: [[Value]] = [], changes: Int = 0, isQuery: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.changes = changes
        self.isQuery = isQuery
    }
}
