/// INSERT [OVERWRITE] ALL INTO t1 … INTO t2 … query, and the conditional forms
/// INSERT [OVERWRITE] {ALL | FIRST} WHEN c THEN INTO … [WHEN …] [ELSE INTO …] query.
struct MultiTableInsertStatement: OwnedStatement {
    struct Target: Equatable, Sendable {
        var table: [Identifier]
        var columns: [Identifier]
        /// The VALUES list, over the query's columns; nil takes them all, in order.
        var values: [Expression]?
    }

    struct Clause: Equatable, Sendable {
        /// nil for ELSE, and for the unconditional form.
        var condition: Expression?
        var isElse = false
        var targets: [Target]
    }

    var overwrite: Bool
    var first: Bool
    var clauses: [Clause]
    var query: QueryStatement

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard parser.isWord("INSERT") else { return nil }
        let overwrite = parser.isWord("OVERWRITE", ahead: 1)
        let modeOffset = overwrite ? 2 : 1
        guard parser.isWord("ALL", ahead: modeOffset) || parser.isWord("FIRST", ahead: modeOffset) else { return nil }
        let first = parser.isWord("FIRST", ahead: modeOffset)
        parser.index += modeOffset + 1
        var clauses: [Clause] = []
        if parser.isWord("INTO") {
            guard !first else { throw parser.unexpected(expecting: "WHEN: INSERT FIRST needs conditions") }
            clauses.append(Clause(condition: nil, targets: try parser.insertTargets()))
        } else {
            while parser.accept("WHEN") {
                let condition = try parser.expression()
                try parser.expect("THEN")
                clauses.append(Clause(condition: condition, targets: try parser.insertTargets()))
            }
            guard !clauses.isEmpty else { throw parser.unexpected(expecting: "INTO or WHEN") }
            if parser.accept("ELSE") { clauses.append(Clause(condition: nil, isElse: true, targets: try parser.insertTargets())) }
        }
        guard parser.startsQuery else { throw parser.unexpected(expecting: "the SELECT whose rows are inserted") }
        let query = try parser.queryStatement()
        try parser.expectEnd()
        return Self(overwrite: overwrite, first: first, clauses: clauses, query: query)
    }

    var traits: StatementTraits { [.consumesStreams, .keepsKeyValueTables] }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.insert(self) }
}

extension Parser {
    /// One or more `INTO t [(columns)] [VALUES (…)]`.
    mutating func insertTargets() throws -> [MultiTableInsertStatement.Target] {
        var targets: [MultiTableInsertStatement.Target] = []
        while accept("INTO") {
            let (table, columns) = try tableAndColumns()
            var values: [Expression]?
            if accept("VALUES") {
                try expectSymbol("(")
                var list = [try expression()]
                while acceptSymbol(",") { list.append(try expression()) }
                try expectSymbol(")")
                values = list
            }
            targets.append(.init(table: table, columns: columns, values: values))
        }
        guard !targets.isEmpty else { throw unexpected(expecting: "INTO") }
        return targets
    }
}
