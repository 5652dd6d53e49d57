import Foundation

/// DynamoDB's expressions (condition, filter, key condition, update, projection) with their
/// `#name` and `:value` placeholders, parsed and evaluated against items.
public struct DynamoDBPlaceholders: Sendable {
    public var names: [String: String]
    public var values: [String: AttributeValue]

    public init(names: [String: String] = [:], values: [String: AttributeValue] = [:]) {
        self.names = names
        self.values = values
    }
}

/// A path into an item: `a`, `a.b`, `a[2]` (names after `#` placeholders are replaced).
struct DynamoDBPath: Equatable {
    enum Step: Equatable { case name(String), index(Int) }
    var steps: [Step]
    var top: String { if case .name(let n) = steps[0] { return n } else { return "" } }

    func value(in item: [String: AttributeValue]) -> AttributeValue? {
        guard case .name(let first) = steps[0], var current = item[first] else { return nil }
        for step in steps.dropFirst() {
            switch (step, current) {
            case (.name(let n), .m(let m)): guard let next = m[n] else { return nil }; current = next
            case (.index(let i), .l(let l)): guard l.indices.contains(i) else { return nil }; current = l[i]
            default: return nil
            }
        }
        return current
    }
}

indirect enum DynamoDBOperand {
    case path(DynamoDBPath)
    case value(AttributeValue)
    case size(DynamoDBPath)
}

/// A condition: comparisons, BETWEEN, IN, the functions, AND, OR, NOT.
indirect enum DynamoDBCondition {
    case compare(String, DynamoDBOperand, DynamoDBOperand)
    case between(DynamoDBOperand, DynamoDBOperand, DynamoDBOperand)
    case isIn(DynamoDBOperand, [DynamoDBOperand])
    case function(String, [DynamoDBOperand])
    case and(DynamoDBCondition, DynamoDBCondition)
    case or(DynamoDBCondition, DynamoDBCondition)
    case not(DynamoDBCondition)

    func holds(for item: [String: AttributeValue]) throws -> Bool {
        func value(_ operand: DynamoDBOperand) -> AttributeValue? {
            switch operand {
            case .path(let p): return p.value(in: item)
            case .value(let v): return v
            case .size(let p):
                switch p.value(in: item) {
                case .s(let s)?: return .n(String(s.utf8.count))
                case .b(let b)?: return .n(String(Data(base64Encoded: b)?.count ?? 0))
                case .l(let l)?: return .n(String(l.count))
                case .m(let m)?: return .n(String(m.count))
                case .ss(let s)?, .ns(let s)?, .bs(let s)?: return .n(String(s.count))
                default: return nil
                }
            }
        }
        switch self {
        case .compare(let op, let a, let b):
            guard let x = value(a), let y = value(b) else { return false }
            if op == "=" { return Self.equal(x, y) }
            if op == "<>" { return !Self.equal(x, y) }
            guard let order = Self.order(x, y) else { return false }
            switch op {
            case "<": return order < 0
            case "<=": return order <= 0
            case ">": return order > 0
            default: return order >= 0
            }
        case .between(let a, let low, let high):
            guard let x = value(a), let l = value(low), let h = value(high), let o1 = Self.order(x, l), let o2 = Self.order(x, h) else { return false }
            return o1 >= 0 && o2 <= 0
        case .isIn(let a, let list):
            guard let x = value(a) else { return false }
            return list.contains { value($0).map { Self.equal(x, $0) } ?? false }
        case .function(let name, let arguments):
            switch name {
            case "attribute_exists": if case .path(let p) = arguments[0] { return p.value(in: item) != nil }; return false
            case "attribute_not_exists": if case .path(let p) = arguments[0] { return p.value(in: item) == nil }; return false
            case "attribute_type":
                guard let x = value(arguments[0]), case .s(let type)? = value(arguments[1]) else { return false }
                return x.typeName == type
            case "begins_with":
                switch (value(arguments[0]), value(arguments[1])) {
                case (.s(let s)?, .s(let prefix)?): return s.utf8.starts(with: prefix.utf8)
                case (.b(let b)?, .b(let prefix)?): return (Data(base64Encoded: b) ?? Data()).starts(with: Data(base64Encoded: prefix) ?? Data())
                default: return false
                }
            default:   // contains
                switch (value(arguments[0]), value(arguments[1])) {
                case (.s(let s)?, .s(let part)?): return s.containsScalars(of: part)
                case (.ss(let set)?, .s(let member)?), (.bs(let set)?, .b(let member)?): return set.contains { $0.sameBytes(member) }
                case (.ns(let set)?, .n(let member)?): return set.contains(member)
                case (.l(let list)?, let member?): return list.contains { Self.equal($0, member) }
                default: return false
                }
            }
        case .and(let a, let b): return try a.holds(for: item) && b.holds(for: item)
        case .or(let a, let b): return try a.holds(for: item) || b.holds(for: item)
        case .not(let a): return try !a.holds(for: item)
        }
    }

    // DynamoDB compares strings by their UTF-8 bytes; Swift's String == and hasPrefix go by
    // canonical equivalence, where "\u{e9}" equals "e\u{301}" and "e\u{301}x" does not begin with "e".
    static func equal(_ x: AttributeValue, _ y: AttributeValue) -> Bool {
        switch (x, y) {
        case (.n, .n): return x.decimal == y.decimal
        case let (.s(a), .s(b)): return a.sameBytes(b)
        case let (.ss(a), .ss(b)): return Set(a.map { Array($0.utf8) }) == Set(b.map { Array($0.utf8) })
        case let (.ns(a), .ns(b)), let (.bs(a), .bs(b)): return Set(a) == Set(b)
        case let (.l(a), .l(b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case let (.m(a), .m(b)):
            return a.count == b.count && a.allSatisfy { key, value in b.first { $0.key.sameBytes(key) }.map { equal(value, $0.value) } ?? false }
        default: return x == y
        }
    }

    /// Ordering of two scalars of one type (S by UTF-8 bytes, N by value, B by bytes); nil otherwise.
    static func order(_ x: AttributeValue, _ y: AttributeValue) -> Int? {
        switch (x, y) {
        case let (.s(a), .s(b)):
            let (p, q) = (Array(a.utf8), Array(b.utf8))
            return p.lexicographicallyPrecedes(q) ? -1 : p == q ? 0 : 1
        case (.n, .n):
            guard let a = x.decimal, let b = y.decimal else { return nil }
            return a < b ? -1 : a == b ? 0 : 1
        case let (.b(a), .b(b)):
            let (p, q) = (Array(Data(base64Encoded: a) ?? Data()), Array(Data(base64Encoded: b) ?? Data()))
            return p.lexicographicallyPrecedes(q) ? -1 : p == q ? 0 : 1
        default: return nil
        }
    }
}

extension AttributeValue {
    var typeName: String {
        switch self {
        case .s: return "S"
        case .n: return "N"
        case .b: return "B"
        case .bool: return "BOOL"
        case .null: return "NULL"
        case .l: return "L"
        case .m: return "M"
        case .ss: return "SS"
        case .ns: return "NS"
        case .bs: return "BS"
        }
    }
}

/// An update: SET path = value, REMOVE path, ADD path :v, DELETE path :v.
struct DynamoDBUpdate {
    indirect enum Value {
        case operand(DynamoDBOperand)
        case plus(Value, Value), minus(Value, Value)
        case ifNotExists(DynamoDBPath, Value)
        case listAppend(Value, Value)
    }
    var assignments: [(DynamoDBPath, Value)] = []
    var removals: [DynamoDBPath] = []
    var additions: [(DynamoDBPath, AttributeValue)] = []
    var deletions: [(DynamoDBPath, AttributeValue)] = []

    /// The paths it changes (UPDATED_OLD / UPDATED_NEW).
    var paths: [DynamoDBPath] { assignments.map(\.0) + removals + additions.map(\.0) + deletions.map(\.0) }

    func apply(to original: [String: AttributeValue]) throws -> [String: AttributeValue] {
        var item = original
        func evaluate(_ value: Value) throws -> AttributeValue {
            switch value {
            case .operand(.value(let v)): return v
            case .operand(.path(let p)):
                guard let v = p.value(in: original) else {
                    throw DynamoDBError.validation("The provided expression refers to an attribute that does not exist in the item")
                }
                return v
            case .operand(.size): throw DynamoDBError.validation("Invalid UpdateExpression: size() is not allowed in SET")
            case .plus(let a, let b), .minus(let a, let b):
                guard case .n = try evaluate(a), case .n = try evaluate(b), let x = try evaluate(a).decimal, let y = try evaluate(b).decimal else {
                    throw DynamoDBError.validation("An operand in the update expression has an incorrect data type")
                }
                var result = x
                if case .plus = value { result += y } else { result -= y }
                return .n(try AttributeValue.canonicalNumber("\(result)", attribute: "the result"))
            case .ifNotExists(let p, let fallback): return try p.value(in: original) ?? evaluate(fallback)
            case .listAppend(let a, let b):
                guard case .l(let x) = try evaluate(a), case .l(let y) = try evaluate(b) else {
                    throw DynamoDBError.validation("An operand in the update expression has an incorrect data type")
                }
                return .l(x + y)
            }
        }
        for (path, value) in assignments { try Self.put(try evaluate(value), at: path, in: &item) }
        for path in removals { try Self.put(nil, at: path, in: &item) }
        for (path, value) in additions {
            let current = path.value(in: item)
            switch (current, value) {
            case (nil, _): try Self.put(value, at: path, in: &item)
            case (.n?, .n):
                let sum = (current!.decimal ?? 0) + (value.decimal ?? 0)
                try Self.put(.n(try AttributeValue.canonicalNumber("\(sum)", attribute: path.top)), at: path, in: &item)
            case let (.ss(a)?, .ss(b)): try Self.put(.ss(a + b.filter { m in !a.contains { $0.sameBytes(m) } }), at: path, in: &item)
            case let (.ns(a)?, .ns(b)): try Self.put(.ns(a + b.filter { !a.contains($0) }), at: path, in: &item)
            case let (.bs(a)?, .bs(b)): try Self.put(.bs(a + b.filter { !a.contains($0) }), at: path, in: &item)
            default: throw DynamoDBError.validation("An operand in the update expression has an incorrect data type")
            }
        }
        for (path, value) in deletions {
            switch (path.value(in: item), value) {
            case (nil, _): continue
            case let (.ss(a)?, .ss(b)): let r = a.filter { m in !b.contains { $0.sameBytes(m) } }; try Self.put(r.isEmpty ? nil : .ss(r), at: path, in: &item)
            case let (.ns(a)?, .ns(b)): let r = a.filter { !b.contains($0) }; try Self.put(r.isEmpty ? nil : .ns(r), at: path, in: &item)
            case let (.bs(a)?, .bs(b)): let r = a.filter { !b.contains($0) }; try Self.put(r.isEmpty ? nil : .bs(r), at: path, in: &item)
            default: throw DynamoDBError.validation("An operand in the update expression has an incorrect data type")
            }
        }
        return item
    }

    /// Sets (or with nil removes) the value at `path`.
    static func put(_ value: AttributeValue?, at path: DynamoDBPath, in item: inout [String: AttributeValue]) throws {
        func put(_ value: AttributeValue?, _ steps: ArraySlice<DynamoDBPath.Step>, into current: AttributeValue?) throws -> AttributeValue? {
            guard let step = steps.first else { return value }
            switch (step, current) {
            case (.name(let n), .m(var m)?):
                m[n] = try put(value, steps.dropFirst(), into: m[n])
                return .m(m)
            case (.index(let i), .l(var l)?):
                if i < l.count {
                    if let v = try put(value, steps.dropFirst(), into: l[i]) { l[i] = v } else { l.remove(at: i) }
                } else if let v = try put(value, steps.dropFirst(), into: nil) { l.append(v) }
                return .l(l)
            default:
                throw DynamoDBError.validation("The document path provided in the update expression is invalid for update")
            }
        }
        guard case .name(let top) = path.steps[0] else { throw DynamoDBError.validation("Invalid document path") }
        if path.steps.count == 1 { item[top] = value; return }
        guard let current = item[top] else {
            throw DynamoDBError.validation("The document path provided in the update expression is invalid for update")
        }
        item[top] = try put(value, path.steps.dropFirst(), into: current)
    }
}
