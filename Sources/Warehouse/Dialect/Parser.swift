/// A statement the parser could not read: Snowflake's `syntax error line L at position P unexpected 'X'.`
public struct SyntaxError: Error, Equatable, Sendable {
    public var message: String
    public var location: SourceLocation
    public var hint: String?
}

/// A recursive-descent parser over the tokens of one statement (comments dropped). Statement kinds
/// live in their own files as extensions.
public struct Parser {
    let tokens: [Token]
    var index = 0
    /// How deeply expressions nest right now; past `maximumDepth` the parser refuses rather than
    /// overflow the stack.
    var depth = 0
    static let maximumDepth = 256
    /// Where the statement ends, for errors at end of input.
    let end: SourceLocation

    public init(_ text: String, startingAt start: SourceLocation = .start) throws {
        do {
            tokens = try Lexer.tokenize(text).filter { $0.kind != .comment }.map { token in
                var token = token
                token.location = Parser.shift(token.location, by: start)
                return token
            }
        } catch {
            throw SyntaxError(message: error.message, location: Parser.shift(error.location, by: start), hint: error.hint)
        }
        end = start.advanced(by: text.utf8.count, in: text)
    }

    static func shift(_ location: SourceLocation, by start: SourceLocation) -> SourceLocation {
        SourceLocation(line: location.line + start.line - 1,
                       column: location.line == 1 ? location.column + start.column - 1 : location.column,
                       offset: location.offset + start.offset)
    }

    // MARK: - Cursor

    var current: Token? { index < tokens.count ? tokens[index] : nil }
    var atEnd: Bool { index >= tokens.count }

    func peek(_ ahead: Int = 0) -> Token? {
        index + ahead < tokens.count ? tokens[index + ahead] : nil
    }

    func isWord(_ word: String, ahead: Int = 0) -> Bool { peek(ahead)?.isWord(word) == true }
    func isSymbol(_ symbol: String, ahead: Int = 0) -> Bool { peek(ahead)?.isSymbol(symbol) == true }

    /// Consumes the word when it is next.
    mutating func accept(_ word: String) -> Bool {
        guard isWord(word) else { return false }
        index += 1
        return true
    }

    /// Consumes the words when they come next, in order; otherwise consumes nothing.
    mutating func accept(words: String...) -> Bool {
        for (offset, word) in words.enumerated() where !isWord(word, ahead: offset) { return false }
        index += words.count
        return true
    }

    mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    mutating func expect(_ word: String) throws {
        guard accept(word) else { throw unexpected(expecting: word) }
    }

    mutating func expectSymbol(_ symbol: String) throws {
        guard acceptSymbol(symbol) else { throw unexpected(expecting: "'\(symbol)'") }
    }

    /// An identifier (bare word or quoted, or `IDENTIFIER('name')`).
    mutating func identifier() throws -> Identifier {
        guard let token = current else { throw unexpected(expecting: "a name") }
        if token.isWord("IDENTIFIER"), isSymbol("(", ahead: 1) { return try identifierFunction() }
        switch token.kind {
        case .word:
            index += 1
            return Identifier(token.text)
        case .quotedIdentifier:
            index += 1
            return Identifier(token.text, quoted: true)
        default:
            throw unexpected(expecting: "a name")
        }
    }

    /// `IDENTIFIER('name')`: the string read as a name is (`'t'` is T, `'"t"'` is "t"; of
    /// `'db.schema.t'` the last part counts, as wh has one database and schema). A procedure's
    /// `IDENTIFIER(:var)` arrives here with the variable's value in place.
    private mutating func identifierFunction() throws -> Identifier {
        index += 2
        guard let literal = current, literal.kind == .string || literal.kind == .dollarString else {
            throw unexpected(expecting: "a string naming an object, as in IDENTIFIER('MY_TABLE')")
        }
        index += 1
        try expectSymbol(")")
        let refused = SyntaxError(message: "IDENTIFIER('\(literal.text)') does not name an object", location: literal.location,
                                  hint: "give a name, as in IDENTIFIER('MY_TABLE') or IDENTIFIER('\"My Table\"')")
        guard let tokens = try? Lexer.tokenize(literal.text), !tokens.isEmpty else { throw refused }
        var last: Identifier?
        for (position, token) in tokens.enumerated() {
            if position % 2 == 1 {
                guard token.isSymbol(".") else { throw refused }
            } else if token.kind == .word, !Parser.reservedWords.contains(token.text.uppercased()) {
                last = Identifier(token.text)
            } else if token.kind == .quotedIdentifier {
                last = Identifier(token.text, quoted: true)
            } else {
                throw refused
            }
        }
        guard let last, tokens.count % 2 == 1 else { throw refused }
        return last
    }

    /// A possibly qualified name `db.schema.object`; wh has one database and schema, so only the
    /// last part names the object.
    mutating func objectName() throws -> Identifier {
        var name = try identifier()
        while acceptSymbol(".") { name = try identifier() }
        return name
    }

    mutating func stringLiteral() throws -> String {
        guard let token = current, token.kind == .string || token.kind == .dollarString else {
            throw unexpected(expecting: "a string")
        }
        index += 1
        return token.text
    }

    mutating func integer() throws -> Int {
        guard let token = current, token.kind == .number, let value = Int(token.text) else {
            throw unexpected(expecting: "a number")
        }
        index += 1
        return value
    }

    /// The statement must end here.
    func expectEnd() throws {
        if !atEnd {
            var error = unexpected()
            error.hint = "check the SQL near the marked position; a statement ends here or with ;"
            throw error
        }
    }

    /// The text of the tokens from `start` up to the current position, as written.
    func text(from start: Int) -> String {
        guard start < index, start < tokens.count else { return "" }
        let first = tokens[start].raw, last = tokens[min(index, tokens.count) - 1].raw
        return String(first.base[first.startIndex..<last.endIndex])
    }

    /// The rest of the statement as written.
    mutating func rest() -> String {
        let start = index
        index = tokens.count
        return text(from: start)
    }

    /// Snowflake's syntax error for the token at the cursor.
    func unexpected(expecting: String? = nil) -> SyntaxError {
        let location = current?.location ?? end
        var found = current.map { String($0.raw) } ?? "<EOF>"
        if found.count > 40 { found = String(found.prefix(37)) + "..." }
        let hint = expecting.map { "expected \($0) here" }
        return SyntaxError(message: "syntax error line \(location.line) at position \(location.column - 1) unexpected '\(found)'.",
                           location: location, hint: hint)
    }
}
