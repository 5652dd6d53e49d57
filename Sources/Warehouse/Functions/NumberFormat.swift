import Foundation
import SQLite

/// Snowflake's numeric SQL format models for TO_CHAR and TO_NUMBER: `9` and `0` digits, `.`/`D`
/// and `,`/`G`, `$`, `S` and `MI` signs, `B` (blank zero), `FM` (compact), quoted literals, and the
/// text-minimal `TM`, `TM9`, `TME`. A fixed model prints one column per element plus a sign column
/// (`'$99.0'` gives `-$12.4`, `  $0.1`, and `$##.#` when the value does not fit).
struct NumberFormat {
    enum Sign { case floating, leadingS, trailingS, trailingMI }

    var prefix = "", suffix = ""
    /// The integer part's elements, left to right: "9", "0" or "," (G is written ",").
    var integer: [Character] = []
    var fraction: [Character] = []
    var hasPoint = false
    var dollar = false, blankZero = false, compact = false
    var sign = Sign.floating
    var textMinimal: String?

    init(_ model: String) throws {
        var chars = Array(model)[...]
        var body = false, done = false
        func literal(_ text: String) {
            if body { done = true }
            if done { suffix += text } else { prefix += text }
        }
        func element() throws {
            if done { throw FunctionError("format '\(model)': the number's elements must be together, with literals around them") }
            body = true
        }
        while let c = chars.first {
            let upper = String(chars.prefix(3)).uppercased()
            if c == "\"" {
                chars = chars.dropFirst()
                var text = ""
                while let d = chars.first {
                    chars = chars.dropFirst()
                    if d == "\"" {
                        if chars.first == "\"" { text.append("\""); chars = chars.dropFirst(); continue }
                        break
                    }
                    text.append(d)
                }
                literal(text)
                continue
            }
            if upper.hasPrefix("TM") {
                try element()
                let kind = upper == "TME" ? "TME" : upper == "TM9" ? "TM9" : "TM"
                textMinimal = kind
                chars = chars.dropFirst(kind.count)
                continue
            }
            if upper.hasPrefix("FM") { compact = true; chars = chars.dropFirst(2); continue }
            if upper.hasPrefix("MI") {
                try element()
                sign = .trailingMI
                chars = chars.dropFirst(2)
                done = true
                continue
            }
            switch c {
            case "9", "0":
                try element()
                if hasPoint { fraction.append(c) } else { integer.append(c) }
            case ",", "G", "g":
                if body && !hasPoint && !done && !integer.isEmpty { integer.append(",") } else if c == "," { literal(",") } else {
                    throw FunctionError("format '\(model)': G follows a digit")
                }
            case ".", "D", "d":
                if body && !done && !hasPoint { hasPoint = true } else if c == "." { literal(".") } else {
                    throw FunctionError("format '\(model)': D follows the integer digits, once")
                }
            case "$": try element(); dollar = true
            case "B", "b": try element(); blankZero = true
            case "S", "s":
                try element()
                if integer.isEmpty && fraction.isEmpty { sign = .leadingS } else { sign = .trailingS; done = true }
            case ";", ":", "-", "=", "/", "(", ")", " ", "_":
                literal(c == "_" ? "" : String(c))
            default:
                throw FunctionError("format '\(model)': '\(c)' is not a numeric format element wh supports (9 0 . , D G $ S MI B FM TM TM9 TME)")
            }
            chars = chars.dropFirst()
        }
        if textMinimal == nil && integer.isEmpty && fraction.isEmpty {
            throw FunctionError("format '\(model)' has no digits (9 or 0) and no TM")
        }
        if compact && fraction.contains("9") {
            throw FunctionError("format '\(model)': FM with 9s after the decimal point is not supported by wh yet; write 0s there")
        }
    }

    /// `value` (decimal text, e.g. `-12.391`) printed by the model; `scale` is the value's NUMBER
    /// scale for TM9 (nil for a FLOAT).
    func format(_ value: String, scale: Int?) throws -> String {
        let negative = value.hasPrefix("-")
        if let textMinimal {
            let text: String
            if textMinimal == "TME" {
                guard let scientific = Self.scientific(value) else { throw FunctionError("'\(value)' is not a number") }
                text = scientific
            } else if let scale, let rounded = DecimalText.rounded(value, scale: scale) {
                text = Self.padded(rounded, scale: scale)
            } else {
                text = value
            }
            return prefix + text + suffix
        }
        guard let rounded = DecimalText.rounded(value, scale: fraction.count).map({ Self.padded($0, scale: fraction.count) }) else {
            throw FunctionError("'\(value)' is not a number")
        }
        let unsigned = rounded.hasPrefix("-") ? String(rounded.dropFirst()) : rounded
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        var intDigits = Array(parts[0]), fracDigits = parts.count > 1 ? Array(parts[1]) : []
        if intDigits == ["0"] { intDigits = [] }
        let positions = integer.filter { $0 != "," }.count
        let overflow = intDigits.count > positions
        // The integer part right to left: a digit, a forced zero (a 0 at or left of it), or a blank.
        var out: [Character] = []
        var digitsLeft = intDigits
        var printed = 0
        let firstZero = integer.firstIndex(of: "0")
        for (i, element) in integer.enumerated().reversed() {
            if element == "," {
                out.append(digitsLeft.isEmpty && !(firstZero.map { $0 < i } ?? false) ? " " : ",")
                continue
            }
            if overflow { out.append("#"); printed += 1; continue }
            if let d = digitsLeft.popLast() { out.append(d); printed += 1 }
            else if let z = firstZero, z <= i { out.append("0"); printed += 1 }
            else { out.append(" ") }
        }
        out.reverse()
        // An integer part of zero shows one 0, unless B asks for a blank.
        if printed == 0, !blankZero, let last = out.lastIndex(where: { $0 == " " }) { out[last] = "0" }
        // Group separators with no digit to their left are blanks.
        var seenDigit = false
        for i in out.indices {
            if out[i] == "," && !seenDigit { out[i] = " " }
            if out[i].isNumber || out[i] == "#" { seenDigit = true }
        }
        if hasPoint {
            out.append(".")
            if overflow { fracDigits = Array(repeating: "#", count: fraction.count) }
            out += fracDigits
        }
        let isZero = !unsigned.contains(where: { $0 != "0" && $0 != "." })
        let minus = negative && !isZero
        var signText = ""
        switch sign {
        case .floating: signText = minus ? "-" : " "
        case .leadingS: signText = minus ? "-" : "+"
        case .trailingS, .trailingMI: break
        }
        // $ and the sign float to the first printed column.
        let start = out.firstIndex { $0 != " " } ?? out.endIndex
        out.insert(contentsOf: Array(signText + (dollar ? "$" : "")), at: start)
        if signText == " " {
            // A positive number's sign column is a blank at the front.
            out.remove(at: start)
            out.insert(" ", at: 0)
        }
        switch sign {
        case .trailingS: out.append(minus ? "-" : "+")
        case .trailingMI: out.append(minus ? "-" : " ")
        default: break
        }
        var text = String(out)
        if compact { text = text.trimmingCharacters(in: .whitespaces) }
        return prefix + text + suffix
    }

    /// Text read by the model (TO_NUMBER): its literals, `$`, group separators and blanks are
    /// skipped; a trailing `-` or MI sign is a minus. Nil when no number is there.
    func parse(_ text: String) -> String? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        if !prefix.isEmpty, s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        if !suffix.isEmpty, s.hasSuffix(suffix) { s = s.dropLast(suffix.count) }
        var negative = false
        s = Substring(s.trimmingCharacters(in: .whitespaces))
        if s.hasSuffix("-") { negative = true; s = s.dropLast() } else if s.hasSuffix("+") { s = s.dropLast() }
        if s.hasPrefix("-") { negative.toggle(); s = s.dropFirst() } else if s.hasPrefix("+") { s = s.dropFirst() }
        if s.hasPrefix("$") { s = s.dropFirst() }
        let digits = s.filter { $0 != "," && $0 != " " }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1, textMinimal != nil || digits.split(separator: ".").first.map({ $0.count <= integer.filter { $0 != "," }.count }) ?? true
        else {
            if textMinimal != nil, let d = Double(s) { return (negative ? "-" : "") + String(d) }
            return nil
        }
        return (negative ? "-" : "") + digits
    }

    /// Decimal text with exactly `scale` decimals (`0` at scale 3 is `0.000`).
    static func padded(_ text: String, scale: Int) -> String {
        guard scale > 0 else { return text }
        let decimals = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if decimals >= scale { return text }
        return text + (decimals < 0 ? "." : "") + String(repeating: "0", count: scale - max(0, decimals))
    }

    /// `1.2391E1`, `-1E0`, `0E0`: the significant digits and the exponent, as TME prints them.
    static func scientific(_ value: String) -> String? {
        guard let plain = DecimalText.rounded(value, scale: 40) else { return nil }
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? plain.dropFirst() : Substring(plain)
        let point = unsigned.firstIndex(of: ".") ?? unsigned.endIndex
        let integerCount = unsigned.distance(from: unsigned.startIndex, to: point)
        let digits = Array(unsigned.filter { $0 != "." })
        guard let first = digits.firstIndex(where: { $0 != "0" }) else { return "0E0" }
        var significant = digits[first...]
        while significant.last == "0" { significant = significant.dropLast() }
        let exponent = integerCount - first - 1
        let mantissa = String(significant.prefix(1)) + (significant.count > 1 ? "." + String(significant.dropFirst()) : "")
        return (negative ? "-" : "") + mantissa + "E" + String(exponent)
    }
}
