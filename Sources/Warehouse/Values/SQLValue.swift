import SQLite

/// One value of a result, as the engine hands it out: SQL NULL, an integer, a real, text or bytes.
/// Callers of the engine (the CLI, the test runner, the server) work with this type and never with
/// the SQLite wrapper's.
public enum SQLValue: Equatable, Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// True for SQL NULL.
    public var isNull: Bool { self == .null }

    /// The value as an integer when it is one (a real with no fraction counts).
    public var integerValue: Int64? { sqlite.integerValue }

    /// The value as text, the way SQLite would cast it (`NULL` has none).
    public var textValue: String? { sqlite.textValue }

    /// The text people see for this value in results (nil for SQL NULL): integers in decimal, reals in
    /// SQLite's shortest round-trip form, BINARY as upper-case hex as Snowflake shows it.
    public var displayText: String? {
        switch self {
        case .null: return nil
        case .blob(let bytes): return bytes.map { String(format: "%02X", $0) }.joined()
        default: return textValue
        }
    }

    /// Renders a double in its shortest form that reads back to the same value (`1.0`, `0.1`, `1e+20`).
    public static func format(real d: Double) -> String { Value.format(real: d) }

    /// The engine's value for one the SQLite wrapper gave (for code that reads with the wrapper itself).
    public init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .integer(let i): self = .integer(i)
        case .real(let d): self = .real(d)
        case .text(let s): self = .text(s)
        case .blob(let b): self = .blob(b)
        }
    }

    /// The same value for the SQLite wrapper (for code that binds with the wrapper itself: the
    /// benchmarks' bare baselines).
    public var sqlite: Value {
        switch self {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return .real(d)
        case .text(let s): return .text(s)
        case .blob(let b): return .blob(b)
        }
    }
}

extension Value {
    /// The text people see for this value in results (see `SQLValue.displayText`).
    var displayText: String? { SQLValue(self).displayText }
}
