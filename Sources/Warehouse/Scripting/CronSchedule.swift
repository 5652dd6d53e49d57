import Foundation

/// A task's `SCHEDULE = 'USING CRON <minute> <hour> <day-of-month> <month> <day-of-week> <time zone>'`:
/// fields take `*`, numbers, ranges `a-b`, lists `a,b`, steps `*/n` and `a-b/n`, and month and day
/// names (JAN–DEC, SUN–SAT). When both day fields are restricted either one matching is enough, as
/// in cron. The time zone is an IANA name; times are matched in it, so runs follow its clock across
/// daylight-saving changes.
struct CronSchedule: Equatable {
    var minutes: Set<Int>
    var hours: Set<Int>
    var days: Set<Int>
    var months: Set<Int>
    var weekdays: Set<Int>
    var daysRestricted: Bool
    var weekdaysRestricted: Bool
    var timeZone: TimeZone

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// Parses the text after `USING CRON`; the error says which field is wrong.
    init(_ text: String) throws {
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 6 else {
            throw CronError("a cron schedule has five fields and a time zone, e.g. 'USING CRON 0 9 * * MON-FRI America/Los_Angeles'")
        }
        minutes = try Self.field(fields[0], 0...59, names: [], label: "minute")
        hours = try Self.field(fields[1], 0...23, names: [], label: "hour")
        days = try Self.field(fields[2], 1...31, names: [], label: "day of month")
        months = try Self.field(fields[3], 1...12, names: Self.monthNames, label: "month", firstName: 1)
        weekdays = Set(try Self.field(fields[4], 0...7, names: Self.dayNames, label: "day of week").map { $0 % 7 })
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
        guard let zone = TimeZone(identifier: fields[5]) else { throw CronError("unknown time zone '\(fields[5])' (use an IANA name such as UTC or Europe/Paris)") }
        timeZone = zone
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>, names: [String], label: String, firstName: Int = 0) throws -> Set<Int> {
        var values = Set<Int>()
        for part in text.uppercased().split(separator: ",") {
            var base = Substring(part), step = 1
            if let slash = part.firstIndex(of: "/") {
                guard let n = Int(part[part.index(after: slash)...]), n > 0 else { throw CronError("invalid step in the \(label) field '\(text)'") }
                step = n
                base = part[..<slash]
            }
            func number(_ s: Substring) throws -> Int {
                if let n = Int(s), range.contains(n) { return n }
                if let index = names.firstIndex(of: String(s)) { return index + firstName }
                throw CronError("invalid \(label) '\(s)' (expected \(range.lowerBound)–\(range.upperBound))")
            }
            let bounds: ClosedRange<Int>
            if base == "*" {
                bounds = range
            } else if let dash = base.firstIndex(of: "-") {
                let low = try number(base[..<dash]), high = try number(base[base.index(after: dash)...])
                guard low <= high else { throw CronError("empty range in the \(label) field '\(text)'") }
                bounds = low...high
            } else {
                let n = try number(base)
                bounds = n...(step > 1 ? range.upperBound : n)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    /// The first minute strictly after `date` that the schedule matches (searched up to four years
    /// ahead, so a 29 February schedule is found).
    func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var minute = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
        let limit = date.addingTimeInterval(4 * 366 * 86_400)
        while minute < limit {
            let c = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: minute)
            guard let month = c.month, months.contains(month) else {
                minute = calendar.date(byAdding: .month, value: 1, to: calendar.date(from: calendar.dateComponents([.year, .month], from: minute))!)!
                continue
            }
            let dayMatches = daysRestricted && weekdaysRestricted
                ? days.contains(c.day!) || weekdays.contains(c.weekday! - 1)
                : days.contains(c.day!) && weekdays.contains(c.weekday! - 1)
            guard dayMatches else {
                minute = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: minute))!
                continue
            }
            guard hours.contains(c.hour!) else {
                minute = calendar.date(from: calendar.dateComponents([.year, .month, .day, .hour], from: minute))!.addingTimeInterval(3600)
                continue
            }
            if minutes.contains(c.minute!) { return minute }
            minute = minute.addingTimeInterval(60)
        }
        return nil
    }
}

/// A cron schedule that cannot be read.
struct CronError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
