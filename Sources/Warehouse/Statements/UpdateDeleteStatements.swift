/// UPDATE name [[AS] alias] SET col = expr, … [FROM tables] [WHERE condition].
public struct UpdateStatement: Equatable, Sendable {
    public var table: [Identifier]
    public var alias: Identifier?
    public var assignments: [(Identifier, Expression)]
    public var from: TableExpression?
    public var whereClause: Expression?

    public static func == (a: UpdateStatement, b: UpdateStatement) -> Bool {
        a.table == b.table && a.alias == b.alias && a.from == b.from && a.whereClause == b.whereClause
            && a.assignments.count == b.assignments.count && zip(a.assignments, b.assignments).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

extension UpdateStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("UPDATE") ? try parser.update() : nil }
    var traits: StatementTraits { [.consumesStreams, .keepsKeyValueTables] }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.update(self) }
}

/// DELETE FROM name [[AS] alias] [USING tables] [WHERE condition].
public struct DeleteStatement: Equatable, Sendable {
    public var table: [Identifier]
    public var alias: Identifier?
    public var using: TableExpression?
    public var whereClause: Expression?
}

extension DeleteStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("DELETE") ? try parser.delete() : nil }
    var traits: StatementTraits { [.consumesStreams, .keepsKeyValueTables] }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.delete(self) }
}

extension Parser {
    mutating func update() throws -> UpdateStatement {
        try expect("UPDATE")
        var table = [try identifier()]
        while acceptSymbol(".") { table.append(try identifier()) }
        let alias = isWord("SET") ? nil : try self.alias()
        try expect("SET")
        var assignments: [(Identifier, Expression)] = []
        repeat {
            var column = try identifier()
            while acceptSymbol(".") { column = try identifier() }   // `t.col = …`: the column is what counts
            try expectSymbol("=")
            assignments.append((column, try expression()))
        } while acceptSymbol(",")
        var statement = UpdateStatement(table: table, alias: alias, assignments: assignments)
        if accept("FROM") { statement.from = try tableExpression() }
        if accept("WHERE") { statement.whereClause = try expression() }
        try expectEnd()
        return statement
    }

    mutating func delete() throws -> DeleteStatement {
        try expect("DELETE")
        try expect("FROM")
        var table = [try identifier()]
        while acceptSymbol(".") { table.append(try identifier()) }
        let alias = isWord("USING") || isWord("WHERE") ? nil : try self.alias()
        var statement = DeleteStatement(table: table, alias: alias)
        if accept("USING") { statement.using = try tableExpression() }
        if accept("WHERE") { statement.whereClause = try expression() }
        try expectEnd()
        return statement
    }
}
