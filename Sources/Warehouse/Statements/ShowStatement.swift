/// SHOW TABLES | VIEWS | COLUMNS [LIKE '…'] [IN [TABLE] name].
public struct ShowStatement: Equatable, Sendable {
    public enum Kind: String, Sendable { case tables = "TABLES", views = "VIEWS", columns = "COLUMNS" }
    public var kind: Kind
    public var like: String?
    public var table: [Identifier]?
}

extension ShowStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("SHOW") ? try parser.show() : nil }
    var traits: StatementTraits { .keepsKeyValueTables }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.show(self) }
}

extension Parser {
    mutating func show() throws -> ShowStatement {
        try expect("SHOW")
        _ = accept("TERSE")
        guard let word = current, word.kind == .word else { throw unexpected(expecting: "TABLES, VIEWS or COLUMNS") }
        guard let kind = ShowStatement.Kind(rawValue: word.text.uppercased()) else {
            throw UnsupportedFeature(feature: "SHOW \(word.text.uppercased())",
                                     hint: "SHOW TABLES, SHOW VIEWS and SHOW COLUMNS work; other objects arrive with their features")
        }
        index += 1
        var statement = ShowStatement(kind: kind)
        if accept("LIKE") { statement.like = try stringLiteral() }
        if accept("IN") {
            if accept("TABLE") || accept("VIEW") {
                var name = [try identifier()]
                while acceptSymbol(".") { name.append(try identifier()) }
                statement.table = name
            } else if accept("ACCOUNT") || accept("DATABASE") || accept("SCHEMA") {
                // One database, one schema: the scope names nothing narrower.
                if let token = current, token.kind == .word || token.kind == .quotedIdentifier {
                    _ = try identifier()
                    while acceptSymbol(".") { _ = try identifier() }
                }
            } else {
                var name = [try identifier()]
                while acceptSymbol(".") { name.append(try identifier()) }
                if kind == .columns { statement.table = name }
            }
        }
        try expectEnd()
        return statement
    }
}
