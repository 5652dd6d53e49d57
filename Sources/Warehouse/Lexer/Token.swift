/// A position in SQL text: 1-based line and column (in characters) and the UTF-8 byte offset.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static let start = SourceLocation(line: 1, column: 1, offset: 0)
    public var description: String { "line \(line), column \(column)" }
}

/// What a token is. Keywords are identifiers; the parser decides which words are reserved.
public enum TokenKind: Equatable, Sendable {
    /// A bare word: keyword or unquoted identifier.
    case word
    /// `"Quoted Identifier"`; `text` is the decoded name.
    case quotedIdentifier
    /// `'string'`; `text` is the decoded value.
    case string
    /// `$$ body $$`; `text` is the body.
    case dollarString
    /// 42, 3.14, 1e10, 0x1F.
    case number
    /// `$1`, `$2` positional column references in stage queries.
    case positional
    /// `?` bind parameters.
    case parameter
    /// `@stage/path` references; `text` is everything after `@`.
    case stageReference
    /// `file:///dir/*.json`, as PUT and GET name local files: read up to white space or `;`, so a
    /// `/*` or `//` in it starts no comment.
    case fileURL
    /// Operators and punctuation: `(`, `,`, `::`, `<=`, `=>`, `;` …
    case symbol
    /// `-- …`, `// …`, `/* … */`.
    case comment
}

/// One token with the exact source text it came from.
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    /// Decoded text: the name of a quoted identifier, the value of a string, the operator itself.
    public var text: String
    /// The token exactly as written.
    public var raw: Substring
    public var location: SourceLocation

    /// True for a bare word equal to `keyword`, ignoring case.
    public func isWord(_ keyword: String) -> Bool {
        kind == .word && text.caseInsensitiveCompare(keyword) == .orderedSame
    }

    /// True for the symbol `symbol`.
    public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
}

import Foundation
