import Foundation

/// `Wed, 28 Apr 2021 16:14:06 GMT`, the form LIST's last_modified takes.
enum HTTPDate {
    static func format(_ date: Date) -> String {
        let t = CivilTime(date)
        func pad(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let weekday = DateFormat.dayNames[Int(((t.days + 4) % 7 + 7) % 7)]
        let month = DateFormat.monthNames[Int(t.month) - 1].prefix(3)
        return "\(weekday), \(pad(t.day)) \(month) \(t.year) \(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)) GMT"
    }
}
