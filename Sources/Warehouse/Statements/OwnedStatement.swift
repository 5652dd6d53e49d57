import SQLite

/// How a statement kind takes part in its transaction.
struct StatementTraits: OptionSet, Sendable {
    let rawValue: Int
    /// Runs without a savepoint of its own: queries, session settings, EXPLAIN.
    static let noSavepoint = StatementTraits(rawValue: 1)
    /// DML: the streams it reads are consumed, their offsets moved when its transaction commits.
    static let consumesStreams = StatementTraits(rawValue: 2)
    /// Cannot change what a key-value table is (no DDL), so the described ones stay valid.
    static let keepsKeyValueTables = StatementTraits(rawValue: 4)
}

/// A statement kind wh runs itself instead of passing it to SQLite. A kind is its syntax file (the
/// statement's value, its `parse` and this conformance) beside its executor (`Warehouse+Kind.swift`),
/// plus one entry in `Parser.ownedKinds`.
protocol OwnedStatement: Sendable {
    /// The statement when the parser is at one of this kind; nil, the cursor untouched, otherwise.
    static func parse(_ parser: inout Parser) throws -> Self?
    /// How it takes part in its transaction; none of the traits by default.
    var traits: StatementTraits { get }
    /// Runs it: `scope` is the statement's, ended by the caller.
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet
    /// What EXPLAIN TRANSLATE shows for it; nil for "run by wh itself, with its catalog".
    func translation(on warehouse: Warehouse) throws -> String?
}

extension OwnedStatement {
    var traits: StatementTraits { [] }
    func translation(on warehouse: Warehouse) throws -> String? { nil }
}

extension Parser {
    /// Words a statement may start with: wh's own and those SQLite runs as they are.
    static let statementWords: Set = [
        "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "DESC", "DESCRIBE",
        "SHOW", "USE", "EXPLAIN", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA",
        "ATTACH", "DETACH", "VACUUM", "ANALYZE", "REINDEX", "REPLACE", "VALUES", "CALL", "COPY", "PUT", "LIST", "LS",
        "REMOVE", "RM", "GET", "EXECUTE", "GRANT", "REVOKE", "COMMENT", "UNDROP", "SET", "UNSET", "DECLARE",
    ]

    /// Every kind wh owns, tried in this order (a more particular form before a more general one:
    /// SHOW STAGES before SHOW, ALTER PIPE before ALTER TABLE, CREATE VIEW … before CREATE TABLE).
    static let ownedKinds: [any OwnedStatement.Type] = [
        AnonymousBlockStatement.self, ExplainTranslateStatement.self, ExplainQueryPlanStatement.self, QueryStatement.self, MultiTableInsertStatement.self, InsertStatement.self,
        CatalogObjectStatement.self, AlterPipeStatement.self, AlterTaskStatement.self, CallStatement.self,
        ExecuteTaskStatement.self, ShowStatement.self, ListOrRemoveStatement.self, PutStatement.self,
        UnloadStatement.self, CopyStatement.self, MergeStatement.self, TruncateStatement.self, UpdateStatement.self, AlterTableStatement.self,
        SessionStatement.self, DeleteStatement.self, DropViewStatement.self, CreateViewStatement.self,
        CreateStageStatement.self, CreatePipeStatement.self, CreateStreamStatement.self, CreateProcedureStatement.self,
        CreateTaskStatement.self, CreateFileFormatStatement.self, CreateTagStatement.self, CreateSequenceStatement.self, CreateTableStatement.self, DropTableStatement.self, UndropTableStatement.self,
        DescribeTableStatement.self,
    ]

    /// Parses the statement when wh owns its kind; nil (cursor untouched) when it passes to SQLite.
    mutating func ownedStatement() throws -> (any OwnedStatement)? {
        if let first = current, first.kind == .word, !Parser.statementWords.contains(first.text.uppercased()) {
            throw unexpected()   // not a statement of Snowflake's or SQLite's: say where, Snowflake's way
        }
        for kind in Self.ownedKinds {
            if let statement = try kind.parse(&self) { return statement }
        }
        return nil
    }

    /// `CREATE [OR REPLACE] [modifier] <object> [IF NOT EXISTS]`, the header every CREATE of a catalog
    /// object shares: consumed when the statement creates `object` (a modifier such as SECURE or
    /// TEMPORARY skipped); nil, the cursor untouched, otherwise.
    mutating func createHeader(_ object: String..., modifiers: [String] = []) -> (orReplace: Bool, ifNotExists: Bool)? {
        let save = index
        guard accept("CREATE") else { return nil }
        let orReplace = accept(words: "OR", "REPLACE")
        _ = modifiers.first(where: { accept($0) })
        guard object.allSatisfy({ accept($0) }) else { index = save; return nil }
        return (orReplace, accept(words: "IF", "NOT", "EXISTS"))
    }

    /// `name [(column, …)]`: a target table of COPY INTO or INSERT, and the columns it names.
    mutating func tableAndColumns() throws -> (table: [Identifier], columns: [Identifier]) {
        var table = [try identifier()]
        while acceptSymbol(".") { table.append(try identifier()) }
        var columns: [Identifier] = []
        if acceptSymbol("(") {
            repeat { columns.append(try identifier()) } while acceptSymbol(",")
            try expectSymbol(")")
        }
        return (table, columns)
    }

    /// True when the statement starts with `words`.
    func startsWith(_ words: String...) -> Bool {
        words.enumerated().allSatisfy { isWord($0.element, ahead: $0.offset) }
    }
}

/// EXPLAIN TRANSLATE <statement>: the SQLite SQL wh would run for it.
struct ExplainTranslateStatement: OwnedStatement {
    var statement: StatementText

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard parser.startsWith("EXPLAIN", "TRANSLATE"), let first = parser.peek(2) else { return nil }
        let offset = first.location.offset - (parser.tokens.first?.location.offset ?? 0)
        let text = parser.rest()
        let utf8 = text.utf8
        return Self(statement: StatementText(text: String(text[utf8.index(utf8.startIndex, offsetBy: offset)...]), location: first.location))
    }

    var traits: StatementTraits { .noSavepoint }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet {
        ResultSet(columns: [ResultColumn(name: "translation")], rows: [[.text(try warehouse.translate(statement))]], isQuery: true)
    }
}

/// EXPLAIN QUERY PLAN <query>: SQLite's plan for the translated query.
struct ExplainQueryPlanStatement: OwnedStatement {
    var query: QueryStatement

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard parser.accept(words: "EXPLAIN", "QUERY", "PLAN") else { return nil }
        let query = try parser.queryStatement()
        try parser.expectEnd()
        return Self(query: query)
    }

    var traits: StatementTraits { .noSavepoint }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet {
        try warehouse.runSQLite(try translation(on: warehouse)!)
    }

    func translation(on warehouse: Warehouse) throws -> String? {
        do { return "EXPLAIN QUERY PLAN " + (try warehouse.renderer.render(query)) } catch let error as SQLiteError {
            throw TranslatedSQLError(error: error)
        }
    }
}
