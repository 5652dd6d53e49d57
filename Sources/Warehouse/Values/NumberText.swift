import Foundation
import SQLite

/// A NUMBER(p,s)'s text as Snowflake writes it: exactly s decimals (300 at scale 2 is `300.00`).
public enum NumberText {
    /// The text of `value` at `scale` decimals; nil for NULL, non-numbers as their text.
    public static func format(_ value: SQLValue, scale: Int) -> String? {
        switch value {
        case .integer(let i) where scale > 0: return String(i) + "." + String(repeating: "0", count: scale)
        case .real(let d):
            if scale == 0 && abs(d) < 9e18 { return String(Int64(d.rounded())) }
            let text = String(format: "%.\(scale)f", d)
            // A NUMBER has no negative zero: -0.004 at scale 2 shows 0.00, as in Snowflake.
            return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
        default: return value.displayText
        }
    }
}
