/// DROP TABLE [IF EXISTS] name.
public struct DropTableStatement: Equatable, Sendable {
    public var ifExists = false
    public var name: [Identifier] = []
}

extension DropTableStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.startsWith("DROP", "TABLE") ? try parser.dropTable() : nil }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.dropTable(self) }
}

/// DESC[RIBE] TABLE name.
public struct DescribeTableStatement: Equatable, Sendable {
    public var name: [Identifier] = []
}

extension DescribeTableStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.startsWith("DESC", "TABLE") || parser.startsWith("DESCRIBE", "TABLE") ? try parser.describeTable() : nil }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.describeTable(self) }
}

extension Parser {
    mutating func dropTable() throws -> DropTableStatement {
        try expect("DROP")
        try expect("TABLE")
        var statement = DropTableStatement()
        statement.ifExists = accept(words: "IF", "EXISTS")
        statement.name = [try identifier()]
        while acceptSymbol(".") { statement.name.append(try identifier()) }
        _ = accept("CASCADE") || accept("RESTRICT")
        try expectEnd()
        return statement
    }

    mutating func describeTable() throws -> DescribeTableStatement {
        index += 2
        var statement = DescribeTableStatement(name: [try identifier()])
        while acceptSymbol(".") { statement.name.append(try identifier()) }
        try expectEnd()
        return statement
    }
}
