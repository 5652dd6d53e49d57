import Foundation
import SQLite

/// Snowflake's functions that build and take apart ARRAYs and OBJECTs: ARRAY_APPEND, ARRAY_CONTAINS,
/// ARRAY_SLICE, OBJECT_INSERT, … Values arrive as JSON texts (the renderer turns SQL values into
/// JSON, SQL NULL stays NULL); results are JSON texts.
extension Warehouse {
    func registerArrayObjectFunctions() throws {
        func array(_ value: Value, _ function: String) throws -> [JSONValue]? {
            guard let text = value.textValue else { return nil }
            guard let elements = JSONValue.parse(text)?.elements else { throw FunctionError("\(function): the argument '\(text)' is not an ARRAY") }
            return elements
        }
        func element(_ value: Value) throws -> JSONValue {
            guard let text = value.textValue else { return .null }
            guard let parsed = JSONValue.parse(text) else { throw FunctionError("'\(text)' is not a VARIANT value") }
            return parsed
        }
        func json(_ elements: [JSONValue]) -> Value { .text(JSONValue.array(elements).text) }
        func integer(_ value: Value, _ what: String) throws -> Int? {
            if value.isNull { return nil }
            guard let n = value.integerValue ?? value.textValue.flatMap({ Double($0) }).map({ Int64($0) }) else {
                throw FunctionError("\(what) '\(value.textValue ?? "")' is not an integer")
            }
            return Int(clamping: n)
        }

        try connection.createFunction("wh_array_append", argumentCount: 2) { a in
            guard let elements = try array(a[0], "ARRAY_APPEND") else { return .null }
            return json(elements + [try element(a[1])])
        }
        try connection.createFunction("wh_array_prepend", argumentCount: 2) { a in
            guard let elements = try array(a[0], "ARRAY_PREPEND") else { return .null }
            return json([try element(a[1])] + elements)
        }
        try connection.createFunction("wh_array_cat", argumentCount: 2) { a in
            guard let first = try array(a[0], "ARRAY_CAT"), let second = try array(a[1], "ARRAY_CAT") else { return .null }
            return json(first + second)
        }
        try connection.createFunction("wh_array_insert", argumentCount: 3) { a in
            guard var elements = try array(a[0], "ARRAY_INSERT"), let position = try integer(a[1], "ARRAY_INSERT's position") else { return .null }
            // A position past the end pads with nulls; a negative one counts from the end.
            var index = position < 0 ? elements.count + position : position
            guard index >= 0 else { throw FunctionError("ARRAY_INSERT: the position \(position) is before the array's start") }
            guard index <= 10_000_000 else { throw FunctionError("ARRAY_INSERT: the position \(position) is too large") }
            while elements.count < index { elements.append(.null) }
            index = min(index, elements.count)
            elements.insert(try element(a[2]), at: index)
            return json(elements)
        }
        try connection.createFunction("wh_array_contains", argumentCount: 2) { a in
            guard let elements = try array(a[1], "ARRAY_CONTAINS") else { return .null }
            if a[0].isNull { return .null }
            let wanted = try element(a[0])
            return .integer(elements.contains { Self.variantEqual($0, wanted) } ? 1 : 0)
        }
        try connection.createFunction("wh_array_position", argumentCount: 2) { a in
            guard let elements = try array(a[1], "ARRAY_POSITION"), !a[0].isNull else { return .null }
            let wanted = try element(a[0])
            return elements.firstIndex { Self.variantEqual($0, wanted) }.map { .integer(Int64($0)) } ?? .null
        }
        try connection.createFunction("wh_array_distinct", argumentCount: 1) { a in
            guard let elements = try array(a[0], "ARRAY_DISTINCT") else { return .null }
            var kept: [JSONValue] = []
            for e in elements where !kept.contains(where: { Self.variantEqual($0, e) }) { kept.append(e) }
            return json(kept)
        }
        try connection.createFunction("wh_array_compact", argumentCount: 1) { a in
            guard let elements = try array(a[0], "ARRAY_COMPACT") else { return .null }
            return json(elements.filter { $0 != .null })
        }
        try connection.createFunction("wh_array_slice", argumentCount: 3) { a in
            guard let elements = try array(a[0], "ARRAY_SLICE"), let from = try integer(a[1], "ARRAY_SLICE's from"),
                  let to = try integer(a[2], "ARRAY_SLICE's to") else { return .null }
            // Negative positions count from the end; positions past either end are clipped.
            let n = elements.count
            let start = max(0, min(n, from < 0 ? n + from : from)), end = max(0, min(n, to < 0 ? n + to : to))
            return json(start < end ? Array(elements[start..<end]) : [])
        }
        try connection.createFunction("wh_array_to_string", argumentCount: 2) { a in
            guard let elements = try array(a[0], "ARRAY_TO_STRING"), let separator = a[1].textValue else { return .null }
            return .text(elements.map { e in
                switch e {
                case .string(let s): return s
                case .null: return ""
                default: return e.text
                }
            }.joined(separator: separator))
        }
        try connection.createFunction("wh_arrays_overlap", argumentCount: 2) { a in
            guard let first = try array(a[0], "ARRAYS_OVERLAP"), let second = try array(a[1], "ARRAYS_OVERLAP") else { return .null }
            return .integer(first.contains { x in second.contains { Self.variantEqual(x, $0) } } ? 1 : 0)
        }
        try connection.createFunction("wh_object_insert", argumentCount: 4) { a in
            guard let text = a[0].textValue, let key = a[1].textValue else { return .null }
            guard var members = JSONValue.parse(text)?.members else { throw FunctionError("OBJECT_INSERT: the argument '\(text)' is not an OBJECT") }
            let update = a[3].integerValue == 1
            if let index = members.firstIndex(where: { $0.0 == key }) {
                guard update else {
                    throw FunctionError("Duplicate field key '\(key)'; use OBJECT_INSERT(obj, key, value, TRUE) to update it")
                }
                // SQL NULL removes the key, as it leaves a new one out.
                if a[2].isNull { members.remove(at: index) } else { members[index].1 = try element(a[2]) }
            } else if !a[2].isNull {
                members.append((key, try element(a[2])))
            }
            return .text(JSONValue.object(members).text)
        }
        try connection.createFunction("wh_object_delete", argumentCount: -1) { a in
            guard let text = a.first?.textValue else { return .null }
            guard let members = JSONValue.parse(text)?.members else { throw FunctionError("OBJECT_DELETE: the argument '\(text)' is not an OBJECT") }
            let keys = Set(a.dropFirst().compactMap { $0.textValue.map { Array($0.utf8) } })   // by bytes, as Snowflake
            return .text(JSONValue.object(members.filter { !keys.contains(Array($0.0.utf8)) }).text)
        }
        try connection.createFunction("wh_object_pick", argumentCount: -1) { a in
            guard let text = a.first?.textValue else { return .null }
            guard let members = JSONValue.parse(text)?.members else { throw FunctionError("OBJECT_PICK: the argument '\(text)' is not an OBJECT") }
            var keys: [String] = []
            for key in a.dropFirst() {
                // The keys, or one ARRAY of them.
                if a.count == 2, let list = key.textValue.flatMap(JSONValue.parse)?.elements { keys += list.compactMap(\.stringValue) }
                else if let k = key.textValue { keys.append(k) }
            }
            return .text(JSONValue.object(members.filter { member in keys.contains { $0.sameBytes(member.0) } }).text)
        }
    }

    /// VARIANT equality as Snowflake compares values: numbers by value (1 = 1.0), objects whatever
    /// their members' order, everything else as written.
    static func variantEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)):
            if x == y { return true }
            let locale = Locale(identifier: "en_US_POSIX")
            guard let dx = Decimal(string: x, locale: locale), let dy = Decimal(string: y, locale: locale) else { return false }
            return dx == dy
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { variantEqual($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && x.allSatisfy { member in y.contains { $0.0.sameBytes(member.0) && variantEqual($0.1, member.1) } }
        default: return a == b
        }
    }
}
