import Foundation
import SQLite

/// The date and time parts Snowflake accepts, with their abbreviations.
enum DatePart: String {
    case year, quarter, month, week, day, hour, minute, second, millisecond, microsecond, dayofweek, dayofyear, epochSecond

    init?(_ text: String) {
        switch text.lowercased() {
        case "year", "years", "y", "yy", "yyy", "yyyy", "yr", "yrs": self = .year
        case "quarter", "quarters", "q", "qtr", "qtrs": self = .quarter
        case "month", "months", "mm", "mon", "mons": self = .month
        case "week", "weeks", "w", "wk", "weekofyear", "woy", "wy": self = .week
        case "day", "days", "d", "dd", "dayofmonth": self = .day
        case "hour", "hours", "h", "hh", "hr", "hrs": self = .hour
        case "minute", "minutes", "m", "mi", "min", "mins": self = .minute
        case "second", "seconds", "s", "sec", "secs": self = .second
        case "millisecond", "milliseconds", "ms", "msec": self = .millisecond
        case "microsecond", "microseconds", "us", "usec": self = .microsecond
        case "dayofweek", "weekday", "dow", "dw": self = .dayofweek
        case "dayofyear", "yearday", "doy", "dy": self = .dayofyear
        case "epoch_second", "epoch", "epoch_seconds": self = .epochSecond
        default: return nil
        }
    }

    var microseconds: Int64? {
        switch self {
        case .week: return 7 * 86_400_000_000
        case .day: return 86_400_000_000
        case .hour: return 3_600_000_000
        case .minute: return 60_000_000
        case .second: return 1_000_000
        case .millisecond: return 1_000
        case .microsecond: return 1
        default: return nil
        }
    }
}

extension Warehouse {
    /// DATEADD, DATEDIFF, DATE_TRUNC and DATE_PART over wh's canonical timestamps and dates.
    func registerDateFunctions() throws {
        func part(_ value: Value, _ function: String) throws -> DatePart {
            guard let text = value.textValue, let part = DatePart(text) else {
                throw FunctionError("\(function): '\(value.textValue ?? "NULL")' is not a date or time part")
            }
            return part
        }
        func time(_ value: Value, _ function: String) throws -> (CivilTime, isDate: Bool)? {
            guard let text = value.textValue else { return nil }
            guard let date = CanonicalTimestamp.parse(text.trimmingCharacters(in: .whitespaces)) else {
                throw FunctionError("Timestamp '\(text)' is not recognized")
            }
            return (CivilTime(date), text.count == 10)
        }
        func output(_ time: CivilTime, isDate: Bool, part: DatePart) -> Value {
            let text = CanonicalTimestamp.format(time.date)
            return .text(isDate && part.microseconds.map { $0 >= 86_400_000_000 } ?? true ? String(text.prefix(10)) : text)
        }
        try connection.createFunction("wh_dateadd", argumentCount: 3) { a in
            let unit = try part(a[0], "DATEADD")
            guard let amount = a[1].textValue.flatMap({ Int64($0) ?? Double($0).map { Int64($0) } }),
                  let (start, isDate) = try time(a[2], "DATEADD") else { return .null }
            var result = start
            switch unit {
            case .year, .quarter, .month:
                let months = amount * (unit == .year ? 12 : unit == .quarter ? 3 : 1)
                let total = start.year * 12 + (start.month - 1) + months
                result.year = total >= 0 ? total / 12 : (total - 11) / 12
                result.month = total - result.year * 12 + 1
                result.day = min(start.day, CivilTime.daysIn(year: result.year, month: result.month))
            default:
                guard let step = unit.microseconds else { throw FunctionError("DATEADD: cannot add \(unit.rawValue)") }
                result = CivilTime(Date(timeIntervalSince1970: Double(start.epochMicros + amount * step) / 1_000_000))
            }
            return output(result, isDate: isDate, part: unit)
        }
        // ADD_MONTHS: as DATEADD(month), except that the last day of a month goes to the last day of
        // the month it lands in (2016-02-29 + 1 month is 2016-03-31).
        try connection.createFunction("wh_add_months", argumentCount: 2) { a in
            guard let months = a[1].textValue.flatMap({ Int64($0) ?? Double($0).map { Int64($0) } }),
                  let (start, isDate) = try time(a[0], "ADD_MONTHS") else { return .null }
            var result = start
            let total = start.year * 12 + (start.month - 1) + months
            result.year = total >= 0 ? total / 12 : (total - 11) / 12
            result.month = total - result.year * 12 + 1
            let last = CivilTime.daysIn(year: result.year, month: result.month)
            result.day = start.day == CivilTime.daysIn(year: start.year, month: start.month) ? last : min(start.day, last)
            return output(result, isDate: isDate, part: .month)
        }
        try connection.createFunction("wh_datediff", argumentCount: 3) { a in
            let unit = try part(a[0], "DATEDIFF")
            guard let (from, _) = try time(a[1], "DATEDIFF"), let (to, _) = try time(a[2], "DATEDIFF") else { return .null }
            switch unit {
            case .year: return .integer(to.year - from.year)
            case .quarter: return .integer((to.year * 4 + (to.month - 1) / 3) - (from.year * 4 + (from.month - 1) / 3))
            case .month: return .integer((to.year * 12 + to.month) - (from.year * 12 + from.month))
            case .week:
                // Weeks start on Monday; 1970-01-05 was one.
                func week(_ t: CivilTime) -> Int64 { let d = t.days - 4; return d >= 0 ? d / 7 : (d - 6) / 7 }
                return .integer(week(to) - week(from))
            default:
                guard let step = unit.microseconds else { throw FunctionError("DATEDIFF: cannot count \(unit.rawValue)") }
                func floorDiv(_ x: Int64) -> Int64 { x >= 0 ? x / step : (x - step + 1) / step }
                return .integer(floorDiv(to.epochMicros) - floorDiv(from.epochMicros))
            }
        }
        try connection.createFunction("wh_date_trunc", argumentCount: 2) { a in
            let unit = try part(a[0], "DATE_TRUNC")
            guard let (t, isDate) = try time(a[1], "DATE_TRUNC") else { return .null }
            var r = CivilTime(year: t.year, month: t.month, day: t.day)
            switch unit {
            case .year: r.month = 1; r.day = 1
            case .quarter: r.month = (t.month - 1) / 3 * 3 + 1; r.day = 1
            case .month: r.day = 1
            case .week: r = CivilTime(Date(timeIntervalSince1970: Double((t.days - ((t.days - 4) % 7 + 7) % 7) * 86_400)))
            case .day: break
            case .hour: r.hour = t.hour
            case .minute: (r.hour, r.minute) = (t.hour, t.minute)
            case .second: (r.hour, r.minute, r.second) = (t.hour, t.minute, t.second)
            case .millisecond: r = t; r.micros = t.micros / 1000 * 1000
            case .microsecond: r = t
            default: throw FunctionError("DATE_TRUNC: cannot truncate to \(unit.rawValue)")
            }
            return output(r, isDate: isDate, part: unit)
        }
        // TO_TIMESTAMP / TO_DATE (and TRY_) with a format: wh_parse_timestamp(text, format, try, dateOnly).
        try connection.createFunction("wh_parse_timestamp", argumentCount: 4) { a in
            guard let text = a[0].textValue, let format = a[1].textValue else { return .null }
            let isTry = a[2] != .integer(0), dateOnly = a[3] != .integer(0)
            guard let parsed = try DateFormat(format).parse(text.trimmingCharacters(in: .whitespaces)) else {
                if isTry { return .null }
                throw FunctionError("Can't parse '\(text)' as \(dateOnly ? "date" : "timestamp") with format '\(format)'")
            }
            let canonical = CanonicalTimestamp.format(parsed.date)
            return .text(dateOnly ? String(canonical.prefix(10)) : canonical)
        }
        // TO_CHAR / TO_VARCHAR of a date or timestamp with a format.
        try connection.createFunction("wh_date_part", argumentCount: 2) { a in
            let unit = try part(a[0], "DATE_PART")
            guard let (t, _) = try time(a[1], "DATE_PART") else { return .null }
            switch unit {
            case .year: return .integer(t.year)
            case .quarter: return .integer((t.month - 1) / 3 + 1)
            case .month: return .integer(t.month)
            case .day: return .integer(t.day)
            case .hour: return .integer(t.hour)
            case .minute: return .integer(t.minute)
            case .second: return .integer(t.second)
            case .millisecond: return .integer(t.micros / 1000)
            case .microsecond: return .integer(t.micros)
            case .dayofweek: return .integer(((t.days + 4) % 7 + 7) % 7)   // 0 = Sunday, as Snowflake by default
            case .dayofyear: return .integer(t.days - CanonicalTimestamp.days(fromCivil: t.year, 1, 1) + 1)
            case .epochSecond: return .integer(t.epochMicros >= 0 ? t.epochMicros / 1_000_000 : (t.epochMicros - 999_999) / 1_000_000)
            case .week:
                // ISO week number.
                let weekday = ((t.days + 3) % 7 + 7) % 7   // 0 = Monday
                let thursday = t.days - weekday + 3
                let year = CivilTime(Date(timeIntervalSince1970: Double(thursday * 86_400))).year
                return .integer((thursday - CanonicalTimestamp.days(fromCivil: year, 1, 1)) / 7 + 1)
            }
        }
    }
}

extension Warehouse {
    /// TO_CHAR(date or timestamp, format).
    static func formatTimestamp(_ value: Value, _ format: String) throws -> String {
        guard let text = value.textValue, let date = CanonicalTimestamp.parse(text) else {
            throw FunctionError("TO_CHAR with a format takes a number, a date or a timestamp; '\(value.textValue ?? "")' is none of them")
        }
        return try DateFormat(format).format(CivilTime(date))
    }
}
