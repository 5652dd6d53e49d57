import Foundation
import SQLite

/// INITCAP, LPAD/RPAD, LEFT/RIGHT, REVERSE, POSITION/CHARINDEX, REGEXP_REPLACE, REGEXP_COUNT, SPLIT and
/// STRTOK as Snowflake defines them: characters are Unicode code points, positions start at 1, and
/// a NULL argument gives NULL.
extension Warehouse {
    /// INITCAP's default word delimiters (Snowflake's documented set).
    static let initcapDelimiters = Set(" \t\n\r\u{0B}\u{0C}!?@\"^#$&~_,.:;+-*%/|\\[](){}<>".unicodeScalars)

    /// Registers a Swift SQL function that gives NULL when any argument is NULL, as Snowflake's
    /// string functions do; `argumentCount` -1 takes any number.
    func createNullPropagatingFunction(_ name: String, argumentCount: Int = -1, _ body: @escaping @Sendable ([Value]) throws -> Value) throws {
        try connection.createFunction(name, argumentCount: argumentCount) { arguments in
            if arguments.contains(where: \.isNull) { return .null }
            return try body(arguments)
        }
    }

    func registerMoreStringFunctions() throws {
        func function(_ name: String, _ body: @escaping @Sendable ([Value]) throws -> Value) throws {
            try createNullPropagatingFunction(name, body)
        }
        @Sendable func scalars(_ value: Value) -> [Unicode.Scalar] { Array((value.textValue ?? "").unicodeScalars) }
        @Sendable func text(_ scalars: [Unicode.Scalar]) -> Value {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return .text(String(view))
        }
        @Sendable func integer(_ value: Value, _ what: String) throws -> Int {
            if let i = value.integerValue { return Int(i) }
            if let t = value.textValue, let d = Double(t) { return Int(d) }
            throw FunctionError("\(what) '\(value.textValue ?? "")' is not a number")
        }

        try function("wh_initcap") { a in
            let delimiters = a.count > 1 ? Set(scalars(a[1])) : Self.initcapDelimiters
            var startOfWord = true
            let out = scalars(a[0]).map { c -> Unicode.Scalar in
                defer { startOfWord = delimiters.contains(c) }
                let changed = startOfWord ? String(c).uppercased() : String(c).lowercased()
                return changed.unicodeScalars.count == 1 ? changed.unicodeScalars.first! : c
            }
            return text(out)
        }
        for (name, left) in [("wh_lpad", true), ("wh_rpad", false)] {
            try function(name) { a in
                let subject = scalars(a[0])
                let length = max(0, try integer(a[1], "LPAD/RPAD length"))
                let pad = a.count > 2 ? scalars(a[2]) : [" "]
                if subject.count >= length || pad.isEmpty { return text(Array(subject.prefix(length))) }
                let filler = (0..<(length - subject.count)).map { pad[$0 % pad.count] }
                return text(left ? filler + subject : subject + filler)
            }
        }
        try function("wh_left") { a in text(Array(scalars(a[0]).prefix(max(0, try integer(a[1], "LEFT length"))))) }
        try function("wh_right") { a in text(Array(scalars(a[0]).suffix(max(0, try integer(a[1], "RIGHT length"))))) }
        try function("wh_reverse") { a in text(Array(scalars(a[0]).reversed())) }
        try function("wh_position") { a in
            let needle = scalars(a[0]), haystack = scalars(a[1])
            let start = max(1, a.count > 2 ? try integer(a[2], "POSITION start") : 1)
            if needle.isEmpty { return .integer(Int64(start <= haystack.count + 1 ? start : 0)) }
            guard haystack.count >= needle.count else { return .integer(0) }
            var i = start - 1
            while i + needle.count <= haystack.count {
                if Array(haystack[i..<(i + needle.count)]) == needle { return .integer(Int64(i + 1)) }
                i += 1
            }
            return .integer(0)
        }
        try function("wh_regexp_replace") { a in
            let subject = a[0].textValue ?? "", regex = try Self.regex(a[1].textValue ?? "")
            // Snowflake writes back-references \1; NSRegularExpression's template writes $1.
            var template = ""
            var chars = Array(a.count > 2 ? (a[2].textValue ?? "") : "")[...]
            while let c = chars.first {
                chars = chars.dropFirst()
                if c == "\\", let next = chars.first, next.isNumber { template += "$" + String(next); chars = chars.dropFirst() }
                else if c == "$" || c == "\\" { template += "\\" + String(c) }
                else { template.append(c) }
            }
            let position = a.count > 3 ? try integer(a[3], "REGEXP_REPLACE position") : 1
            let occurrence = a.count > 4 ? try integer(a[4], "REGEXP_REPLACE occurrence") : 0
            let scalars = subject.unicodeScalars
            guard position >= 1, position <= scalars.count + 1 else { return .text(subject) }
            let tail = subject.droppingScalars(position - 1)
            let head = String(subject.utf8.prefix(subject.utf8.count - tail.utf8.count))!
            let matches = regex.matches(in: tail, range: NSRange(tail.startIndex..., in: tail))
            var result = tail as NSString
            for (index, match) in matches.enumerated().reversed() where occurrence == 0 || index == occurrence - 1 {
                result = result.replacingCharacters(in: match.range, with: regex.replacementString(for: match, in: tail, offset: 0, template: template)) as NSString
            }
            return .text(head + (result as String))
        }
        try function("wh_regexp_count") { a in
            let subject = a[0].textValue ?? "", regex = try Self.regex(a[1].textValue ?? "")
            let position = a.count > 2 ? try integer(a[2], "REGEXP_COUNT position") : 1
            guard position >= 1, position <= subject.unicodeScalars.count + 1 else { return .integer(0) }
            let tail = subject.droppingScalars(position - 1)
            return .integer(Int64(regex.numberOfMatches(in: tail, range: NSRange(tail.startIndex..., in: tail))))
        }
        try function("wh_split") { a in
            let subject = a[0].textValue ?? "", separator = a[1].textValue ?? ""
            let parts = separator.isEmpty ? [subject] : subject.splitByScalars(of: separator)
            return .text("[" + parts.map(JSONString.quoted).joined(separator: ",") + "]")
        }
        try function("wh_strtok") { a in
            let delimiters = Set(a.count > 1 ? scalars(a[1]) : [" "])
            let part = a.count > 2 ? try integer(a[2], "STRTOK part") : 1
            var tokens: [[Unicode.Scalar]] = [], current: [Unicode.Scalar] = []
            for c in scalars(a[0]) {
                if delimiters.contains(c) { if !current.isEmpty { tokens.append(current); current = [] } } else { current.append(c) }
            }
            if !current.isEmpty { tokens.append(current) }
            guard part >= 1, part <= tokens.count else { return .null }
            return text(tokens[part - 1])
        }
    }
}
