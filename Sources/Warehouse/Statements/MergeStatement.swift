/// MERGE INTO target [[AS] t] USING source [[AS] s] ON condition WHEN … THEN … ….
public struct MergeStatement: Equatable, Sendable {
    public var target: [Identifier]
    public var targetAlias: Identifier?
    public var source: TableExpression
    public var condition: Expression
    public var clauses: [MergeClause]
}

extension MergeStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("MERGE") ? try parser.merge() : nil }
    var traits: StatementTraits { [.consumesStreams, .keepsKeyValueTables] }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.merge(self) }
}

/// One WHEN clause of a MERGE.
public struct MergeClause: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case update([MergeAssignment])
        case delete
        /// INSERT [(columns)] VALUES (values); no columns: every column of the target, in order.
        case insert(columns: [Identifier], values: [Expression])
    }

    public var matched: Bool
    public var condition: Expression?
    public var action: Action
}

public struct MergeAssignment: Equatable, Sendable {
    public var column: Identifier
    public var value: Expression
}

extension Parser {
    mutating func merge() throws -> MergeStatement {
        try expect("MERGE")
        try expect("INTO")
        var target = [try identifier()]
        while acceptSymbol(".") { target.append(try identifier()) }
        let targetAlias = try alias()
        try expect("USING")
        let source = try tableExpression()
        try expect("ON")
        let condition = try expression()
        var clauses: [MergeClause] = []
        while let token = current, token.isWord("WHEN") {
            index += 1
            let matched = !accept("NOT")
            try expect("MATCHED")
            if !matched && accept("BY") {
                let by = try identifier().name
                guard by == "TARGET" else {
                    throw SyntaxError(message: "WHEN NOT MATCHED BY \(by) is not supported by Snowflake's MERGE", location: token.location,
                                      hint: "touch target rows missing from the source with a separate UPDATE or DELETE")
                }
            }
            let clauseCondition = accept("AND") ? try expression() : nil
            try expect("THEN")
            let action: MergeClause.Action
            if matched && accept("UPDATE") {
                try expect("SET")
                var assignments: [MergeAssignment] = []
                repeat {
                    var column = try identifier()
                    while acceptSymbol(".") { column = try identifier() }
                    try expectSymbol("=")
                    assignments.append(MergeAssignment(column: column, value: try expression()))
                } while acceptSymbol(",")
                action = .update(assignments)
            } else if matched && accept("DELETE") {
                action = .delete
            } else if !matched && accept("INSERT") {
                var columns: [Identifier] = []
                if acceptSymbol("(") {
                    repeat { columns.append(try identifier()) } while acceptSymbol(",")
                    try expectSymbol(")")
                }
                try expect("VALUES")
                try expectSymbol("(")
                var values: [Expression] = []
                repeat { values.append(try expression()) } while acceptSymbol(",")
                try expectSymbol(")")
                action = .insert(columns: columns, values: values)
            } else {
                throw unexpected(expecting: matched ? "UPDATE SET … or DELETE" : "INSERT [(…)] VALUES (…)")
            }
            clauses.append(MergeClause(matched: matched, condition: clauseCondition, action: action))
        }
        guard !clauses.isEmpty else { throw unexpected(expecting: "WHEN MATCHED or WHEN NOT MATCHED") }
        try expectEnd()
        for kind in [true, false] {
            let ofKind = clauses.filter { $0.matched == kind }
            if let unconditional = ofKind.firstIndex(where: { $0.condition == nil }), unconditional < ofKind.count - 1 {
                let name = kind ? "WHEN MATCHED" : "WHEN NOT MATCHED"
                throw SyntaxError(message: "unreachable \(name) clause: an unconditional \(name) clause must be the last of its kind",
                                  location: tokens.first?.location ?? end,
                                  hint: "move the \(name) clause without AND … after the others")
            }
        }
        return MergeStatement(target: target, targetAlias: targetAlias, source: source, condition: condition, clauses: clauses)
    }
}
