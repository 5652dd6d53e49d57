/// One SQLite value as it comes out of (or goes into) a statement.
public enum Value: Equatable, Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// True for SQL NULL.
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The value as an integer when it is one (a real with no fraction counts).
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .real(let d) where d == d.rounded() && abs(d) < 9.2e18: return Int64(d)
        default: return nil
        }
    }

    /// The value as text, the way SQLite would cast it (`NULL` has none).
    public var textValue: String? {
        switch self {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return Value.format(real: d)
        case .text(let s): return s
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// Renders a double in its shortest form that reads back to the same value (`1.0`, `0.1`,
    /// `1e+20`), so csv and json output lose nothing.
    public static func format(real d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }
}
