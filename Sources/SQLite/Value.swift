/// One SQLite value as it comes out of (or goes into) a statement.
public enum Value: Equatable, Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// True for SQL NULL.
    public var isNull: Bool { if case .null = self { return true } else { return false } }

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

    /// Renders a double the way SQLite's `%!.15g` does: shortest exact form, `.0` kept for integers.
    public static func format(real d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "Inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
        var s = String(format: "%.15g", d)
        if let back = Double(s), back != d { s = String(format: "%.17g", d) }
        return s
    }
}

import Foundation
