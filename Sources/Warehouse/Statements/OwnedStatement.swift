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
    case createStage(CreateStageStatement)
    case createFileFormat(CreateFileFormatStatement)
    case dropStage(Identifier, ifExists: Bool)
    case dropFileFormat(Identifier, ifExists: Bool)
    case showStages(like: String?)
    case showFileFormats(like: String?)
    case describeStage(Identifier)
    case list(StageFilesStatement)
    case remove(StageFilesStatement)
    case put(PutStatement)
    case copy(CopyStatement)
    case merge(MergeStatement)
    case createProcedure(CreateProcedureStatement)
    case dropProcedure(Identifier, ifExists: Bool)
    case showProcedures(like: String?)
    case call(CallStatement)
    case createTask(CreateTaskStatement)
    case alterTask(AlterTaskStatement)
    case dropTask(Identifier, ifExists: Bool)
    case showTasks(like: String?)
    case describeTask(Identifier)
    case executeTask(Identifier)
    case createStream(CreateStreamStatement)
    case dropStream(Identifier, ifExists: Bool)
    case showStreams(like: String?)
    case describeStream(Identifier)
    case createPipe(CreatePipeStatement)
    case alterPipe(AlterPipeStatement)
    case dropPipe(Identifier, ifExists: Bool)
    case showPipes(like: String?)
    case describePipe(Identifier)
    /// EXPLAIN QUERY PLAN <query>: SQLite's plan for the translated query.
    case explainQueryPlan(QueryStatement)
    /// EXPLAIN TRANSLATE <statement>: the SQLite SQL wh would run for it.
    case explainTranslate(StatementText)
}

extension Parser {
    /// Words a statement may start with: wh's own and those SQLite runs as they are.
    static let statementWords: Set = [
        "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "DESC", "DESCRIBE",
        "SHOW", "USE", "EXPLAIN", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA",
        "ATTACH", "DETACH", "VACUUM", "ANALYZE", "REINDEX", "REPLACE", "VALUES", "CALL", "COPY", "PUT", "LIST", "LS",
        "REMOVE", "RM", "GET", "EXECUTE", "GRANT", "REVOKE", "COMMENT", "UNDROP", "SET", "UNSET",
    ]

    /// Parses the statement when wh owns its kind; nil (cursor untouched) when it passes to SQLite.
    public mutating func ownedStatement() throws -> OwnedStatement? {
        if isWord("EXPLAIN"), isWord("TRANSLATE", ahead: 1), let first = peek(2) {
            let text = rest()
            let offset = first.location.offset - (tokens.first?.location.offset ?? 0)
            let utf8 = text.utf8
            let inner = String(text[utf8.index(utf8.startIndex, offsetBy: offset)...])
            return .explainTranslate(StatementText(text: inner, location: first.location))
        }
        if accept(words: "EXPLAIN", "QUERY", "PLAN") {
            let query = try queryStatement()
            try expectEnd()
            return .explainQueryPlan(query)
        }
        if let first = current, first.kind == .word, !Parser.statementWords.contains(first.text.uppercased()) {
            throw unexpected()   // not a statement of Snowflake's or SQLite's: say where, Snowflake's way
        }
        if startsQuery {
            let query = try queryStatement()
            try expectEnd()
            return .query(query)
        }
        if isWord("INSERT") { return .insert(try insert()) }
        if let statement = try catalogObjectStatement() { return statement }
        if isWord("ALTER"), isWord("PIPE", ahead: 1) { return .alterPipe(try alterPipe()) }
        if isWord("ALTER"), isWord("TASK", ahead: 1) { return .alterTask(try alterTask()) }
        if isWord("CALL") { return .call(try call()) }
        if isWord("EXECUTE"), isWord("TASK", ahead: 1) {
            index += 2
            let name = try objectName()
            try expectEnd()
            return .executeTask(name)
        }
        if isWord("SHOW") { return .show(try show()) }
        if isWord("LIST") || isWord("LS") { return .list(try stageFiles()) }
        if isWord("REMOVE") || isWord("RM") { return .remove(try stageFiles()) }
        if isWord("PUT") { return .put(try put()) }
        if isWord("COPY") { return .copy(try copyInto()) }
        if isWord("MERGE") { return .merge(try merge()) }
        if isWord("TRUNCATE") { return .truncate(try truncate()) }
        if isWord("UPDATE") { return .update(try update()) }
        if isWord("ALTER"), isWord("TABLE", ahead: 1) { return .alterTable(try alterTable()) }
        if isWord("ALTER"), isWord("SESSION", ahead: 1) { return .session(try alterSession()) }
        if isWord("USE") { return .session(try use()) }
        if isWord("DELETE") { return .delete(try delete()) }
        if isWord("DROP"), isWord("VIEW", ahead: 1) { return .dropView(try dropView()) }
        if isWord("CREATE") {
            if let view = try createView() { return .createView(view) }
            if let stage = try createStage() { return .createStage(stage) }
            if let pipe = try createPipe() { return .createPipe(pipe) }
            if let stream = try createStream() { return .createStream(stream) }
            if let procedure = try createProcedure() { return .createProcedure(procedure) }
            if let task = try createTask() { return .createTask(task) }
            if let format = try createFileFormat() { return .createFileFormat(format) }
            return try createTable().map(OwnedStatement.createTable)
        }
        if isWord("DROP"), isWord("TABLE", ahead: 1) { return .dropTable(try dropTable()) }
        if (isWord("DESC") || isWord("DESCRIBE")), isWord("TABLE", ahead: 1) { return .describeTable(try describeTable()) }
        return nil
    }

    /// The catalog objects wh keeps itself (not SQLite tables), with their SHOW, DROP and DESC forms.
    private static let catalogObjects: [(singular: [String], plural: [String], show: @Sendable (String?) -> OwnedStatement,
                                         drop: @Sendable (Identifier, Bool) -> OwnedStatement,
                                         describe: (@Sendable (Identifier) -> OwnedStatement)?)] = [
        (["STAGE"], ["STAGES"], { .showStages(like: $0) }, { .dropStage($0, ifExists: $1) }, { .describeStage($0) }),
        (["FILE", "FORMAT"], ["FILE", "FORMATS"], { .showFileFormats(like: $0) }, { .dropFileFormat($0, ifExists: $1) }, nil),
        (["PIPE"], ["PIPES"], { .showPipes(like: $0) }, { .dropPipe($0, ifExists: $1) }, { .describePipe($0) }),
        (["STREAM"], ["STREAMS"], { .showStreams(like: $0) }, { .dropStream($0, ifExists: $1) }, { .describeStream($0) }),
        (["TASK"], ["TASKS"], { .showTasks(like: $0) }, { .dropTask($0, ifExists: $1) }, { .describeTask($0) }),
        (["PROCEDURE"], ["PROCEDURES"], { .showProcedures(like: $0) }, { .dropProcedure($0, ifExists: $1) }, nil),
    ]

    /// `SHOW <objects> [LIKE '…'] [IN …]`, `DROP <object> [IF EXISTS] name`, `DESC <object> name` for
    /// the catalog objects above; nil (cursor untouched) for anything else.
    private mutating func catalogObjectStatement() throws -> OwnedStatement? {
        func follows(_ words: [String]) -> Bool { words.enumerated().allSatisfy { isWord($0.element, ahead: $0.offset + 1) } }
        for object in Self.catalogObjects {
            if isWord("SHOW"), follows(object.plural) {
                index += 1 + object.plural.count
                var like: String?
                if accept("LIKE") { like = try stringLiteral() }
                if accept("IN") { while !atEnd { index += 1 } }   // one database, one schema: the scope changes nothing
                try expectEnd()
                return object.show(like)
            }
            if isWord("DROP"), follows(object.singular) {
                index += 1 + object.singular.count
                let ifExists = accept(words: "IF", "EXISTS")
                let name = try objectName()
                if acceptSymbol("(") { while !atEnd && !acceptSymbol(")") { index += 1 } }   // DROP PROCEDURE p(VARCHAR)
                try expectEnd()
                return object.drop(name, ifExists)
            }
            if isWord("DESC") || isWord("DESCRIBE"), follows(object.singular), let describe = object.describe {
                index += 1 + object.singular.count
                let name = try objectName()
                try expectEnd()
                return describe(name)
            }
        }
        return nil
    }
}
