import Foundation

/// A timestamp broken into calendar fields (UTC, proleptic Gregorian).
struct CivilTime: Equatable {
    var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, micros: Int64

    init(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, micros: Int64 = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second, self.micros) = (year, month, day, hour, minute, second, micros)
    }

    init(_ date: Date) {
        // Nearest, not down: a Date holds about 0.24 µs, so 12:00:00.597 may be 12:00:00.596999 9…
        var micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        micros %= 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = CanonicalTimestamp.civil(fromDays: days)
        self.init(year: y, month: m, day: d, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60, micros: micros)
    }

    var days: Int64 { CanonicalTimestamp.days(fromCivil: year, month, day) }
    var epochMicros: Int64 { ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1_000_000) + micros }
    var date: Date { Date(timeIntervalSince1970: Double(epochMicros) / 1_000_000) }

    static func daysIn(year: Int64, month: Int64) -> Int64 {
        let next = month == 12 ? (year + 1, Int64(1)) : (year, month + 1)
        return CanonicalTimestamp.days(fromCivil: next.0, next.1, 1) - CanonicalTimestamp.days(fromCivil: year, month, 1)
    }
}
