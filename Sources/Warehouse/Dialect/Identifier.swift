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

    /// The name as SQLite SQL: always double-quoted, so SQLite keywords are safe. SQLite reads SQL
    /// only up to a NUL, so a NUL in a name (a header made from a literal holding one) becomes U+FFFD.
    public var sql: String {
        let name = name.replacingEvery("\0", with: "\u{FFFD}")
        return "\"" + name.replacingEvery("\"", with: "\"\"") + "\""
    }
    public var description: String { name }

    /// A resolved name as Snowflake SQL: bare when reading it back unquoted gives the same name
    /// (upper case letters, digits, `_`, `$`, not starting with a digit), quoted otherwise.
    public static func display(_ name: String) -> String {
        let plain = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" || $0 == "$" }
        return plain ? name : Identifier(name, quoted: true).sql
    }
}
