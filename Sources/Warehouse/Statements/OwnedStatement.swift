/// A statement wh runs itself instead of passing it to SQLite.
public enum OwnedStatement: Equatable, Sendable {
    case createTable(CreateTableStatement)
    case dropTable(DropTableStatement)
    case describeTable(DescribeTableStatement)
}

extension Parser {
    /// Parses the statement when wh owns its kind; nil (cursor untouched) when it passes to SQLite.
    public mutating func ownedStatement() throws -> OwnedStatement? {
        if isWord("CREATE") { return try createTable().map(OwnedStatement.createTable) }
        if isWord("DROP"), isWord("TABLE", ahead: 1) { return .dropTable(try dropTable()) }
        if (isWord("DESC") || isWord("DESCRIBE")), isWord("TABLE", ahead: 1) { return .describeTable(try describeTable()) }
        return nil
    }
}
