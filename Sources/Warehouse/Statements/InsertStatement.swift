/// INSERT [OVERWRITE] INTO name [(columns)] VALUES (…), … | query.
public struct InsertStatement: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case values([[Expression]])
        case query(QueryStatement)
    }

    public var overwrite = false
    public var table: [Identifier]
    public var columns: [Identifier]
    public var source: Source
}

extension InsertStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("INSERT") ? try parser.insert() : nil }
    var traits: StatementTraits { [.consumesStreams, .keepsKeyValueTables] }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.insert(self) }
}

extension Parser {
    mutating func insert() throws -> InsertStatement {
        try expect("INSERT")
        let overwrite = accept("OVERWRITE")
        try expect("INTO")
        var table = [try identifier()]
        while acceptSymbol(".") { table.append(try identifier()) }
        var columns: [Identifier] = []
        if isSymbol("("), !(isWord("SELECT", ahead: 1) || isWord("WITH", ahead: 1)) {
            index += 1
            repeat { columns.append(try identifier()) } while acceptSymbol(",")
            try expectSymbol(")")
        }
        let source: InsertStatement.Source
        if accept("VALUES") {
            source = .values(try valuesRows())
        } else if startsQuery {
            source = .query(try queryStatement())
        } else {
            throw unexpected(expecting: "VALUES or SELECT")
        }
        try expectEnd()
        return InsertStatement(overwrite: overwrite, table: table, columns: columns, source: source)
    }
}
