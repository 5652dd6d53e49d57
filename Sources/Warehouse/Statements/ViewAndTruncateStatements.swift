/// CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(columns)] [COMMENT = '…'] AS query.
public struct CreateViewStatement: Equatable, Sendable {
    public var orReplace = false
    public var ifNotExists = false
    public var name: [Identifier] = []
    public var columns: [Identifier] = []
    public var comment: String?
    public var query: QueryStatement
}

extension CreateViewStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { try parser.createView() }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createView(self) }
}

/// DROP VIEW [IF EXISTS] name, and TRUNCATE [TABLE] [IF EXISTS] name.
public struct DropViewStatement: Equatable, Sendable {
    public var ifExists = false
    public var name: [Identifier] = []
}

extension DropViewStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.startsWith("DROP", "VIEW") ? try parser.dropView() : nil }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.dropView(self) }
}

public struct TruncateStatement: Equatable, Sendable {
    public var ifExists = false
    public var name: [Identifier] = []
}

extension TruncateStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("TRUNCATE") ? try parser.truncate() : nil }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.truncate(self) }
}

extension Parser {
    /// CREATE … VIEW, or nil (cursor untouched) when the CREATE is of something else.
    mutating func createView() throws -> CreateViewStatement? {
        guard let (orReplace, ifNotExists) = createHeader("VIEW", modifiers: ["SECURE"]) else { return nil }
        var name = [try identifier()]
        while acceptSymbol(".") { name.append(try identifier()) }
        var columns: [Identifier] = []
        if acceptSymbol("(") {
            repeat { columns.append(try identifier()) } while acceptSymbol(",")
            try expectSymbol(")")
        }
        var comment: String?
        if accept("COMMENT") {
            _ = acceptSymbol("=")
            comment = try stringLiteral()
        }
        try expect("AS")
        let query = try queryStatement()
        try expectEnd()
        return CreateViewStatement(orReplace: orReplace, ifNotExists: ifNotExists, name: name, columns: columns,
                                   comment: comment, query: query)
    }

    mutating func dropView() throws -> DropViewStatement {
        index += 2
        var statement = DropViewStatement(ifExists: accept(words: "IF", "EXISTS"))
        statement.name = [try identifier()]
        while acceptSymbol(".") { statement.name.append(try identifier()) }
        try expectEnd()
        return statement
    }

    mutating func truncate() throws -> TruncateStatement {
        try expect("TRUNCATE")
        _ = accept("TABLE")
        var statement = TruncateStatement(ifExists: accept(words: "IF", "EXISTS"))
        statement.name = [try identifier()]
        while acceptSymbol(".") { statement.name.append(try identifier()) }
        try expectEnd()
        return statement
    }
}
