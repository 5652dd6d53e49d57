import Foundation
import SQLite

/// A JSON value that does not fit its column: Snowflake's message, and where the value starts.
struct ConversionFailure: Error {
    var message: String
    var position: Int
}

/// Turns a scanned JSON value straight into the SQLite value a column of a Snowflake type stores,
/// without building strings or dictionaries on the way where the value does not need them. The
/// rules are those of wh's SQL conversions (`Conversions`), so `$1:x::FLOAT` in a COPY and in a query
/// agree.
enum SliceConversion {
    /// The value as SQLite's `->>` gives it: strings decoded, numbers as numbers, booleans 1/0, null
    /// as NULL, objects and arrays as JSON text.
    static func sqlValue(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>) -> Value {
        switch s.kind {
        case .null: return .null
        case .true: return .integer(1)
        case .false: return .integer(0)
        case .number: return number(s, b)
        case .string: return .text(string(s, b))
        case .object, .array: return .text(raw(s, b))
        }
    }

    /// The JSON text of the value, as a VARIANT holds it.
    static func json(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>) -> Value {
        if s.kind == .string && s.escaped { return .text(raw(s, b, repairing: true)) }
        return .text(raw(s, b))
    }

    /// The value for a column of `type` (nil: untyped, kept as `->>` gives it), through `cast` first
    /// when the transformation casts it. TRY_CAST (`isTry`) gives NULL where a cast would fail.
    static func converted(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>, to type: SnowflakeType?, cast: SnowflakeType?,
                          isTry: Bool) throws(ConversionFailure) -> Value {
        if s.kind == .null { return .null }
        do throws(ConversionFailure) {
            guard let cast, cast.kind != type?.kind else { return try direct(s, b, type ?? cast) }
            let value = try direct(s, b, cast)
            guard let type, !value.isNull else { return value }
            guard let converted = Conversions.value(value, to: type) else {
                throw ConversionFailure(message: Conversions.failureMessage(value, to: type), position: s.start)
            }
            return converted
        } catch {
            if isTry { return .null }
            throw error
        }
    }

    private static func direct(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>, _ type: SnowflakeType?) throws(ConversionFailure) -> Value {
        guard let type else { return sqlValue(s, b) }
        // A number written as a string ("1.5", as every CSV field is) read in place.
        if s.kind == .string, !s.escaped, type.kind == .float || type.kind == .number, let number = numberInside(s, b) {
            return try direct(number, b, type)
        }
        func fail(_ value: Value) -> ConversionFailure {
            // A number is named as written: read as a double, 1e400 would be 'inf'.
            if s.kind == .number, case .real(let d) = value, d.isInfinite {
                return ConversionFailure(message: "Numeric value '\(raw(s, b))' is out of range", position: s.start)
            }
            return ConversionFailure(message: Conversions.failureMessage(value, to: type), position: s.start)
        }
        switch type.kind {
        case .text, .time, .binary:
            switch s.kind {
            case .string: return .text(string(s, b))
            case .true: return .text("true")
            case .false: return .text("false")
            default: return .text(raw(s, b))
            }
        case .variant, .object, .array:
            return json(s, b)
        case .float:
            switch s.kind {
            case .number: return .real(double(s, b))
            case .true: return .real(1)
            case .false: return .real(0)
            default:
                let value = sqlValue(s, b)
                guard let d = Conversions.number(value) else { throw fail(value) }
                return .real(d)
            }
        case .number:
            let value = s.kind == .true ? .integer(1) : s.kind == .false ? .integer(0) : sqlValue(s, b)
            guard let converted = Conversions.number(value, scale: type.scale ?? 0) else { throw fail(value) }
            if let limit = Conversions.outOfRange(converted, precision: type.precision, scale: type.scale ?? 0, written: value)
                ?? Conversions.precisionLimit(converted, scale: type.scale ?? 0) {
                throw ConversionFailure(message: limit, position: s.start)
            }
            return converted
        case .boolean:
            switch s.kind {
            case .true: return .integer(1)
            case .false: return .integer(0)
            default:
                let value = sqlValue(s, b)
                guard let converted = Conversions.boolean(value) else { throw fail(value) }
                return converted
            }
        case .timestampNTZ, .timestampLTZ, .timestampTZ:
            if s.kind == .string, !s.escaped, let canonical = canonicalTimestamp(b, s.start + 1, s.end - 1) { return .text(canonical) }
            let value = sqlValue(s, b)
            guard let converted = Conversions.timestamp(value) else { throw fail(value) }
            return converted
        case .date:
            let value = sqlValue(s, b)
            guard let converted = Conversions.date(value) else { throw fail(value) }
            return converted
        }
    }

    /// The string's content as a number slice when it is a plain decimal number (`-12.5`, `3`,
    /// `1e5`); nil for anything else, which then goes through the general conversion.
    static func numberInside(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>) -> JSONSlice? {
        var i = s.start + 1
        let end = s.end - 1
        if i < end, b[i] == 0x2D { i += 1 }
        let digitsStart = i
        while i < end, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        guard i > digitsStart else { return nil }
        if i < end, b[i] == 0x2E {
            i += 1
            let fraction = i
            while i < end, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > fraction else { return nil }
        }
        if i < end, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < end, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            let exponent = i
            while i < end, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > exponent else { return nil }
        }
        guard i == end else { return nil }
        return JSONSlice(kind: .number, start: s.start + 1, end: end, escaped: false)
    }

    /// A JSON number as an integer when it is one that fits, else a double.
    static func number(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>) -> Value {
        var i = s.start
        let negative = b[i] == 0x2D
        if negative { i += 1 }
        if s.end - i <= 18 {
            var value: Int64 = 0
            while i < s.end, b[i] >= 0x30, b[i] <= 0x39 {
                value = value * 10 + Int64(b[i] - 0x30)
                i += 1
            }
            if i == s.end { return .integer(negative ? -value : value) }
        }
        return .real(double(s, b))
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// A JSON number as a double. Plain decimals whose digits fit in 2^53 are exact integers
    /// divided by an exact power of ten, which one IEEE division rounds correctly (Clinger's fast
    /// path); anything else goes to strtod.
    static func double(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        var i = s.start
        let negative = b[i] == 0x2D
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        var fractionDigits = 0
        var inFraction = false
        while i < s.end {
            let c = b[i]
            if c == 0x2E { inFraction = true; i += 1; continue }
            guard c >= 0x30, c <= 0x39, mantissa < 900_719_925_474_099 else { return slowDouble(s, b) }   // an exponent, or 2^53 near
            mantissa = mantissa * 10 + UInt64(c - 0x30)
            if inFraction { fractionDigits += 1 }
            i += 1
        }
        guard fractionDigits <= 22 else { return slowDouble(s, b) }
        let value = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return negative ? -value : value
    }

    private static func slowDouble(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        strtod(UnsafeRawPointer(b.baseAddress! + s.start).assumingMemoryBound(to: CChar.self), nil)
    }

    /// The text of a JSON string, escapes decoded.
    static func string(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>) -> String {
        if s.escaped { return decodeString(b, s.start, s.end) }
        return String(decoding: UnsafeBufferPointer(rebasing: b[(s.start + 1)..<(s.end - 1)]), as: UTF8.self)
    }

    /// The bytes of the value as written; invalid UTF-8 becomes U+FFFD when `repairing`.
    static func raw(_ s: JSONSlice, _ b: UnsafeBufferPointer<UInt8>, repairing: Bool = false) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self)
    }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.f…]` written straight into wh's canonical form, or nil for any other
    /// shape (which then goes through the general parser).
    static func canonicalTimestamp(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        let count = end - start
        guard count >= 19, count <= 29 else { return nil }
        func digit(_ k: Int) -> Int? { let c = b[start + k]; return c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil }
        func two(_ k: Int) -> Int? { guard let a = digit(k), let c = digit(k + 1) else { return nil }; return a * 10 + c }
        guard b[start + 4] == 0x2D, b[start + 7] == 0x2D, b[start + 10] == 0x54 || b[start + 10] == 0x20,
              b[start + 13] == 0x3A, b[start + 16] == 0x3A,
              let y1 = two(0), let y2 = two(2), let month = two(5), let day = two(8), let hour = two(11), let minute = two(14),
              let second = two(17), (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return nil }
        let year = y1 * 100 + y2
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day >= 1, day <= days else { return nil }
        var out = [UInt8](repeating: 0x30, count: 26)
        for k in 0..<19 { out[k] = b[start + k] }
        out[10] = 0x20
        out[19] = 0x2E
        if count > 19 {
            guard b[start + 19] == 0x2E, count > 20 else { return nil }
            for k in 20..<count {
                guard digit(k) != nil else { return nil }
                if k < 26 { out[k] = b[start + k] }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
