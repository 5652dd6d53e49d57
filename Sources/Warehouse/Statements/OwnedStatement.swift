/// A statement wh runs itself instead of passing it to SQLite.
public enum OwnedStatement: Equatable, Sendable {
    case createTable(CreateTableStatement)
    case dropTable(DropTableStatement)
    case describeTable(DescribeTableStatement)
    /// SELECT / WITH: translated to SQLite's dialect, then run.
    case query(QueryStatement)
    case insert(InsertStatement)
    case show(ShowStatement)
    case createView(CreateViewStatement)
    case dropView(DropViewStatement)
    case truncate(TruncateStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    case alterTable(AlterTableStatement)
    case session(SessionStatement)
    /// EXPLAIN TRANSLATE <statement>: the SQLite SQL wh would run for it.
    case explainTranslate(StatementText)
}

extension Parser {
    /// Parses the statement when wh owns its kind; nil (cursor untouched) when it passes to SQLite.
    public mutating func ownedStatement() throws -> OwnedStatement? {
        if isWord("EXPLAIN"), isWord("TRANSLATE", ahead: 1), let first = peek(2) {
            let text = rest()
            let offset = first.location.offset - (tokens.first?.location.offset ?? 0)
            let utf8 = text.utf8
            let inner = String(text[utf8.index(utf8.startIndex, offsetBy: offset)...])
            return .explainTranslate(StatementText(text: inner, location: first.location))
        }
        if startsQuery {
            let query = try queryStatement()
            try expectEnd()
            return .query(query)
        }
        if isWord("INSERT") { return .insert(try insert()) }
        if isWord("SHOW") { return .show(try show()) }
        if isWord("TRUNCATE") { return .truncate(try truncate()) }
        if isWord("UPDATE") { return .update(try update()) }
        if isWord("ALTER"), isWord("TABLE", ahead: 1) { return .alterTable(try alterTable()) }
        if isWord("ALTER"), isWord("SESSION", ahead: 1) { return .session(try alterSession()) }
        if isWord("USE") { return .session(try use()) }
        if isWord("DELETE") { return .delete(try delete()) }
        if isWord("DROP"), isWord("VIEW", ahead: 1) { return .dropView(try dropView()) }
        if isWord("CREATE") {
            if let view = try createView() { return .createView(view) }
            return try createTable().map(OwnedStatement.createTable)
        }
        if isWord("DROP"), isWord("TABLE", ahead: 1) { return .dropTable(try dropTable()) }
        if (isWord("DESC") || isWord("DESCRIBE")), isWord("TABLE", ahead: 1) { return .describeTable(try describeTable()) }
        return nil
    }
}
