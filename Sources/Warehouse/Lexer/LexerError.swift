/// Text the lexer could not read into tokens: an unterminated string, identifier, comment or `$$` body.
/// More input could complete it, which is how the REPL knows to ask for another line.
public struct LexerError: Error, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case unterminatedString
        case unterminatedIdentifier
        case unterminatedComment
        case unterminatedDollarString
    }

    public let reason: Reason
    public let location: SourceLocation

    public init(reason: Reason, location: SourceLocation) {
        self.reason = reason
        self.location = location
    }

    /// What is unterminated; the place is in `location`.
    public var message: String {
        switch reason {
        case .unterminatedString: return "unterminated string literal"
        case .unterminatedIdentifier: return "unterminated quoted identifier"
        case .unterminatedComment: return "unterminated /* comment"
        case .unterminatedDollarString: return "unterminated $$ block"
        }
    }

    public var hint: String {
        switch reason {
        case .unterminatedString: return "close the string with ' (write '' or \\' for a quote inside it)"
        case .unterminatedIdentifier: return "close the identifier with \" (write \"\" for a quote inside it)"
        case .unterminatedComment: return "close the comment with */"
        case .unterminatedDollarString: return "close the block with $$"
        }
    }
}
