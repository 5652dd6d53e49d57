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
    /// `blocks` false splits inside Snowflake Scripting blocks too (at every `;`), as a block's
    /// own reader does.
    public static func split(_ script: String, blocks: Bool = true) -> Split {
        var lexer = Lexer(script)
        var complete: [StatementText] = []
        var first: Token?
        var last: Token?
        var block = BlockTracker()
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
            if token.kind == .comment { continue }
            if token.isSymbol(";") {
                // Inside a Snowflake Scripting block, `;` ends the block's statements, not the block.
                if blocks && block.isOpen(at: token) {
                    last = token
                    continue
                }
                if let statement = cut() { complete.append(statement) }
                first = nil
                last = nil
                block = BlockTracker()
                continue
            }
            block.see(token, first: first == nil)
            if first == nil { first = token }
            last = token
        }
        return Split(complete: complete, remainder: cut(), unterminated: nil)
    }

    /// Every statement of a complete script, the last one allowed without `;`.
    public static func statements(in script: String, blocks: Bool = true) throws(LexerError) -> [StatementText] {
        let split = split(script, blocks: blocks)
        if let error = split.unterminated { throw error }
        return split.complete + (split.remainder.map { [$0] } ?? [])
    }
}

/// Follows a Snowflake Scripting block written without `$$` (`DECLARE … BEGIN … END;` or
/// `BEGIN … END;` other than BEGIN [TRANSACTION]) to know which `;` ends it: BEGIN and CASE open,
/// END closes (END IF, END FOR, END LOOP, END WHILE and END REPEAT close their own statements).
struct BlockTracker {
    private var isBlock = false
    private var maybeBlock = false
    private var depth = 0
    private var begun = false
    private var afterEnd = false

    mutating func see(_ token: Token, first: Bool) {
        let word = token.kind == .word ? token.text.uppercased() : nil
        if first {
            isBlock = word == "DECLARE"
            maybeBlock = word == "BEGIN"
            if maybeBlock { depth = 1; begun = true }
            return
        }
        if maybeBlock {
            maybeBlock = false
            // BEGIN TRANSACTION / BEGIN WORK / BEGIN NAME … start a transaction, not a block.
            isBlock = !["TRANSACTION", "WORK", "NAME", "DEFERRED", "IMMEDIATE", "EXCLUSIVE"].contains(word ?? "")
        }
        guard isBlock else { return }
        if afterEnd {
            afterEnd = false
            if let word, ["IF", "FOR", "LOOP", "WHILE", "REPEAT"].contains(word) { return }
            depth -= 1
            if word == "CASE" { return }
        }
        switch word {
        case "BEGIN": depth += 1; begun = true
        case "CASE": depth += 1
        case "END": afterEnd = true
        default: break
        }
    }

    /// Whether `;` falls inside the block (so it does not end the statement).
    mutating func isOpen(at token: Token) -> Bool {
        guard isBlock else { return false }
        if afterEnd { afterEnd = false; depth -= 1 }
        return !begun || depth > 0
    }
}
