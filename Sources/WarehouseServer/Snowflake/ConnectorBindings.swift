import Foundation
import Warehouse

/// The connector's server-side bindings (`paramstyle` qmark `?` and numeric `:1`), written into the
/// statement as typed literals: `{"1": {"type": "FIXED", "value": "1"}, …}`. Array bindings
/// (executemany) give one statement per row. Placeholders inside strings, quoted names, `$$`
/// blocks and comments are left alone.
enum ConnectorBindings {
    static func count(_ bindings: JSONValue?) -> Int { bindings?.members?.count ?? 0 }

    static func substitute(_ sql: String, bindings: JSONValue?) throws -> [String] {
        guard let members = bindings?.members, !members.isEmpty else { return [sql] }
        var values: [String: (type: String, values: [String?])] = [:]
        var rows: Int?
        for (key, binding) in members {
            let type = binding["type"]?.stringValue?.uppercased() ?? "TEXT"
            switch binding["value"] {
            case .array(let list)?:
                values[key] = (type, list.map(\.stringValue))
                rows = max(rows ?? 0, list.count)
            case .string(let s)?: values[key] = (type, [s])
            default: values[key] = (type, [nil])
            }
        }
        return try (0..<max(rows ?? 1, 1)).map { row in
            try rewrite(sql) { placeholder in
                guard let (type, list) = values[placeholder] else {
                    throw BindingError(message: "the statement's placeholder \(placeholder == "?" ? "?" : ":" + placeholder) has no binding")
                }
                return try literal(list.count == 1 ? list[0] : (row < list.count ? list[row] : nil), type: type)
            }
        }
    }

    /// The statement with each placeholder replaced: `?` numbered 1, 2, … in order; `:n` by number.
    private static func rewrite(_ sql: String, _ replacement: (String) throws -> String) throws -> String {
        let chars = Array(sql)
        var out = "", i = 0, nextQmark = 1
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"" {
                var j = i + 1
                while j < chars.count { if chars[j] == c { if j + 1 < chars.count && chars[j + 1] == c { j += 2; continue }; break }; j += 1 }
                out += String(chars[i...min(j, chars.count - 1)]); i = j + 1; continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "$" && chars[j + 1] == "$") { j += 1 }
                out += String(chars[i...min(j + 1, chars.count - 1)]); i = j + 2; continue
            }
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                out += String(chars[i..<j]); i = j; continue
            }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "*" && chars[j + 1] == "/") { j += 1 }
                out += String(chars[i...min(j + 1, chars.count - 1)]); i = j + 2; continue
            }
            if c == "?" {
                out += try replacement(String(nextQmark)); nextQmark += 1; i += 1; continue
            }
            if c == ":", i + 1 < chars.count, chars[i + 1].isNumber, i == 0 || chars[i - 1] != ":" {
                var j = i + 1
                while j < chars.count, chars[j].isNumber { j += 1 }
                out += try replacement(String(chars[(i + 1)..<j])); i = j; continue
            }
            out.append(c); i += 1
        }
        return out
    }

    /// A binding's value as an SQL literal of its type.
    static func literal(_ value: String?, type: String) throws -> String {
        guard let value else { return "NULL" }
        func quoted(_ s: String) -> String { "'" + s.replacingEvery("'", with: "''") + "'" }
        func number(_ s: String) throws -> String {
            guard Double(s) != nil || Decimal(string: s) != nil, s.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else {
                throw BindingError(message: "the \(type) binding '\(s)' is not a number")
            }
            return s
        }
        switch type {
        case "FIXED": return try number(value)
        case "REAL": return value == "NaN" || value.contains("inf") ? quoted(value) + "::FLOAT" : try number(value) + "::FLOAT"
        case "BOOLEAN": return value.lowercased() == "true" || value == "1" ? "TRUE" : "FALSE"
        case "DATE":
            guard let ms = Int64(value) else { throw BindingError(message: "the DATE binding '\(value)' is not epoch milliseconds") }
            return quoted(String(CanonicalTimestamp.format(Date(timeIntervalSince1970: Double(ms) / 1000)).prefix(10))) + "::DATE"
        case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "TIMESTAMP":
            let parts = value.split(separator: " ")
            guard let ns = Int64(parts.first ?? "") else { throw BindingError(message: "the \(type) binding '\(value)' is not epoch nanoseconds") }
            let seconds = ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
            let micros = (ns - seconds * 1_000_000_000) / 1000
            let text = CanonicalTimestamp.format(Date(timeIntervalSince1970: Double(seconds)))
            return quoted(String(text.prefix(19)) + "." + String(format: "%06lld", micros)) + "::TIMESTAMP_NTZ"
        case "TIME":
            guard let ns = Int64(value) else { throw BindingError(message: "the TIME binding '\(value)' is not nanoseconds since midnight") }
            let total = ns / 1000
            return quoted(String(format: "%02lld:%02lld:%02lld.%06lld", total / 3_600_000_000, total / 60_000_000 % 60, total / 1_000_000 % 60, total % 1_000_000)) + "::TIME"
        case "BINARY": throw BindingError(message: "BINARY binds are not supported by wh yet (it has no binary literals): bind the bytes as hex text")
        default: return quoted(value)
        }
    }
}

/// A binding wh cannot write into the statement.
struct BindingError: WarehouseError {
    var message: String
    var hint: String? { "bind values of the types the connector sends (FIXED, REAL, TEXT, BOOLEAN, DATE, TIME, TIMESTAMP_*, BINARY)" }
}
