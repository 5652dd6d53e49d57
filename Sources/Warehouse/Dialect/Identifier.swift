/// A Snowflake identifier: unquoted names are case-insensitive and resolve to upper case; quoted
/// names keep their case.
public struct Identifier: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The name as Snowflake resolves it (`truck_id` → `TRUCK_ID`, `"Mixed"` → `Mixed`).
    public var name: String
    public var quoted: Bool

    public init(_ name: String, quoted: Bool = false) {
        self.name = quoted ? name : name.uppercased()
        self.quoted = quoted
    }

    /// The name as SQLite SQL: always double-quoted, so SQLite keywords are safe.
    public var sql: String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    public var description: String { name }
}
