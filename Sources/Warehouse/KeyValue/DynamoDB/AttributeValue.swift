import Foundation

/// A DynamoDB attribute value as the JSON protocol writes it: `{"S": "x"}`, `{"N": "1.5"}`,
/// `{"B": "<base64>"}`, `{"BOOL": true}`, `{"NULL": true}`, `{"L": […]}`, `{"M": {…}}`, `{"SS": […]}`,
/// `{"NS": […]}`, `{"BS": […]}`. Numbers are kept as canonical decimal text, as DynamoDB returns them.
public indirect enum AttributeValue: Equatable, Sendable {
    case s(String), n(String), b(String), bool(Bool), null
    case l([AttributeValue]), m([String: AttributeValue])
    case ss([String]), ns([String]), bs([String])

    /// The value a request gives; `attribute` names it in the error.
    public init(_ json: JSONValue, attribute: String) throws {
        guard let members = json.members, members.count == 1, let (type, value) = members.first else {
            throw DynamoDBError.validation("One or more parameter values were invalid: the value of \(attribute) must name exactly one type, as {\"S\": \"text\"}")
        }
        func strings() throws -> [String] {
            guard let elements = value.elements, !elements.isEmpty else {
                throw DynamoDBError.validation("One or more parameter values were invalid: An string set  may not be empty (attribute \(attribute))")
            }
            return try elements.map {
                guard let s = $0.stringValue else { throw DynamoDBError.validation("the members of \(type) attribute \(attribute) must be strings") }
                return s
            }
        }
        switch (type, value) {
        case ("S", .string(let s)): self = .s(s)
        case ("N", .string(let n)): self = .n(try Self.canonicalNumber(n, attribute: attribute))
        case ("B", .string(let b)):
            guard Data(base64Encoded: b) != nil else { throw DynamoDBError.validation("the B value of \(attribute) is not base64") }
            self = .b(b)
        case ("BOOL", .bool(let b)): self = .bool(b)
        case ("NULL", .bool(true)): self = .null
        case ("L", .array(let elements)): self = .l(try elements.enumerated().map { try AttributeValue($1, attribute: "\(attribute)[\($0)]") })
        case ("M", .object(let members)):
            try Self.refuseNamesEqualOnlyAsCharacters(members.map(\.0), in: "the map \(attribute)")
            self = .m(try Dictionary(members.map { ($0.0, try AttributeValue($0.1, attribute: "\(attribute).\($0.0)")) }, uniquingKeysWith: { _, last in last }))
        case ("SS", _):
            let set = try strings()
            try Self.refuseNamesEqualOnlyAsCharacters(set, in: "the string set \(attribute)")
            guard Set(set).count == set.count else { throw DynamoDBError.validation("One or more parameter values were invalid: Input collection \(set) contains duplicates.") }
            self = .ss(set)
        case ("NS", _):
            let set = try strings().map { try Self.canonicalNumber($0, attribute: attribute) }
            guard Set(set).count == set.count else { throw DynamoDBError.validation("One or more parameter values were invalid: Input collection contains duplicates.") }
            self = .ns(set)
        case ("BS", _): self = .bs(try strings())
        default:
            throw DynamoDBError.validation("One or more parameter values were invalid: \(type) is not a type wh knows for \(attribute) (S, N, B, BOOL, NULL, L, M, SS, NS, BS)")
        }
    }

    /// As the JSON protocol writes it.
    public var json: JSONValue {
        switch self {
        case .s(let s): return .object([("S", .string(s))])
        case .n(let n): return .object([("N", .string(n))])
        case .b(let b): return .object([("B", .string(b))])
        case .bool(let b): return .object([("BOOL", .bool(b))])
        case .null: return .object([("NULL", .bool(true))])
        case .l(let l): return .object([("L", .array(l.map(\.json)))])
        case .m(let m): return .object([("M", Self.itemJSON(m))])
        case .ss(let s): return .object([("SS", .array(s.map(JSONValue.string)))])
        case .ns(let s): return .object([("NS", .array(s.map(JSONValue.string)))])
        case .bs(let s): return .object([("BS", .array(s.map(JSONValue.string)))])
        }
    }

    /// An item (name → value) as the JSON protocol writes it, names in order.
    public static func itemJSON(_ item: [String: AttributeValue]) -> JSONValue {
        .object(item.keys.sorted().map { ($0, item[$0]!.json) })
    }

    /// An item of a request: `{"name": {"S": …}, …}`.
    public static func item(_ json: JSONValue?, what: String) throws -> [String: AttributeValue] {
        guard let members = json?.members else { throw DynamoDBError.validation("1 validation error detected: Value null at '\(what)' failed to satisfy constraint: Member must not be null") }
        try refuseNamesEqualOnlyAsCharacters(members.map(\.0), in: what)
        var item: [String: AttributeValue] = [:]
        for (name, value) in members { item[name] = try AttributeValue(value, attribute: name) }
        return item
    }

    /// DynamoDB keeps names (and string-set members) apart by their bytes; wh's items are Swift
    /// dictionaries and sets, where "\u{e9}" and "e\u{301}" (one letter, two normalisations) are the
    /// same key: one would silently replace the other. Refused instead.
    static func refuseNamesEqualOnlyAsCharacters(_ names: [String], in what: String) throws {
        var seen: [String: [UInt8]] = [:]
        for name in names {
            let bytes = Array(name.utf8)
            if let earlier = seen[name], earlier != bytes {
                throw DynamoDBError.validation("wh cannot keep both '\(String(decoding: earlier, as: UTF8.self))' and '\(name)' in \(what): they differ only in "
                    + "Unicode normalisation (composed and decomposed), which DynamoDB keeps apart and wh's items do not; normalise the names (NFC) before writing")
            }
            seen[name] = bytes
        }
    }

    // MARK: - As wh stores it

    /// The plain JSON a key-value table stores: S as a string, N as a number, BOOL, NULL, L as an
    /// array, M as an object; the types JSON lacks as one-member objects `{"B": …}`, `{"SS": […]}`,
    /// `{"NS": […]}`, `{"BS": […]}` (and a map whose only member is named B, SS, NS, BS or M as
    /// `{"M": {…}}`), so every value reads back as the type it was written.
    public var stored: JSONValue {
        switch self {
        case .s(let s): return .string(s)
        case .n(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .l(let l): return .array(l.map(\.stored))
        case .m(let m):
            let plain = JSONValue.object(m.keys.sorted().map { ($0, m[$0]!.stored) })
            if m.count == 1, let only = m.keys.first, Self.markers.contains(only) { return .object([("M", plain)]) }
            return plain
        case .b(let b): return .object([("B", .string(b))])
        case .ss(let s): return .object([("SS", .array(s.map(JSONValue.string)))])
        case .ns(let s): return .object([("NS", .array(s.map(JSONValue.string)))])
        case .bs(let s): return .object([("BS", .array(s.map(JSONValue.string)))])
        }
    }

    private static let markers: Set = ["B", "SS", "NS", "BS", "M"]

    /// A value as a key-value table gives it back (see `stored`).
    public init(stored json: JSONValue) {
        switch json {
        case .string(let s): self = .s(s)
        case .number(let n): self = .n((try? Self.canonicalNumber(n, attribute: "")) ?? n)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        case .array(let elements): self = .l(elements.map(AttributeValue.init(stored:)))
        case .object(let members):
            if members.count == 1, let (marker, inner) = members.first, Self.markers.contains(marker) {
                switch (marker, inner) {
                case ("B", .string(let b)): self = .b(b); return
                case ("M", .object(let m)): self = .m(Dictionary(m.map { ($0.0, AttributeValue(stored: $0.1)) }, uniquingKeysWith: { a, _ in a })); return
                case (_, .array(let elements)) where elements.allSatisfy({ $0.stringValue != nil }):
                    let strings = elements.compactMap(\.stringValue)
                    self = marker == "SS" ? .ss(strings) : marker == "NS" ? .ns(strings) : .bs(strings)
                    return
                default: break
                }
            }
            self = .m(Dictionary(members.map { ($0.0, AttributeValue(stored: $0.1)) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    // MARK: - Numbers

    /// DynamoDB's form of a number: no leading or trailing zeros, no exponent, no `+`, `-0` as `0`.
    /// wh keeps numbers as SQLite integers (up to 18 digits) or doubles (15 significant digits):
    /// longer ones are refused rather than changed.
    public static func canonicalNumber(_ text: String, attribute: String) throws -> String {
        let invalid = DynamoDBError.validation("The parameter cannot be converted to a numeric value: \(text) (attribute \(attribute))")
        var chars = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if chars.first == "-" { negative = true; chars = chars.dropFirst() } else if chars.first == "+" { chars = chars.dropFirst() }
        var exponent = 0
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(chars[chars.index(after: e)...]), abs(x) < 400 else { throw invalid }
            exponent = x
            chars = chars[..<e]
        }
        let parts = chars.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              !(parts.first?.isEmpty ?? true) || (parts.count == 2 && !parts[1].isEmpty) else { throw invalid }
        var digits = Array(parts[0] + (parts.count == 2 ? parts[1] : ""))
        var point = parts[0].count + exponent   // digits before the decimal point
        while let first = digits.first, first == "0" { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == "0" { digits.removeLast() }
        if digits.isEmpty { return "0" }
        guard digits.count <= 38 else {
            throw DynamoDBError.validation("Attempting to store more than 38 significant digits in a Number (attribute \(attribute))")
        }
        let integral = point >= digits.count
        if integral ? digits.count + (point - digits.count) > 18 : digits.count > 15 {
            throw DynamoDBError.validation("wh keeps a number as a 64-bit integer (18 digits) or double (15 significant digits): \(text) (attribute \(attribute)) would change; store it as a string")
        }
        var out: String
        if point <= 0 {
            out = "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            out = String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            out = String(digits[..<point]) + "." + String(digits[point...])
        }
        if negative { out = "-" + out }
        return out
    }

    /// A number's value for comparisons.
    var decimal: Decimal? {
        if case .n(let n) = self { return Decimal(string: n, locale: Locale(identifier: "en_US_POSIX")) }
        return nil
    }
}

/// DynamoDB's errors, as the JSON protocol names them.
public enum DynamoDBError: Error, Equatable {
    case validation(String)
    case resourceNotFound(String)
    case resourceInUse(String)
    case conditionalCheckFailed

    public var type: String {
        switch self {
        case .validation: return "ValidationException"
        case .resourceNotFound: return "ResourceNotFoundException"
        case .resourceInUse: return "ResourceInUseException"
        case .conditionalCheckFailed: return "ConditionalCheckFailedException"
        }
    }

    public var message: String {
        switch self {
        case .validation(let m), .resourceNotFound(let m), .resourceInUse(let m): return m
        case .conditionalCheckFailed: return "The conditional request failed"
        }
    }
}
