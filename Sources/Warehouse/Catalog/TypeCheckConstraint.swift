/// The CHECK a NUMBER, FLOAT or BOOLEAN column carries so that no writer, wh or another SQLite tool,
/// can store text or a blob in it. It is plain SQL (`"C" < ''`); its name says which column and what
/// the column holds, which is all SQLite's "CHECK constraint failed: …" tells.
struct TypeCheckConstraint: Equatable {
    let column: String
    let isBoolean: Bool

    init?(column: String, kind: SnowflakeType.Kind) {
        guard [.number, .float, .boolean].contains(kind) else { return nil }
        self.column = column
        isBoolean = kind == .boolean
    }

    /// The constraint named in SQLite's message for a failed CHECK, if it is one of these.
    init?(failureMessage: String) {
        let prefix = "CHECK constraint failed: "
        guard failureMessage.hasPrefix(prefix) else { return nil }
        let name = failureMessage.dropFirst(prefix.count)
        for (suffix, isBoolean) in [(Self.numberSuffix, false), (Self.booleanSuffix, true)] where name.hasSuffix(suffix) {
            column = String(name.dropLast(suffix.count))
            self.isBoolean = isBoolean
            return
        }
        return nil
    }

    private static let numberSuffix = " must be a number", booleanSuffix = " must be a boolean"

    /// The constraint's name, as SQLite reports it.
    var name: String { column + (isBoolean ? Self.booleanSuffix : Self.numberSuffix) }

    /// Snowflake's message for `value` written to the column.
    func snowflakeMessage(value: String) -> String {
        "\(isBoolean ? "Boolean" : "Numeric") value '\(value)' is not recognized"
    }
}
