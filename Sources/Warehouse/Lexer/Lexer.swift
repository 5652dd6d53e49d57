/// Splits Snowflake SQL into tokens. It knows Snowflake's lexical rules: `'…'` strings with `''` and
/// backslash escapes, `"…"` identifiers, `$$…$$` bodies, `--`, `//` and `/* */` comments, `$1`
/// positional columns, `?` binds and `@stage/path` references. A `:` is always a symbol; the parser
/// decides whether `:name` is a bind or a VARIANT path.
public struct Lexer {
    private let bytes: [UInt8]
    private let text: String
    private var index = 0
    private var line = 1
    private var column = 1

    public init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// Every token of `text`, comments included, in order.
    public static func tokenize(_ text: String) throws(LexerError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    /// The next token, or nil at end of input.
    public mutating func next() throws(LexerError) -> Token? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        let start = location
        let b = bytes[index]
        switch b {
        case UInt8(ascii: "'"):
            let value = try quoted(closing: UInt8(ascii: "'"), backslashEscapes: true, reason: .unterminatedString, start: start)
            return make(.string, value, from: start)
        case UInt8(ascii: "\""):
            let value = try quoted(closing: UInt8(ascii: "\""), backslashEscapes: false, reason: .unterminatedIdentifier, start: start)
            return make(.quotedIdentifier, value, from: start)
        case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"),
             // `//` starts a comment, except in a URL such as PUT's `file:///tmp/x.json`.
             UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/") && !followsURLScheme:
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { advance() }
            return make(.comment, nil, from: start)
        case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
            advance(2)
            while index < bytes.count, !(bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) { advance() }
            guard index < bytes.count else { throw LexerError(reason: .unterminatedComment, location: start) }
            advance(2)
            return make(.comment, nil, from: start)
        case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "$"):
            advance(2)
            let bodyStart = index
            while index < bytes.count, !(bytes[index] == UInt8(ascii: "$") && peek(1) == UInt8(ascii: "$")) { advance() }
            guard index < bytes.count else { throw LexerError(reason: .unterminatedDollarString, location: start) }
            let body = String(decoding: bytes[bodyStart..<index], as: UTF8.self)
            advance(2)
            return make(.dollarString, body, from: start)
        case UInt8(ascii: "$") where peek(1).map(isDigit) == true:
            advance()
            while index < bytes.count, isDigit(bytes[index]) { advance() }
            return make(.positional, nil, from: start)
        case UInt8(ascii: "@"):
            advance()
            while index < bytes.count, isStageChar(bytes[index]) { advance() }
            let name = String(decoding: bytes[(start.offset + 1)..<index], as: UTF8.self)
            return make(.stageReference, name, from: start)
        case UInt8(ascii: "?"):
            advance()
            return make(.parameter, nil, from: start)
        default:
            break
        }
        if isDigit(b) || (b == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
            return number(from: start)
        }
        if startsFileURL {
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ";") { advance() }
            return make(.fileURL, nil, from: start)
        }
        if isIdentifierStart(b) {
            while index < bytes.count, isIdentifierPart(bytes[index]) { advance() }
            return make(.word, nil, from: start)
        }
        for symbol in Lexer.symbols where matches(symbol) {
            advance(symbol.utf8.count)
            return make(.symbol, symbol, from: start)
        }
        // A character that starts no token is passed on as a symbol; the parser reports it in context.
        advance()
        while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        return make(.symbol, nil, from: start)
    }

    /// Multi-character symbols first so that the longest one wins.
    static let symbols = ["::", "||", "<=", ">=", "<>", "!=", "==", "=>", "->", "<<", ">>",
                          "(", ")", ",", ";", "+", "-", "*", "/", "%", "=", "<", ">", ".", "[", "]",
                          "{", "}", ":", "&", "|", "~", "^", "!"]

    // MARK: - Pieces

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

    /// True right after `scheme:` or `scheme:/`, where slashes belong to a URL.
    /// True at `file://` (any case).
    private var startsFileURL: Bool {
        let scheme = Array("file://".utf8)
        guard index + scheme.count <= bytes.count else { return false }
        for (i, c) in scheme.enumerated() where bytes[index + i] | (i < 4 ? 0x20 : 0) != c { return false }
        return true
    }

    private var followsURLScheme: Bool {
        if index > 0, bytes[index - 1] == UInt8(ascii: ":") { return true }
        return index > 1 && bytes[index - 1] == UInt8(ascii: "/") && bytes[index - 2] == UInt8(ascii: ":")
    }

    private func peek(_ ahead: Int) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    private func matches(_ symbol: String) -> Bool {
        var i = index
        for u in symbol.utf8 {
            guard i < bytes.count, bytes[i] == u else { return false }
            i += 1
        }
        return true
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, isSpace(bytes[index]) { advance() }
    }

    private mutating func quoted(closing: UInt8, backslashEscapes: Bool, reason: LexerError.Reason,
                                 start: SourceLocation) throws(LexerError) -> String {
        advance()
        var value: [UInt8] = []
        while index < bytes.count {
            let b = bytes[index]
            if b == closing {
                if peek(1) == closing {
                    value.append(closing)
                    advance(2)
                    continue
                }
                advance()
                return String(decoding: value, as: UTF8.self)
            }
            if backslashEscapes, b == UInt8(ascii: "\\"), let next = peek(1) {
                if let (scalar, length) = numericEscape() {
                    value.append(contentsOf: Array(String(scalar).utf8))
                    advance(length)
                    continue
                }
                value.append(contentsOf: Lexer.unescape(next))
                advance(2)
                continue
            }
            value.append(b)
            advance()
        }
        throw LexerError(reason: reason, location: start)
    }

    /// At a backslash: Snowflake's `\\ooo` (three octal digits), `\\xhh` and `\\uhhhh` (a surrogate
    /// pair written as two), as the character and the bytes it takes; nil for any other escape.
    private func numericEscape() -> (Unicode.Scalar, Int)? {
        func digits(_ count: Int, from offset: Int, radix: UInt32) -> UInt32? {
            var value: UInt32 = 0
            for k in 0..<count {
                guard let b = peek(offset + k), let d = Character(Unicode.Scalar(b)).hexDigitValue, d < radix else { return nil }
                value = value * radix + UInt32(d)
            }
            return value
        }
        switch peek(1) {
        case UInt8(ascii: "x"): return digits(2, from: 2, radix: 16).flatMap(Unicode.Scalar.init).map { ($0, 4) }
        case UInt8(ascii: "u"):
            guard let unit = digits(4, from: 2, radix: 16) else { return nil }
            if (0xD800..<0xDC00).contains(unit), peek(6) == UInt8(ascii: "\\"), peek(7) == UInt8(ascii: "u"),
               let low = digits(4, from: 8, radix: 16), (0xDC00..<0xE000).contains(low) {
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)).map { ($0, 12) }
            }
            return Unicode.Scalar(unit).map { ($0, 6) }
        case let b? where b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7"):
            return digits(3, from: 1, radix: 8).flatMap(Unicode.Scalar.init).map { ($0, 4) }
        default: return nil
        }
    }

    /// Snowflake's backslash escapes in string literals.
    static func unescape(_ b: UInt8) -> [UInt8] {
        switch b {
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "0"): return [0x00]
        default: return [b]
        }
    }

    private mutating func number(from start: SourceLocation) -> Token {
        // 0x1F; `0x` without a hex digit after it is the number 0 followed by a name (`0xR`: 0 AS xR).
        if bytes[index] == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X"), let h = peek(2), isHexDigit(h) {
            advance(2)
            while index < bytes.count, isHexDigit(bytes[index]) { advance() }
            return make(.number, nil, from: start)
        }
        while index < bytes.count, isDigit(bytes[index]) { advance() }
        if index < bytes.count, bytes[index] == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
            advance()
            while index < bytes.count, isDigit(bytes[index]) { advance() }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            var ahead = 1
            if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { ahead = 2 }
            if let d = peek(ahead), isDigit(d) {
                advance(ahead)
                while index < bytes.count, isDigit(bytes[index]) { advance() }
            }
        }
        return make(.number, nil, from: start)
    }

    private func make(_ kind: TokenKind, _ decoded: String?, from start: SourceLocation) -> Token {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start.offset)
        let upper = utf8.index(lower, offsetBy: index - start.offset)
        let raw = text[lower..<upper]
        return Token(kind: kind, text: decoded ?? String(raw), raw: raw, location: start)
    }
}

func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B }
func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }
func isIdentifierStart(_ b: UInt8) -> Bool { (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == UInt8(ascii: "_") || b >= 0x80 }
func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) || b == UInt8(ascii: "$") }
func isStageChar(_ b: UInt8) -> Bool {
    isIdentifierPart(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
        || b == UInt8(ascii: "~") || b == UInt8(ascii: "%") || b == UInt8(ascii: "\"")
}
