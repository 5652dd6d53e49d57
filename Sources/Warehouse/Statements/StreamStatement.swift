/// CREATE [OR REPLACE] STREAM [IF NOT EXISTS] name ON TABLE t [APPEND_ONLY = …] [SHOW_INITIAL_ROWS = …] [COMMENT = '…'].
public struct CreateStreamStatement: Equatable, Sendable {
    public var orReplace = false
    public var ifNotExists = false
    public var name: Identifier
    public var table: [Identifier]
    public var appendOnly = false
    public var showInitialRows = false
    public var comment: String?
}

extension CreateStreamStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { try parser.createStream() }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createStream(self) }
}

extension Parser {
    mutating func createStream() throws -> CreateStreamStatement? {
        guard let (orReplace, ifNotExists) = createHeader("STREAM") else { return nil }
        let name = try objectName()
        try expect("ON")
        guard let kind = current, kind.kind == .word else { throw unexpected(expecting: "TABLE") }
        guard accept("TABLE") else {
            throw SyntaxError(message: "streams on \(kind.text.uppercased()) are not supported by wh", location: kind.location,
                              hint: "create the stream ON TABLE")
        }
        var table = [try identifier()]
        while acceptSymbol(".") { table.append(try identifier()) }
        var statement = CreateStreamStatement(orReplace: orReplace, ifNotExists: ifNotExists, name: name, table: table)
        while !atEnd {
            if isWord("AT") || isWord("BEFORE") {
                throw SyntaxError(message: "streams starting AT or BEFORE a point in time are not supported by wh", location: current!.location,
                                  hint: "a wh stream starts at its creation (or with SHOW_INITIAL_ROWS = TRUE, with the rows already there)")
            }
            let (option, value) = try option()
            guard case .text(let text) = value else { throw unexpected() }
            switch option {
            case "APPEND_ONLY": statement.appendOnly = text == "TRUE"
            case "SHOW_INITIAL_ROWS": statement.showInitialRows = text == "TRUE"
            case "COMMENT": statement.comment = text
            default:
                throw SyntaxError(message: "unknown stream property \(option)", location: end, hint: "use APPEND_ONLY, SHOW_INITIAL_ROWS or COMMENT")
            }
        }
        return statement
    }
}
