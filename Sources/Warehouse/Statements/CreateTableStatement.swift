/// One column of CREATE TABLE.
public struct ColumnDefinition: Equatable, Sendable {
    public var name: Identifier
    public var type: SnowflakeType
    public var notNull = false
    public var defaultValue: Expression?
    /// The DEFAULT expression as written, for DESC TABLE.
    public var defaultText: String?
    public var primaryKey = false
    public var unique = false
    public var comment: String?
    /// IDENTITY/AUTOINCREMENT: the column's default is the next value of a sequence of its own.
    public var identity: Identity?

    public struct Identity: Equatable, Sendable {
        public var start: Int64 = 1
        public var increment: Int64 = 1
    }
}

/// CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name (columns…) [COMMENT = '…'] | … AS SELECT.
public struct CreateTableStatement: Equatable, Sendable {
    public var orReplace = false
    public var ifNotExists = false
    /// The name as written, qualifiers included (`db.schema.table`).
    public var name: [Identifier] = []
    public var columns: [ColumnDefinition] = []
    public var primaryKey: [Identifier] = []
    public var unique: [[Identifier]] = []
    public var comment: String?
    /// The query of CREATE TABLE … AS SELECT.
    public var asQuery: QueryStatement?
    /// CREATE HYBRID TABLE: a key-value table, keyed by its PRIMARY KEY (partition [, sort]).
    public var hybrid = false
    /// CREATE TABLE … LIKE source (its columns) or … CLONE source (its columns and rows).
    public var copyOf: (source: [Identifier], withRows: Bool)?
    /// CREATE TRANSIENT TABLE: stored as any table; SHOW TABLES names its kind.
    public var transient = false
    /// CREATE TEMPORARY TABLE: lives as long as the connection, seen by it alone.
    public var temporary = false

    public static func == (a: Self, b: Self) -> Bool {
        a.orReplace == b.orReplace && a.ifNotExists == b.ifNotExists && a.name == b.name && a.columns == b.columns
            && a.primaryKey == b.primaryKey && a.unique == b.unique && a.comment == b.comment && a.asQuery == b.asQuery
            && a.hybrid == b.hybrid && a.transient == b.transient && a.temporary == b.temporary && a.copyOf?.source == b.copyOf?.source && a.copyOf?.withRows == b.copyOf?.withRows
    }
}

extension CreateTableStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("CREATE") ? try parser.createTable() : nil }
    var traits: StatementTraits { .consumesStreams }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createTable(self) }

    func translation(on warehouse: Warehouse) throws -> String? {
        if let (source, withRows) = copyOf {
            return "-- run by wh itself: the table takes \(source.map(\.name).joined(separator: "."))'s SQLite definition"
                + (withRows ? ", then its rows" : "")
        }
        guard let query = asQuery else { return try warehouse.createTableSQL(self, target: try warehouse.sqliteName(name).sql) }
        return "-- run by wh itself: the table, then INSERT … " + (try warehouse.renderer.render(query))
    }
}

extension Parser {
    mutating func createTable() throws -> CreateTableStatement? {
        let save = index
        try expect("CREATE")
        var statement = CreateTableStatement()
        statement.orReplace = accept(words: "OR", "REPLACE")
        statement.transient = accept("TRANSIENT")
        _ = accept("LOCAL") || accept("GLOBAL")
        statement.temporary = accept("TEMPORARY") || accept("TEMP") || accept("VOLATILE")
        statement.hybrid = accept("HYBRID")
        guard accept("TABLE") else { index = save; return nil }
        statement.ifNotExists = accept(words: "IF", "NOT", "EXISTS")
        statement.name = [try identifier()]
        while acceptSymbol(".") { statement.name.append(try identifier()) }
        if accept("AS") {
            statement.asQuery = try queryStatement()
            try expectEnd()
            return statement
        }
        if isWord("LIKE") || isWord("CLONE") {
            let withRows = isWord("CLONE")
            index += 1
            var source = [try identifier()]
            while acceptSymbol(".") { source.append(try identifier()) }
            if withRows, isWord("AT") || isWord("BEFORE") {
                throw SyntaxError(message: "CLONE … \(current!.text.uppercased()) (Time Travel) is not supported by wh yet", location: current!.location,
                                  hint: "clone the table as it is now; UNDROP TABLE brings back a dropped one")
            }
            statement.copyOf = (source, withRows)
            try expectEnd()
            return statement
        }
        try expectSymbol("(")
        repeat {
            if accept("CONSTRAINT") { _ = try identifier() }
            if accept(words: "PRIMARY", "KEY") {
                statement.primaryKey = try nameList()
            } else if accept("UNIQUE") {
                statement.unique.append(try nameList())
            } else if isWord("FOREIGN") || isWord("CHECK") {
                throw SyntaxError(message: "\(current!.text.uppercased()) constraints are not supported by wh yet", location: current!.location,
                                  hint: "drop the constraint; Snowflake does not enforce it either")
            } else {
                statement.columns.append(try columnDefinition())
            }
        } while acceptSymbol(",")
        try expectSymbol(")")
        while !atEnd {
            if accept("COMMENT") {
                _ = acceptSymbol("=")
                statement.comment = try stringLiteral()
            } else if accept("AS") {
                statement.asQuery = try queryStatement()
            } else {
                throw unexpected()
            }
        }
        return statement
    }

    private mutating func nameList() throws -> [Identifier] {
        try expectSymbol("(")
        var names = [try identifier()]
        while acceptSymbol(",") { names.append(try identifier()) }
        try expectSymbol(")")
        return names
    }

    mutating func columnDefinition() throws -> ColumnDefinition {
        let name = try identifier()
        if let next = current, next.isSymbol(",") || next.isSymbol(")") {
            throw SyntaxError(message: "column \(name.name) has no data type", location: next.location,
                              hint: "declare one, for example \(name.name) STRING or \(name.name) NUMBER")
        }
        var column = ColumnDefinition(name: name, type: try dataType())
        while let token = current, !token.isSymbol(","), !token.isSymbol(")") {
            if accept(words: "NOT", "NULL") {
                column.notNull = true
            } else if accept("NULL") {
                column.notNull = false
            } else if accept("DEFAULT") {
                let start = index
                column.defaultValue = try expression()
                column.defaultText = text(from: start)
            } else if accept(words: "PRIMARY", "KEY") {
                column.primaryKey = true
                column.notNull = true
            } else if accept("UNIQUE") {
                column.unique = true
            } else if accept("COMMENT") {
                _ = acceptSymbol("=")
                column.comment = try stringLiteral()
            } else if accept("AUTOINCREMENT") || accept("IDENTITY") {
                // AUTOINCREMENT [(start, step)] [START n] [INCREMENT n] [ORDER | NOORDER]
                var identity = ColumnDefinition.Identity()
                if acceptSymbol("(") {
                    identity.start = try signedInteger()
                    try expectSymbol(",")
                    identity.increment = try signedInteger()
                    try expectSymbol(")")
                }
                (identity.start, identity.increment) = try sequenceOptions(start: identity.start, increment: identity.increment)
                guard [.number].contains(column.type.kind), (column.type.scale ?? 0) == 0 else {
                    throw SyntaxError(message: "IDENTITY column \(name.name) must have an integer type", location: current?.location ?? end,
                                      hint: "declare it NUMBER or INTEGER")
                }
                column.identity = identity
                column.defaultText = "IDENTITY START \(identity.start) INCREMENT \(identity.increment)"
            } else if accept("COLLATE") {
                _ = try stringLiteral()
            } else {
                throw unexpected(expecting: "NOT NULL, DEFAULT, AUTOINCREMENT, PRIMARY KEY, UNIQUE or COMMENT")
            }
        }
        return column
    }
}
