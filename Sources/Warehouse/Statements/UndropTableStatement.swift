/// UNDROP TABLE name: brings back the table DROP TABLE dropped last under that name, while its
/// retention period lasts.
struct UndropTableStatement: OwnedStatement {
    var name: [Identifier]

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard parser.startsWith("UNDROP", "TABLE") else { return nil }
        parser.index += 2
        var name = [try parser.identifier()]
        while parser.acceptSymbol(".") { name.append(try parser.identifier()) }
        try parser.expectEnd()
        return Self(name: name)
    }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.undropTable(name) }
}
