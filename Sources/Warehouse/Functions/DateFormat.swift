import Foundation
import SQLite

/// Snowflake's date and time format strings (`YYYY-MM-DD HH24:MI:SS.FF3`, `DD/MM/YYYY`, `MON DD, YYYY
/// HH12:MI AM` …) for TO_CHAR and for TO_TIMESTAMP / TO_DATE with a format.
struct DateFormat {
    enum Element: Equatable {
        case year4, year2, month, monthAbbreviation, monthName, day, dayAbbreviation
        case hour24, hour12, minute, second, fraction(Int), meridiem
        case literal(String)
    }

    let elements: [Element]

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// Reads a format; throws, naming the element, when it uses something wh does not support.
    init(_ format: String) throws {
        var elements: [Element] = []
        var rest = Substring(format)
        let table: [(String, Element)] = [
            ("YYYY", .year4), ("YY", .year2), ("MMMM", .monthName), ("MON", .monthAbbreviation), ("MM", .month),
            ("DD", .day), ("DY", .dayAbbreviation), ("HH24", .hour24), ("HH12", .hour12), ("HH", .hour24),
            ("MI", .minute), ("SS", .second), ("AM", .meridiem), ("PM", .meridiem),
        ]
        outer: while let c = rest.first {
            if c == "\"" {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: "\"") else { throw FunctionError("format '\(format)': unterminated \"") }
                elements.append(.literal(String(body[..<close])))
                rest = body[body.index(after: close)...]
                continue
            }
            let upper = rest.uppercased()
            if upper.hasPrefix("FF") {
                rest = rest.dropFirst(2)
                if let digit = rest.first?.wholeNumberValue { elements.append(.fraction(digit)); rest = rest.dropFirst() }
                else { elements.append(.fraction(9)) }
                continue
            }
            for (name, element) in table where upper.hasPrefix(name) {
                elements.append(element)
                rest = rest.dropFirst(name.count)
                continue outer
            }
            if c.isLetter {
                throw FunctionError("format '\(format)': element '\(rest.prefix(while: \.isLetter))' is not supported by wh")
            }
            elements.append(.literal(String(c)))
            rest = rest.dropFirst()
        }
        self.elements = elements
    }

    func format(_ t: CivilTime) -> String {
        func pad(_ v: Int64, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        let weekday = Int(((t.days + 4) % 7 + 7) % 7)
        return elements.map { element -> String in
            switch element {
            case .year4: return pad(t.year, 4)
            case .year2: return pad(t.year % 100, 2)
            case .month: return pad(t.month, 2)
            case .monthAbbreviation: return String(Self.monthNames[Int(t.month) - 1].prefix(3))
            case .monthName: return Self.monthNames[Int(t.month) - 1]
            case .day: return pad(t.day, 2)
            case .dayAbbreviation: return Self.dayNames[weekday]
            case .hour24: return pad(t.hour, 2)
            case .hour12: return pad(t.hour % 12 == 0 ? 12 : t.hour % 12, 2)
            case .minute: return pad(t.minute, 2)
            case .second: return pad(t.second, 2)
            case .fraction(let digits): return String(pad(t.micros, 6).appending("000").prefix(digits))
            case .meridiem: return t.hour < 12 ? "AM" : "PM"
            case .literal(let text): return text
            }
        }.joined()
    }

    /// Reads `text` by this format; nil when it does not match.
    func parse(_ text: String) -> CivilTime? {
        var rest = Substring(text)
        var t = CivilTime(year: 1970, month: 1, day: 1)
        var pm: Bool?
        var hour12: Int64?
        func number(_ maxDigits: Int) -> Int64? {
            let digits = rest.prefix(maxDigits).prefix(while: \.isNumber)
            guard !digits.isEmpty, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            return value
        }
        for element in elements {
            switch element {
            case .year4: guard let v = number(4) else { return nil }; t.year = v
            case .year2: guard let v = number(2) else { return nil }; t.year = v < 70 ? 2000 + v : 1900 + v
            case .month: guard let v = number(2), (1...12).contains(v) else { return nil }; t.month = v
            case .monthAbbreviation, .monthName:
                guard let index = Self.monthNames.firstIndex(where: { rest.lowercased().hasPrefix($0.lowercased()) })
                        ?? Self.monthNames.firstIndex(where: { rest.lowercased().hasPrefix($0.prefix(3).lowercased()) }) else { return nil }
                let full = rest.lowercased().hasPrefix(Self.monthNames[index].lowercased())
                rest = rest.dropFirst(full ? Self.monthNames[index].count : 3)
                t.month = Int64(index + 1)
            case .day: guard let v = number(2), (1...31).contains(v) else { return nil }; t.day = v
            case .dayAbbreviation:
                guard Self.dayNames.contains(where: { rest.lowercased().hasPrefix($0.lowercased()) }) else { return nil }
                rest = rest.dropFirst(3)
            case .hour24: guard let v = number(2), v < 24 else { return nil }; t.hour = v
            case .hour12: guard let v = number(2), (1...12).contains(v) else { return nil }; hour12 = v
            case .minute: guard let v = number(2), v < 60 else { return nil }; t.minute = v
            case .second: guard let v = number(2), v < 60 else { return nil }; t.second = v
            case .fraction:
                let digits = rest.prefix(while: \.isNumber)
                rest = rest.dropFirst(digits.count)
                t.micros = Int64(String(digits.prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0
            case .meridiem:
                let word = rest.prefix(2).uppercased()
                guard word == "AM" || word == "PM" else { return nil }
                pm = word == "PM"
                rest = rest.dropFirst(2)
            case .literal(let literal):
                guard rest.hasPrefix(literal) else { return nil }
                rest = rest.dropFirst(literal.count)
            }
        }
        if let hour12 { t.hour = hour12 % 12 + (pm == true ? 12 : 0) }
        guard rest.isEmpty, t.day <= CivilTime.daysIn(year: t.year, month: t.month) else { return nil }
        return t
    }
}
