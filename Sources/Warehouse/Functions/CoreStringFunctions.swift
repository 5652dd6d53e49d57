import Foundation
import SQLite

/// LENGTH, SUBSTR, UPPER and LOWER as Snowflake defines them. SQLite's own stop at a NUL inside
/// the text (`length('a\0b')` is 1), fold only ASCII letters (`upper('é')` is `é`), and read
/// SUBSTR's start 0 and negative lengths differently (`substr('abc', 0, 1)` is '' where Snowflake
/// gives 'a'). Text is counted in Unicode code points, BINARY in bytes.
extension Warehouse {
    func registerCoreStringFunctions() throws {
        try connection.createFunction("wh_length", argumentCount: 1) { a in
            switch a[0] {
            case .null: return .null
            case .blob(let bytes): return .integer(Int64(bytes.count))
            case let value: return .integer(Int64((value.textValue ?? "").unicodeScalars.count))
            }
        }
        try connection.createFunction("wh_substr") { a in
            guard a.count == 2 || a.count == 3 else { throw FunctionError("SUBSTR takes 2 or 3 arguments") }
            if a.contains(where: \.isNull) { return .null }
            let start = try Self.wholeNumber(a[1], "SUBSTR start position")
            let length = a.count == 3 ? try Self.wholeNumber(a[2], "SUBSTR length") : nil
            if case .blob(let bytes) = a[0] {
                return .blob(Array(bytes[Self.substringRange(count: bytes.count, start: start, length: length)]))
            }
            let scalars = Array((a[0].textValue ?? "").unicodeScalars)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[Self.substringRange(count: scalars.count, start: start, length: length)])
            return .text(String(view))
        }
        try connection.createFunction("wh_upper", argumentCount: 1) { a in Self.changingCase(a[0], upper: true) }
        try connection.createFunction("wh_lower", argumentCount: 1) { a in Self.changingCase(a[0], upper: false) }
    }

    /// The part of `count` characters (or bytes) SUBSTR(x, start, length) takes, as Snowflake
    /// documents it: positions start at 1 and 0 counts as 1; a negative start counts from the end,
    /// and one before the first character gives ''; a negative length gives ''.
    static func substringRange(count: Int, start: Int, length: Int?) -> Range<Int> {
        let first = start > 0 ? start - 1 : start == 0 ? 0 : count + start
        guard first >= 0, first < count, (length ?? 0) >= 0 else { return 0..<0 }
        let end = length.map { first + min($0, count - first) } ?? count
        return first..<end
    }

    /// A position or length argument as a whole number: a decimal rounds half away from zero, as
    /// Snowflake's cast to an integer does.
    static func wholeNumber(_ value: Value, _ what: String) throws -> Int {
        if let i = value.integerValue { return Int(clamping: i) }
        if let text = value.textValue, let d = Double(text.trimmingCharacters(in: .whitespaces)), d.isFinite {
            let rounded = d.rounded(.toNearestOrAwayFromZero)
            return abs(rounded) < 9.2e18 ? Int(rounded) : (rounded < 0 ? Int.min : Int.max)
        }
        throw FunctionError("\(what) '\(value.textValue ?? "")' is not a number")
    }

    /// UPPER/LOWER by Unicode's case mappings (`é` → `É`, `ß` → `SS`); ASCII text takes a fast path.
    static func changingCase(_ value: Value, upper: Bool) -> Value {
        guard let text = value.textValue else { return .null }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(text.utf8)
            for i in bytes.indices {
                let b = bytes[i]
                if upper, b >= 0x61, b <= 0x7A { bytes[i] = b - 32 } else if !upper, b >= 0x41, b <= 0x5A { bytes[i] = b + 32 }
            }
            return .text(String(decoding: bytes, as: UTF8.self))
        }
        return .text(upper ? text.uppercased() : text.lowercased())
    }
}
