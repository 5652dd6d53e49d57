/// CREATE [OR REPLACE] PIPE [IF NOT EXISTS] name [AUTO_INGEST = TRUE | FALSE] [COMMENT = '…'] AS COPY INTO ….
public struct CreatePipeStatement: Equatable, Sendable {
    public var orReplace = false
    public var ifNotExists = false
    public var name: Identifier
    /// Snowflake's default is FALSE: such a pipe loads only the files ALTER PIPE … REFRESH queues.
    public var autoIngest = false
    public var comment: String?
    public var copy: CopyStatement
    /// The COPY as written, kept as the pipe's definition.
    public var copyText: String
}

extension CreatePipeStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { try parser.createPipe() }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createPipe(self) }
}

/// ALTER PIPE [IF EXISTS] name SET … | UNSET … | REFRESH ….
public struct AlterPipeStatement: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case setPaused(Bool?, comment: String??)
        case refresh(prefix: String?, modifiedAfter: String?)
    }

    public var ifExists = false
    public var name: Identifier
    public var action: Action
}

extension AlterPipeStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.startsWith("ALTER", "PIPE") ? try parser.alterPipe() : nil }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.alterPipe(self) }
}

extension Parser {
    mutating func createPipe() throws -> CreatePipeStatement? {
        guard let (orReplace, ifNotExists) = createHeader("PIPE") else { return nil }
        let name = try objectName()
        var autoIngest = false
        var comment: String?
        while !isWord("AS") {
            guard let token = current, token.kind == .word, isSymbol("=", ahead: 1) else { throw unexpected(expecting: "AUTO_INGEST, COMMENT or AS") }
            index += 2
            switch token.text.uppercased() {
            case "AUTO_INGEST":
                guard case .text(let value) = try optionValue(), value == "TRUE" || value == "FALSE" else {
                    throw SyntaxError(message: "AUTO_INGEST takes TRUE or FALSE", location: token.location, hint: nil)
                }
                autoIngest = value == "TRUE"
            case "COMMENT": comment = try stringLiteral()
            case "ERROR_INTEGRATION", "AWS_SNS_TOPIC", "INTEGRATION":
                throw SyntaxError(message: "\(token.text.uppercased()) is not supported by wh: the daemon watches the stage's directory itself",
                                  location: token.location, hint: "leave it out; AUTO_INGEST = TRUE is all a wh pipe needs")
            default:
                throw SyntaxError(message: "unknown pipe property \(token.text.uppercased())", location: token.location,
                                  hint: "use AUTO_INGEST, COMMENT, then AS COPY INTO …")
            }
        }
        try expect("AS")
        let parenthesized = acceptSymbol("(")
        let start = index
        var copy = try copyInto(until: parenthesized ? ")" : nil)
        let copyText = text(from: start)
        if parenthesized { try expectSymbol(")") }
        try expectEnd()
        try Self.checkPipeCopy(copy, at: tokens[start].location)
        if !copy.options.onErrorGiven { copy.options.onError = .skipFile(1) }   // Snowpipe's default
        return CreatePipeStatement(orReplace: orReplace, ifNotExists: ifNotExists, name: name, autoIngest: autoIngest,
                                   comment: comment, copy: copy, copyText: copyText)
    }

    /// The COPY options Snowpipe refuses, refused the same way.
    static func checkPipeCopy(_ copy: CopyStatement, at location: SourceLocation) throws {
        func refuse(_ option: String, _ hint: String) -> SyntaxError {
            SyntaxError(message: "\(option) is not supported in a pipe's COPY", location: location, hint: hint)
        }
        if copy.files != nil { throw refuse("FILES", "a pipe loads each new file of its stage; choose files with the stage path or PATTERN") }
        if copy.options.onErrorGiven && copy.options.onError == .abortStatement {
            throw refuse("ON_ERROR = ABORT_STATEMENT", "use SKIP_FILE (the default), SKIP_FILE_n or CONTINUE")
        }
        if copy.options.sizeLimit != nil { throw refuse("SIZE_LIMIT", "leave it out: a pipe loads one file at a time") }
        if copy.options.purge { throw refuse("PURGE", "remove loaded files with REMOVE @stage …") }
        if copy.options.force { throw refuse("FORCE", "a pipe loads each file once; run a COPY INTO … FORCE = TRUE yourself to reload") }
        if copy.options.returnFailedOnly { throw refuse("RETURN_FAILED_ONLY", "read the pipe's loads with COPY_HISTORY(…, PIPE_NAME => …)") }
        if copy.options.validationMode != nil { throw refuse("VALIDATION_MODE", "validate with a COPY INTO … VALIDATION_MODE = … of your own") }
    }

    mutating func alterPipe() throws -> AlterPipeStatement {
        try expect("ALTER")
        try expect("PIPE")
        let ifExists = accept(words: "IF", "EXISTS")
        let name = try objectName()
        if accept("REFRESH") {
            var prefix: String?, modifiedAfter: String?
            while !atEnd {
                let (option, value) = try option()
                guard case .text(let text) = value else { throw unexpected() }
                switch option {
                case "PREFIX": prefix = text
                case "MODIFIED_AFTER": modifiedAfter = text
                default: throw SyntaxError(message: "unknown REFRESH option \(option)", location: end, hint: "use PREFIX or MODIFIED_AFTER")
                }
            }
            return AlterPipeStatement(ifExists: ifExists, name: name, action: .refresh(prefix: prefix, modifiedAfter: modifiedAfter))
        }
        var paused: Bool?
        var comment: String??
        if accept("SET") {
            while !atEnd {
                let (option, value) = try option()
                switch (option, value) {
                case ("PIPE_EXECUTION_PAUSED", .text(let flag)) where flag == "TRUE" || flag == "FALSE": paused = flag == "TRUE"
                case ("COMMENT", .text(let text)): comment = .some(text)
                default:
                    throw SyntaxError(message: "invalid ALTER PIPE … SET \(option)", location: end,
                                      hint: "SET PIPE_EXECUTION_PAUSED = TRUE | FALSE, or COMMENT = '…'")
                }
                _ = acceptSymbol(",")
            }
        } else if accept("UNSET") {
            repeat {
                let word = try identifier().name
                switch word {
                case "PIPE_EXECUTION_PAUSED": paused = false
                case "COMMENT": comment = .some(nil)
                default: throw SyntaxError(message: "invalid ALTER PIPE … UNSET \(word)", location: end, hint: "UNSET PIPE_EXECUTION_PAUSED or COMMENT")
                }
            } while acceptSymbol(",")
        } else {
            throw unexpected(expecting: "SET, UNSET or REFRESH")
        }
        try expectEnd()
        return AlterPipeStatement(ifExists: ifExists, name: name, action: .setPaused(paused, comment: comment))
    }
}
