import SQLite

extension Warehouse {
    /// GET_PATH's path text turned into SQLite's JSON path.
    func registerVariantFunctions() throws {
        try connection.createFunction("wh_json_path", argumentCount: 1) { arguments in
            guard let path = arguments[0].textValue else { return .null }
            return .text(try Self.sqliteJSONPath(path))
        }
    }

    /// `a.b[0]`, `"odd key".x`, `['k'][1]` → `$.a.b[0]`, `$."odd key".x`, `$."k"[1]`.
    static func sqliteJSONPath(_ path: String) throws -> String {
        var out = "$"
        var chars = Array(path)[...]
        func key(_ k: String) -> String {
            let simple = !k.isEmpty && k.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            return simple ? "." + k : ".\"" + k.replacingEvery("\"", with: "\\\"") + "\""
        }
        while let c = chars.first {
            if c == "." { chars.removeFirst(); continue }
            if c == "[" {
                guard let close = chars.firstIndex(of: "]") else { throw FunctionError("invalid path '\(path)': missing ]") }
                let inside = String(chars[chars.index(after: chars.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
                if let n = Int(inside) { out += "[\(n)]" }
                else if inside.count >= 2, let q = inside.first, q == "'" || q == "\"", inside.last == q { out += key(String(inside.dropFirst().dropLast())) }
                else { throw FunctionError("invalid path '\(path)': [\(inside)]") }
                chars = chars[chars.index(after: close)...]
                continue
            }
            if c == "\"" {
                let rest = chars.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { throw FunctionError("invalid path '\(path)': missing \"") }
                out += key(String(rest[..<close]))
                chars = rest[rest.index(after: close)...]
                continue
            }
            let end = chars.firstIndex { $0 == "." || $0 == "[" } ?? chars.endIndex
            out += key(String(chars[..<end]))
            chars = chars[end...]
        }
        return out
    }
}

import Foundation
