/// One statement cut out of a script: its text without the closing `;` and where it starts.
public struct StatementText: Equatable, Sendable {
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// Cuts a script into statements at each `;` that is outside strings, quoted identifiers, comments
/// and `$$ … $$` bodies.
public enum StatementSplitter {
    /// What a buffer of input holds so far.
    public struct Split: Sendable {
        /// Statements that ended with `;`.
        public var complete: [StatementText]
        /// Text after the last `;` that holds more than comments and white space (a statement still
        /// being typed, or the last statement of a script without `;`).
        public var remainder: StatementText?
        /// Set when the input ends inside a string, identifier, comment or `$$` body.
        public var unterminated: LexerError?
    }

    /// Splits `script`. Never throws: an unterminated construct is reported in `unterminated`, and
    /// the text from the statement's start is kept as `remainder`.
    public static func split(_ script: String) -> Split {
        var lexer = Lexer(script)
        var complete: [StatementText] = []
        var first: Token?
        var last: Token?
        func cut() -> StatementText? {
            guard let first, let last else { return nil }
            let upper = last.raw.endIndex
            return StatementText(text: String(script[first.raw.startIndex..<upper]), location: first.location)
        }
        while true {
            let token: Token?
            do {
                token = try lexer.next()
            } catch {
                let startOfRest = first?.location ?? error.location
                let utf8 = script.utf8
                let lower = utf8.index(utf8.startIndex, offsetBy: startOfRest.offset)
                let rest = StatementText(text: String(script[lower...]), location: startOfRest)
                return Split(complete: complete, remainder: rest, unterminated: error)
            }
            guard let token else { break }
            if token.isSymbol(";") {
                if let statement = cut() { complete.append(statement) }
                first = nil
                last = nil
                continue
            }
            if token.kind == .comment { continue }
            if first == nil { first = token }
            last = token
        }
        return Split(complete: complete, remainder: cut(), unterminated: nil)
    }

    /// Every statement of a complete script, the last one allowed without `;`.
    public static func statements(in script: String) throws(LexerError) -> [StatementText] {
        let split = split(script)
        if let error = split.unterminated { throw error }
        return split.complete + (split.remainder.map { [$0] } ?? [])
    }
}
