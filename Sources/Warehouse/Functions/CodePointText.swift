/// Text compared and cut by code points, as Snowflake does without a collation. Swift's own
/// `contains`, `hasPrefix` and `components(separatedBy:)` compare by canonical equivalence ('é'
/// written as one code point equals 'e' + U+0301) and count grapheme clusters, which would give
/// other answers. Working on UTF-8 bytes is the same as working on code points: a valid needle
/// can only match at code point boundaries.
extension String {
    // Whether a part occurs in the text: `containsScalars(of:)`.

    func startsWithCodePoints(_ prefix: String) -> Bool { utf8.starts(with: prefix.utf8) }

    func endsWithCodePoints(_ suffix: String) -> Bool { utf8.reversed().starts(with: suffix.utf8.reversed()) }

    /// The pieces between occurrences of `separator` (not empty).
    func splitCodePoints(by separator: String) -> [String] {
        let bytes = Array(utf8), needle = Array(separator.utf8)
        return bytes.split(separator: needle, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The text from code point `offset` (0-based) on.
    func droppingCodePoints(_ offset: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: unicodeScalars.dropFirst(offset))
        return String(view)
    }
}
