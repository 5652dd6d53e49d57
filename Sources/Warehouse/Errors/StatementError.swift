/// A statement that failed: the message, where in the script it went wrong, and the next step.
public struct StatementError: WarehouseError, Equatable {
    public var message: String
    public var hint: String?
    /// The failing statement's text.
    public var statement: String
    /// Where the statement starts in its script.
    public var statementLocation: SourceLocation
    /// Where in the script the error was found, when known.
    public var location: SourceLocation?

    public init(message: String, hint: String? = nil, statement: String,
                statementLocation: SourceLocation, location: SourceLocation? = nil) {
        self.message = message
        self.hint = hint
        self.statement = statement
        self.statementLocation = statementLocation
        self.location = location
    }

    /// The script line that holds `location` (or the statement's first line), for a caret display.
    public var sourceLine: String {
        let target = (location ?? statementLocation).line - statementLocation.line
        let lines = statement.scalarLines
        guard target >= 0, target < lines.count else { return "" }
        var line = String(lines[target])
        if target == 0 { line = String(repeating: " ", count: statementLocation.column - 1) + line }
        return line
    }
}

extension SourceLocation {
    /// The location reached after moving `utf8Offset` bytes into `text`, which starts here.
    public func advanced(by utf8Offset: Int, in text: String) -> SourceLocation {
        var result = self
        var consumed = 0
        for scalar in text.unicodeScalars {
            let width = String(scalar).utf8.count
            if consumed + width > utf8Offset { break }
            consumed += width
            if scalar == "\n" {
                result.line += 1
                result.column = 1
            } else {
                result.column += 1
            }
        }
        result.offset += consumed
        return result
    }
}
