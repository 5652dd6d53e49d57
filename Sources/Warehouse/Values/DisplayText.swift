import SQLite

extension Value {
    /// The text people see for this value in results (nil for SQL NULL): integers in decimal, reals in
    /// SQLite's shortest round-trip form, BINARY as upper-case hex as Snowflake shows it.
    public var displayText: String? {
        switch self {
        case .null: return nil
        case .blob(let bytes): return bytes.map { String(format: "%02X", $0) }.joined()
        default: return textValue
        }
    }
}

import Foundation
