extension String {
    /// Replaces every `scalar` with `replacement`, by Unicode scalar. Foundation's
    /// `replacingOccurrences(of:with:)` compares whole characters, so a quote followed by a combining
    /// mark (`'` + U+0301 is one character) is not found, and a literal quoted that way would end
    /// early: every quoting of SQL, CSV, XML and shell text goes through this instead.
    public func replacingEvery(_ scalar: Unicode.Scalar, with replacement: String) -> String {
        guard unicodeScalars.contains(scalar) else { return self }
        var result = String.UnicodeScalarView()
        for s in unicodeScalars {
            if s == scalar { result.append(contentsOf: replacement.unicodeScalars) } else { result.append(s) }
        }
        return String(result)
    }

    /// Equality of the text itself, by UTF-8 bytes, as SQLite, Snowflake, S3 and DynamoDB compare
    /// strings. Swift's `==` goes by canonical equivalence: "\u{e9}" (one scalar) equals "e\u{301}"
    /// (two), which those systems keep apart.
    public func sameBytes(_ other: String) -> Bool { utf8.elementsEqual(other.utf8) }

    /// Whether `needle`'s Unicode scalars occur in order in this text. Foundation's and the standard
    /// library's `contains` match whole characters: a delimiter followed by a combining mark is not
    /// found, though a reader of the bytes sees it.
    public func containsScalars(of needle: String) -> Bool {
        needle.isEmpty || endOfBytes(Array(needle.utf8), in: Array(utf8)) != nil
    }

    /// Prefix, suffix, split and drop by code point, as SQL's string functions need them (Swift's
    /// `hasPrefix` and `components(separatedBy:)` go by canonical equivalence and Characters).
    func startsWithScalars(of prefix: String) -> Bool { utf8.starts(with: prefix.utf8) }

    func endsWithScalars(of suffix: String) -> Bool { utf8.reversed().starts(with: suffix.utf8.reversed()) }

    /// The pieces between occurrences of `separator` (not empty).
    func splitByScalars(of separator: String) -> [String] {
        Array(utf8).split(separator: Array(separator.utf8), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The text from code point `offset` (0-based) on.
    func droppingScalars(_ offset: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: unicodeScalars.dropFirst(offset))
        return String(view)
    }
}

/// Where the first `needle` at or after byte `start` of `bytes` ends (nil when there is none, or the
/// needle is empty). UTF-8 is self-synchronising: a match of the bytes is a match of the scalars.
public func endOfBytes(_ needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
    guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
    return (start...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.map { $0 + needle.count }
}
