import Foundation

/// Decimal numbers as digit strings, for rounding as Snowflake's fixed-point NUMBER does: half away
/// from zero at a scale, on the decimal value written (`1.005` → 1.01), never on the binary double
/// nearest to it (1.00499999999999989…, which rounds to 1.00).
enum DecimalText {
    /// `text` (`-12.345`, `1e-5`, `1.5E+20`) rounded half away from zero to `scale` decimals, as
    /// plain decimal text (`-12.35`); nil when it is not a number.
    static func rounded(_ text: String, scale: Int) -> String? {
        guard let (negative, parsedDigits, parsedExponent) = parse(text) else { return nil }
        var digits = Array(parsedDigits.drop { $0 == 0 }), exponent = parsedExponent
        if digits.isEmpty { digits = [0]; exponent = 0 }
        // Past 10^10,000 a value is out of every range (a FLOAT's ends near 10^308) whatever its
        // exponent: written out, `1e308333333333333333` asked for that many digits of memory.
        exponent = min(exponent, 10_000)
        // The value is digits × 10^exponent; keep `scale` decimals: drop -exponent - scale digits.
        let drop = -exponent - scale
        if drop > 0 {
            if drop > digits.count {
                digits = [0]
            } else {
                let roundUp = digits[digits.count - drop] >= 5
                digits.removeLast(drop)
                if digits.isEmpty { digits = [0] }
                if roundUp { increment(&digits) }
            }
            exponent = -scale
        }
        // Plain text with exactly max(0, -exponent) decimals.
        var integer = digits, fraction: [UInt8] = []
        if exponent > 0 { integer += Array(repeating: 0, count: exponent) }
        if exponent < 0 {
            let places = -exponent
            if integer.count <= places { integer = Array(repeating: 0, count: places - integer.count + 1) + integer }
            fraction = Array(integer.suffix(places))
            integer.removeLast(places)
        }
        while integer.count > 1 && integer.first == 0 { integer.removeFirst() }
        let isZero = integer.allSatisfy { $0 == 0 } && fraction.allSatisfy { $0 == 0 }
        var out = (negative && !isZero ? "-" : "") + String(integer.map { Character(String($0)) })
        if !fraction.isEmpty { out += "." + String(fraction.map { Character(String($0)) }) }
        return out
    }

    /// Sign, decimal digits (most significant first) and the power of ten of the last digit.
    private static func parse(_ text: String) -> (Bool, [UInt8], Int)? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(s[s.index(after: e)...]) else { return nil }
            exponent = max(min(value, 1 << 40), -(1 << 40))   // room to count the digits without overflow
            s = s[..<e]
        }
        var digits: [UInt8] = []
        var seenPoint = false, any = false
        for c in s {
            if c == "." {
                if seenPoint { return nil }
                seenPoint = true
            } else if let d = c.wholeNumberValue, c.isASCII {
                digits.append(UInt8(d))
                any = true
                if seenPoint { exponent -= 1 }
            } else {
                return nil
            }
        }
        guard any else { return nil }
        return (negative, digits, exponent)
    }

    private static func increment(_ digits: inout [UInt8]) {
        var i = digits.count - 1
        while i >= 0 {
            if digits[i] < 9 { digits[i] += 1; return }
            digits[i] = 0
            i -= 1
        }
        digits.insert(1, at: 0)
    }
}
