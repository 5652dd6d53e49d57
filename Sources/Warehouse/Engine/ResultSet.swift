import Foundation
import SQLite

/// One column of a result: its header as shown and, when known, its declared type.
public struct ResultColumn: Equatable, Sendable {
    public var name: String
    public var declaredType: String?
    /// The Snowflake type, when the declared type names one (a column of a table wh created).
    public let type: SnowflakeType?

    public init(name: String, declaredType: String? = nil) {
        self.name = name
        self.declaredType = declaredType
        self.type = declaredType.flatMap(SnowflakeType.init(catalogText:))
    }

    /// The text people see for `value` in this column (nil for SQL NULL): BOOLEAN as TRUE/FALSE,
    /// NUMBER(p,s) with exactly s decimals, everything else as `Value.displayText`.
    public func displayText(_ value: SQLValue) -> String? {
        guard let type else { return value.displayText }
        switch (type.kind, value) {
        case (_, .null): return nil
        case (.boolean, .integer(let i)): return i != 0 ? "TRUE" : "FALSE"
        case (.boolean, .real(let d)): return d != 0 ? "TRUE" : "FALSE"
        case (.number, .integer) where (type.scale ?? 0) > 0, (.number, .real):
            return NumberText.format(value, scale: type.scale ?? 0)
        default: return value.displayText
        }
    }

    /// True when values of this column are booleans (JSON output writes true/false).
    public var isBoolean: Bool { type?.kind == .boolean }

    /// True for VARIANT, OBJECT and ARRAY columns, whose values are JSON text.
    public var isVariant: Bool { [.variant, .object, .array].contains(type?.kind) }
}

/// What one statement produced: rows for a query, a change count for DML, nothing for DDL.
public struct ResultSet: Equatable, Sendable {
    public var columns: [ResultColumn]
    public var rows: [[SQLValue]]
    /// Rows inserted, updated or deleted by a DML statement (0 otherwise).
    public var changes: Int
    /// True when the statement returns rows (even zero of them).
    public var isQuery: Bool

    public init(columns: [ResultColumn] = [], rows: [[SQLValue]] = [], changes: Int = 0, isQuery: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.changes = changes
        self.isQuery = isQuery
    }

    /// A result of rows as SQLite gave them.
    init(columns: [ResultColumn], sqliteRows: [[Value]], changes: Int = 0, isQuery: Bool) {
        self.init(columns: columns, rows: sqliteRows.map { $0.map(SQLValue.init) }, changes: changes, isQuery: isQuery)
    }
}
