import Foundation

/// wh stores TIMESTAMP_NTZ values as text in one sortable form, `YYYY-MM-DD HH:MM:SS.ffffff`, so that
/// text comparison is time comparison. This converts between that form and instants.
public enum CanonicalTimestamp {
    /// `date` as `2025-03-17 15:35:54.597252` (UTC, microseconds).
    public static func format(_ date: Date) -> String {
        let t = CivilTime(date)
        return pad(t.year, 4) + "-" + pad(t.month, 2) + "-" + pad(t.day, 2) + " " + pad(t.hour, 2) + ":" + pad(t.minute, 2) + ":"
            + pad(t.second, 2) + "." + pad(t.micros, 6)
    }

    /// Year, month, day of the proleptic Gregorian calendar for days since 1970-01-01
    /// (Howard Hinnant's algorithm).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension CanonicalTimestamp {
    /// Parses `YYYY-MM-DD[ |T]HH:MM[:SS[.fraction]]` (or a bare date) as UTC; nil when malformed.
    /// True for text already in the canonical form with a day every month has (`2025-03-17
    /// 15:35:54.597252`): writing it needs no parse (keys and timestamps written back by wh itself).
    public static func isPlainlyCanonical(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 26 else { return false }
        return utf8.withContiguousStorageIfAvailable { b -> Bool in
            func digits(_ range: Range<Int>) -> Int? {
                var n = 0
                for i in range { guard b[i] >= 48 && b[i] <= 57 else { return nil }; n = n * 10 + Int(b[i] - 48) }
                return n
            }
            guard b[4] == 45, b[7] == 45, b[10] == 32, b[13] == 58, b[16] == 58, b[19] == 46,
                  digits(0..<4) != nil, let month = digits(5..<7), let day = digits(8..<10), let hour = digits(11..<13),
                  let minute = digits(14..<16), let second = digits(17..<19), digits(20..<26) != nil else { return false }
            return (1...12).contains(month) && (1...28).contains(day) && hour < 24 && minute < 60 && second < 60
        } ?? false
    }

    public static func parse(_ text: String) -> Date? {
        epochMicroseconds(text).map { Date(timeIntervalSince1970: Double($0 / 1_000_000) + Double($0 % 1_000_000) / 1_000_000) }
    }

    /// Microseconds since 1970-01-01 00:00 UTC of a canonical (or ISO `T`/`Z`) timestamp or date,
    /// exactly (a `Date` holds only about 0.24 µs).
    public static func epochMicroseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int64? {
            guard i + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for b in bytes[i..<(i + digits)] {
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int64(b - 48)
            }
            i += digits
            return value
        }
        func expect(_ c: Character) -> Bool {
            guard i < bytes.count, bytes[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect("-"), let m = number(2), expect("-"), let d = number(2),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        var seconds = days(fromCivil: y, m, d) * 86_400
        var micros: Int64 = 0
        if i < bytes.count {
            guard expect(" ") || expect("T"), let hh = number(2), expect(":"), let mm = number(2),
                  hh < 24, mm < 60 else { return nil }
            seconds += hh * 3600 + mm * 60
            if expect(":") {
                guard let ss = number(2), ss < 60 else { return nil }
                seconds += ss
                if expect(".") {
                    var scale: Int64 = 100_000
                    while i < bytes.count, bytes[i] >= 48 && bytes[i] <= 57 {
                        micros += Int64(bytes[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
            if expect("Z") {}
            guard i == bytes.count else { return nil }
        }
        return seconds * 1_000_000 + micros
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
