import Crypto
import Foundation
import SQLite

extension Warehouse {
    /// CONTAINS, STARTSWITH, ENDSWITH, SPLIT_PART, REGEXP_LIKE, REGEXP_SUBSTR, MD5, SHA2, HASH and
    /// UUID_STRING as Snowflake defines them (SQL NULL in, SQL NULL out).
    func registerStringFunctions() throws {
        func strings(_ name: String, _ count: Int, _ body: @escaping @Sendable ([String]) throws -> Value) throws {
            try connection.createFunction(name, argumentCount: count) { arguments in
                var texts: [String] = []
                for argument in arguments {
                    guard let text = argument.textValue else { return .null }
                    texts.append(text)
                }
                return try body(texts)
            }
        }
        try strings("wh_contains", 2) { .integer($0[0].containsScalars(of: $0[1]) ? 1 : 0) }
        try strings("wh_startswith", 2) { .integer($0[0].startsWithScalars(of: $0[1]) ? 1 : 0) }
        try strings("wh_endswith", 2) { .integer($0[0].endsWithScalars(of: $0[1]) ? 1 : 0) }
        try strings("wh_split_part", 3) { a in
            guard let n = Int(a[2]) else { throw FunctionError("SPLIT_PART: part number '\(a[2])' is not a number") }
            let parts = a[1].isEmpty ? [a[0]] : a[0].splitByScalars(of: a[1])
            // 1-based; negative counts from the end; 0 is taken as 1; out of range gives ''.
            let index = n > 0 ? n - 1 : (n == 0 ? 0 : parts.count + n)
            return .text(parts.indices.contains(index) ? parts[index] : "")
        }
        try strings("wh_regexp_like", 2) { a in
            // Snowflake's REGEXP_LIKE/RLIKE match the whole subject.
            let regex = try Self.regex(a[1])
            let range = NSRange(a[0].startIndex..., in: a[0])
            let match = regex.firstMatch(in: a[0], options: [.anchored], range: range)
            return .integer(match?.range == range ? 1 : 0)
        }
        try connection.createFunction("wh_regexp_substr") { arguments in
            guard let subject = arguments[0].textValue, let pattern = arguments[1].textValue else { return .null }
            let position = arguments.count > 2 ? Int(arguments[2].textValue ?? "1") ?? 1 : 1
            let occurrence = arguments.count > 3 ? Int(arguments[3].textValue ?? "1") ?? 1 : 1
            let regex = try Self.regex(pattern)
            guard position >= 1, position <= subject.unicodeScalars.count + 1 else { return .null }
            let tail = subject.droppingScalars(position - 1)
            let matches = regex.matches(in: tail, range: NSRange(tail.startIndex..., in: tail))
            guard occurrence >= 1, occurrence <= matches.count, let range = Range(matches[occurrence - 1].range, in: tail) else { return .null }
            return .text(String(tail[range]))
        }
        try strings("wh_md5", 1) { .text(Self.hex(Insecure.MD5.hash(data: Data($0[0].utf8)))) }
        try connection.createFunction("wh_sha2") { arguments in
            guard let text = arguments[0].textValue else { return .null }
            let bits = arguments.count > 1 ? Int(arguments[1].textValue ?? "256") ?? 0 : 256
            let data = Data(text.utf8)
            switch bits {
            case 224: throw FunctionError("SHA2 with 224 bits is not supported by wh; use 256, 384 or 512")
            case 256: return .text(Self.hex(SHA256.hash(data: data)))
            case 384: return .text(Self.hex(SHA384.hash(data: data)))
            case 512: return .text(Self.hex(SHA512.hash(data: data)))
            default: throw FunctionError("SHA2 digest size \(bits) is not valid; use 224, 256, 384 or 512")
            }
        }
        try connection.createFunction("wh_hash") { arguments in
            // A signed 64-bit hash of the values (not Snowflake's own algorithm: equal inputs give
            // equal hashes within wh, as HASH is used for, but the numbers differ from Snowflake's).
            let text = arguments.map { $0.isNull ? "\u{0}NULL" : ($0.textValue ?? "") }.joined(separator: "\u{1}")
            let digest = Array(SHA256.hash(data: Data(text.utf8)).prefix(8))
            return .integer(digest.reduce(Int64(0)) { ($0 << 8) | Int64($1) })
        }
        try connection.createFunction("wh_uuid_string", argumentCount: 0, deterministic: false) { _ in
            .text(UUID().uuidString.lowercased())
        }
    }

    /// Bytes as lower-case hex (digests, ETags, password hashes).
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    static func regex(_ pattern: String) throws -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: pattern) } catch {
            throw FunctionError("Invalid regular expression: '\(pattern)'")
        }
    }
}
