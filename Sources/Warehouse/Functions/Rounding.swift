import Foundation
import SQLite

/// ROUND with a negative scale or a rounding mode, TRUNC/TRUNCATE, FLOOR and CEIL with a scale, as
/// Snowflake computes them: a NUMBER in decimal (2.675 rounds to 2.68), a FLOAT in binary, and a
/// negative scale rounding to tens, hundreds… (ROUND(1234.5, -2) is 1200 for both).
extension Warehouse {
    func registerRounding() throws {
        // wh_round_to(x, scale, mode, decimal): mode HALF_AWAY_FROM_ZERO, HALF_TO_EVEN, FLOOR, CEIL or TRUNC.
        try connection.createFunction("wh_round_to", argumentCount: 4) { a in
            if a[0].isNull || a[1].isNull || a[2].isNull { return .null }
            guard let scale = a[1].integerValue ?? a[1].textValue.flatMap({ Double($0) }).map({ Int64($0) }), abs(scale) <= 38 else {
                throw FunctionError("the scale '\(a[1].textValue ?? "")' is not an integer from -38 to 38")
            }
            let mode = (a[2].textValue ?? "").uppercased()
            guard ["HALF_AWAY_FROM_ZERO", "HALF_TO_EVEN", "FLOOR", "CEIL", "TRUNC"].contains(mode) else {
                throw FunctionError("rounding mode '\(a[2].textValue ?? "")' is not valid: use 'HALF_AWAY_FROM_ZERO' or 'HALF_TO_EVEN'")
            }
            let decimalSemantics = a[3].integerValue == 1 || { if case .integer = a[0] { return true } else { return false } }()
            if decimalSemantics {
                guard let text = a[0].textValue, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw FunctionError("Numeric value '\(a[0].textValue ?? "")' is not recognized")
                }
                let rounded = Self.round(value, scale: Int(scale), mode: mode)
                let out = NSDecimalNumber(decimal: rounded).stringValue
                return Conversions.number(.text(out), scale: max(0, Int(scale))) ?? .text(out)
            }
            guard let x = a[0].textValue.flatMap(Double.init) else { return .null }
            let rule: FloatingPointRoundingRule = switch mode {
            case "HALF_TO_EVEN": .toNearestOrEven
            case "FLOOR": .down
            case "CEIL": .up
            case "TRUNC": .towardZero
            default: .toNearestOrAwayFromZero
            }
            let factor = pow(10, Double(abs(scale)))
            return .real(scale >= 0 ? (x * factor).rounded(rule) / factor : (x / factor).rounded(rule) * factor)
        }
    }

    static func round(_ value: Decimal, scale: Int, mode: String) -> Decimal {
        var input = value, result = Decimal()
        switch mode {
        case "HALF_TO_EVEN": NSDecimalRound(&result, &input, scale, .bankers)
        case "HALF_AWAY_FROM_ZERO": NSDecimalRound(&result, &input, scale, .plain)
        default:
            // Toward zero on the magnitude, then one step out when FLOOR of a negative or CEIL of a
            // positive value had anything cut.
            var magnitude = value < 0 ? -value : value, cut = Decimal()
            NSDecimalRound(&cut, &magnitude, scale, .down)
            let step = scale >= 0 ? 1 / pow(Decimal(10), scale) : pow(Decimal(10), -scale)   // one unit of the last kept digit
            var truncated = value < 0 ? -cut : cut
            if cut != magnitude {
                if mode == "FLOOR", value < 0 { truncated -= step }
                if mode == "CEIL", value > 0 { truncated += step }
            }
            result = truncated
        }
        return result
    }
}
