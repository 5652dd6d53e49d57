import Foundation
import SQLite

/// Snowflake's conversions between values, shared by `::`, CAST, TRY_CAST and the TO_*/TRY_TO_*
/// functions. Each returns nil when the value cannot be converted; callers turn that into NULL (TRY_)
/// or Snowflake's error.
enum Conversions {
    static func number(_ value: Value) -> Double? {
        switch value {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return Double(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// NUMBER(p,s): rounded half away from zero to the scale, on the decimal value (the text given,
    /// or a double's shortest form: 1.005 → 1.01); an integer when the scale is 0.
    static func number(_ value: Value, scale: Int) -> Value? {
        if case .integer = value, scale >= 0 { return value }
        let text: String
        switch value {
        case .integer(let i): text = String(i)
        case .real(let d) where d.isFinite:
            // Away from a tie the binary value rounds the same as the decimal one: no text needed.
            let factor = pow(10.0, Double(scale)), x = d * factor
            if scale >= 0, abs(x) < 1e15, abs(abs(x - x.rounded(.towardZero)) - 0.5) > 1e-6 {
                let rounded = x.rounded(.toNearestOrAwayFromZero)
                return scale == 0 ? .integer(Int64(rounded)) : .real(rounded / factor)
            }
            text = "\(d)"
        case .text(let s): text = s
        default: return nil
        }
        guard let rounded = DecimalText.rounded(text, scale: scale), let d = Double(rounded) else { return nil }
        if scale <= 0, abs(d) < 9.2e18, let i = Int64(rounded) { return .integer(i) }
        return .real(d)
    }

    /// The two sides of `/` or `%` as numbers; nil when one is NULL. Snowflake's errors for text
    /// that is not a number and for a zero divisor.
    private static func operands(_ a: Value, _ b: Value) throws -> (Double, Double)? {
        guard !a.isNull, !b.isNull else { return nil }
        guard let divisor = number(b), let dividend = number(a) else {
            let unrecognized = number(a) == nil ? a : b
            throw FunctionError("Numeric value '\(unrecognized.displayText ?? "")' is not recognized")
        }
        if divisor == 0 { throw FunctionError("Division by zero") }
        return (dividend, divisor)
    }

    /// `a / b` as Snowflake divides: "Division by zero" for a zero divisor; NUMBERs divided as
    /// decimals and rounded half away from zero to `scale` (Snowflake's result scale, worked out by
    /// the renderer); a negative scale means FLOAT division; NULL (types not known) divides integers
    /// as NUMBER(38,0)s (scale 6) and anything else as FLOATs.
    static func divide(_ a: Value, _ b: Value, scale: Value) throws -> Value {
        guard let (dividend, divisor) = try operands(a, b) else { return .null }
        var places: Int
        switch (scale, a, b) {
        case (.integer(let s), _, _) where s >= 0: places = Int(s)
        case (.null, .integer, .integer): places = 6
        default: return .real(dividend / divisor)
        }
        places = min(places, 37)
        guard let x = decimal(a), let y = decimal(b) else { return .real(dividend / divisor) }
        var quotient = x / y, rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, places, .plain)
        let result = Value.real(NSDecimalNumber(decimal: rounded).doubleValue)
        if let limit = precisionLimit(result, scale: places) { throw FunctionError(limit) }
        return result
    }

    /// `a % b` and MOD(a, b) as Snowflake computes them: the remainder has the dividend's sign;
    /// "Division by zero" for a zero divisor; NUMBERs as decimals (`0.3 % 0.1` is 0.0, not the
    /// double's 0.09999…), rounded to `scale`; a negative scale means FLOAT (fmod); NULL (types not
    /// known) takes two integers as integers and anything else as FLOATs. SQLite's `%` cut both
    /// sides to integers first (`7.5 % 2` was 1).
    static func remainder(_ a: Value, _ b: Value, scale: Value) throws -> Value {
        guard let (dividend, divisor) = try operands(a, b) else { return .null }
        if case .integer(let x) = a, case .integer(let y) = b, scale == .null || scale == .integer(0) {
            return .integer(x.remainderReportingOverflow(dividingBy: y).partialValue)
        }
        guard case .integer(let places) = scale, places >= 0, let x = decimal(a), let y = decimal(b) else {
            return .real(fmod(dividend, divisor))
        }
        // x - y * trunc(x / y), with the quotient cut toward zero as a decimal.
        var quotient = x / y, whole = Decimal()
        NSDecimalRound(&whole, &quotient, 0, quotient < 0 ? .up : .down)
        var rest = x - y * whole, rounded = Decimal()
        NSDecimalRound(&rounded, &rest, Int(min(places, 37)), .plain)
        if places == 0, let i = Int64(exactly: NSDecimalNumber(decimal: rounded).doubleValue) { return .integer(i) }
        return .real(NSDecimalNumber(decimal: rounded).doubleValue)
    }

    /// The decimal a value stands for: an integer exactly, a double by its shortest form.
    private static func decimal(_ value: Value) -> Decimal? {
        switch value {
        case .integer(let i): return Decimal(i)
        case .real(let d) where d.isFinite: return Decimal(string: "\(d)", locale: Locale(identifier: "en_US_POSIX"))
        case .text(let s): return Decimal(string: s.trimmingCharacters(in: .whitespaces), locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }

    /// Why `value`, converted to NUMBER(p, `scale`), is beyond what wh keeps exactly (nil when it is
    /// not): a NUMBER with a scale is a binary double, exact to 15 significant digits; one without is
    /// a 64-bit integer. Snowflake keeps 38 digits: wh refuses rather than answer with fewer.
    /// Snowflake's refusal of a NUMBER(p,s) value with more than p - s integer digits (1000 in a
    /// NUMBER(2,0)); nil when it fits or the precision is the default 38.
    /// `written`: the value as given, for the message (`value` is it rounded to the scale).
    static func outOfRange(_ value: Value, precision: Int?, scale: Int, written: Value? = nil) -> String? {
        guard let precision, precision < 38, let d = number(value), abs(d) >= pow(10, Double(precision - scale)) else { return nil }
        return "Numeric value '\((written ?? value).displayText ?? "")' is out of range for NUMBER(\(precision),\(scale))"
    }

    static func precisionLimit(_ value: Value, scale: Int) -> String? {
        guard case .real(let d) = value else { return nil }
        if scale <= 0, abs(d) >= 9.2e18 {
            return "Number \(Value.format(real: d)) is beyond wh's 64-bit integers (NUMBER with scale 0); use FLOAT for it"
        }
        if scale > 0, abs(d) >= pow(10, Double(15 - min(scale, 15))) {
            return "Number \(Value.format(real: d)) at scale \(scale) needs more than the 15 significant digits wh keeps exactly; "
                + "use a smaller scale, or FLOAT"
        }
        return nil
    }

    static func boolean(_ value: Value) -> Value? {
        switch value {
        case .integer(let i): return .integer(i != 0 ? 1 : 0)
        case .real(let d): return .integer(d != 0 ? 1 : 0)
        case .text(let s):
            switch s.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "t", "yes", "y", "on", "1": return .integer(1)
            case "false", "f", "no", "n", "off", "0": return .integer(0)
            default: return nil
            }
        default: return nil
        }
    }

    static func text(_ value: Value) -> Value {
        switch value {
        case .real(let d) where d == d.rounded() && abs(d) < 1e15: return .text(String(Int64(d)))
        default: return value.displayText.map(Value.text) ?? .null
        }
    }

    /// TIMESTAMP_NTZ in wh's canonical text; integers are seconds since the epoch.
    static func timestamp(_ value: Value) -> Value? {
        switch value {
        case .integer(let i): return .text(CanonicalTimestamp.format(Date(timeIntervalSince1970: Double(i))))
        case .text(let s):
            if CanonicalTimestamp.isPlainlyCanonical(s) { return value }
            return CanonicalTimestamp.parse(s.trimmingCharacters(in: .whitespaces)).map { .text(CanonicalTimestamp.format($0)) }
        default: return nil
        }
    }

    static func date(_ value: Value) -> Value? {
        guard case .text(let s)? = timestamp(value) else { return nil }
        return .text(String(s.prefix(10)))
    }

    /// `value` as a column of `type` stores it, or nil when it cannot be converted.
    static func value(_ value: Value, to type: SnowflakeType) -> Value? {
        if value.isNull { return .null }
        switch type.kind {
        case .float: return number(value).map(Value.real)
        case .number: return number(value, scale: type.scale ?? 0)
        case .boolean: return boolean(value)
        case .timestampNTZ, .timestampLTZ, .timestampTZ: return timestamp(value)
        case .date: return date(value)
        case .text: return text(value)
        case .time, .variant, .object, .array, .binary: return value
        }
    }

    /// Snowflake's message for a value that does not convert to `type`.
    static func failureMessage(_ value: Value, to type: SnowflakeType) -> String {
        let text = value.displayText ?? ""
        switch type.kind {
        case .float, .number: return "Numeric value '\(text)' is not recognized"
        case .boolean: return "Boolean value '\(text)' is not recognized"
        case .timestampNTZ, .timestampLTZ, .timestampTZ: return "Timestamp '\(text)' is not recognized"
        case .date: return "Date '\(text)' is not recognized"
        default: return "String '\(text)' is not recognized"
        }
    }
}

extension Warehouse {
    /// `wh_to_<kind>(value, try)` for each conversion; the renderer calls them for casts.
    func registerConversionFunctions() throws {
        func register(_ name: String, failure: String, _ convert: @escaping @Sendable (Value, [Value]) -> Value?) throws {
            try connection.createFunction(name) { arguments in
                guard let value = arguments.first, !value.isNull else { return .null }
                if let converted = convert(value, Array(arguments.dropFirst(2))) { return converted }
                if arguments.count > 1, arguments[1] != .integer(0) { return .null }
                throw FunctionError("\(failure) '\(value.displayText ?? "")' is not recognized")
            }
        }
        try register("wh_to_float", failure: "Numeric value") { value, _ in Conversions.number(value).map(Value.real) }
        // Text in arithmetic or compared with a number: an integer stays one ('5' + 1 is 6), other
        // numbers are doubles, anything else Snowflake's error (SQLite read 'abc' as 0).
        try register("wh_text_number", failure: "Numeric value") { value, _ in
            if case .text(let text) = value, let i = Int64(text.trimmingCharacters(in: .whitespaces)) { return .integer(i) }
            if case .integer = value { return value }
            return Conversions.number(value).map(Value.real)
        }
        try connection.createFunction("wh_to_number") { arguments in
            guard let value = arguments.first, !value.isNull else { return .null }
            var scale = 0
            if arguments.count > 2, case .integer(let s) = arguments[2] { scale = Int(s) }
            guard let converted = Conversions.number(value, scale: scale) else {
                if arguments.count > 1, arguments[1] != .integer(0) { return .null }
                throw FunctionError("Numeric value '\(value.displayText ?? "")' is not recognized")
            }
            // TO_NUMBER(x, precision, scale), or a column's NUMBER(p,s): no more integer digits than p - s.
            // Snowflake's refusal (NULL for TRY_) comes before wh's own limit, which is always an error.
            if arguments.count > 3, let range = Conversions.outOfRange(converted, precision: arguments[3].integerValue.map(Int.init),
                                                                       scale: scale, written: value) {
                if arguments[1] != .integer(0) { return .null }
                throw FunctionError(range)
            }
            if let limit = Conversions.precisionLimit(converted, scale: scale) { throw FunctionError(limit) }
            return converted
        }
        // wh_parse_number(text, format, try): the number a numeric format model reads in the text.
        try connection.createFunction("wh_parse_number", argumentCount: 3) { arguments in
            guard let text = arguments[0].textValue, let model = arguments[1].textValue else { return .null }
            if case .integer = arguments[0] { return arguments[0] }
            if case .real = arguments[0] { return arguments[0] }
            if let number = try NumberFormat(model).parse(text) { return .text(number) }
            if arguments[2] != .integer(0) { return .null }
            throw FunctionError("Numeric value '\(text)' does not match the format '\(model)'")
        }
        // wh_to_char(value, format, scale, isNumber): a number by a numeric model, else a date or timestamp.
        try connection.createFunction("wh_to_char", argumentCount: 4) { arguments in
            let value = arguments[0]
            guard !value.isNull, let model = arguments[1].textValue else { return .null }
            switch value {
            case .integer(let i): return .text(try NumberFormat(model).format(String(i), scale: arguments[2].integerValue.map(Int.init)))
            case .real(let d): return .text(try NumberFormat(model).format(Value.format(real: d), scale: arguments[2].integerValue.map(Int.init)))
            case .text(let t) where arguments[3] == .integer(1):
                return .text(try NumberFormat(model).format(t, scale: arguments[2].integerValue.map(Int.init)))
            default: return .text(try Self.formatTimestamp(value, model))
            }
        }
        try connection.createFunction("wh_divide", argumentCount: 3) { arguments in
            try Conversions.divide(arguments[0], arguments[1], scale: arguments[2])
        }
        try connection.createFunction("wh_mod", argumentCount: 3) { arguments in
            try Conversions.remainder(arguments[0], arguments[1], scale: arguments[2])
        }
        try register("wh_to_boolean", failure: "Boolean value") { value, _ in Conversions.boolean(value) }
        try register("wh_to_timestamp", failure: "Timestamp") { value, _ in Conversions.timestamp(value) }
        try register("wh_to_date", failure: "Date") { value, _ in Conversions.date(value) }
        try register("wh_to_varchar", failure: "String") { value, _ in Conversions.text(value) }
        // wh_number_text(x, scale): a NUMBER's text with its scale's decimals (300.00), as Snowflake casts it.
        try connection.createFunction("wh_number_text", argumentCount: 2) { arguments in
            guard let scale = arguments[1].integerValue else { return .null }
            return NumberText.format(SQLValue(arguments[0]), scale: Int(scale)).map(Value.text) ?? .null
        }
    }
}
