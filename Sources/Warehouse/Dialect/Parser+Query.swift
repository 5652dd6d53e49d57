extension Parser {
    /// Words that end a select item or table reference, so they are never taken as an alias.
    static let clauseWords: Set<String> = [
        "FROM", "WHERE", "GROUP", "HAVING", "QUALIFY", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT",
        "EXCEPT", "MINUS", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "ON", "USING", "AS",
        "SELECT", "WITH", "AND", "OR", "NOT", "WINDOW", "LATERAL", "OUTER", "SAMPLE", "TABLESAMPLE",
        "PIVOT", "UNPIVOT", "MATCH_RECOGNIZE", "CONNECT", "START", "AT", "BEFORE", "CHANGES",
    ]

    /// Words that name no table or table function unless quoted: the reserved words, and Snowflake's
    /// other ANSI keywords (`FROM CASE()` reached SQLite as written, a raw syntax error).
    static let reservedInFrom: Set<String> = reservedWords.union([
        "ALTER", "CASE", "CAST", "CHECK", "COLUMN", "CONSTRAINT", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
        "CURRENT_TIMESTAMP", "CURRENT_USER", "EXISTS", "FALSE", "FOLLOWING", "FOR", "GRANT", "INCREMENT", "LOCALTIME",
        "LOCALTIMESTAMP", "NULL", "OF", "REVOKE", "ROW", "ROWS", "SOME", "TO", "TRIGGER", "TRUE", "TRY_CAST", "UNIQUE",
        "WHENEVER",
    ])

    /// Snowflake clauses wh does not translate: named as unsupported rather than a syntax error.
    static let unsupportedClauses: [String: String] = [
        "SAMPLE": "SAMPLE", "TABLESAMPLE": "TABLESAMPLE", "PIVOT": "PIVOT", "UNPIVOT": "UNPIVOT",
        "MATCH_RECOGNIZE": "MATCH_RECOGNIZE", "CONNECT": "CONNECT BY", "START": "START WITH … CONNECT BY",
        "AT": "Time Travel (AT …)", "BEFORE": "Time Travel (BEFORE …)", "CHANGES": "CHANGES",
    ]

    func refuseUnsupportedClause() throws {
        guard let token = current, token.kind == .word, let feature = Parser.unsupportedClauses[token.text.uppercased()] else { return }
        throw SyntaxError(message: "\(feature) is not supported by wh yet", location: token.location,
                          hint: "rewrite the query without it; wh names what it cannot translate rather than guess")
    }

    /// True when the statement is a query (SELECT, WITH, or a parenthesized query).
    var startsQuery: Bool {
        isWord("SELECT") || isWord("WITH") || (isSymbol("(") && (isWord("SELECT", ahead: 1) || isWord("WITH", ahead: 1)))
    }

    public mutating func queryStatement() throws -> QueryStatement {
        var with: [CommonTableExpression] = []
        var recursive = false
        if accept("WITH") {
            recursive = accept("RECURSIVE")
            repeat {
                let name = try identifier()
                var columns: [Identifier] = []
                if acceptSymbol("(") {
                    repeat { columns.append(try identifier()) } while acceptSymbol(",")
                    try expectSymbol(")")
                }
                try expect("AS")
                try expectSymbol("(")
                let query = try queryStatement()
                try expectSymbol(")")
                with.append(CommonTableExpression(name: name, columns: columns, query: query))
            } while acceptSymbol(",")
        }
        var statement = QueryStatement(recursive: recursive, with: with, body: try queryBody())
        if accept(words: "ORDER", "BY") { statement.orderBy = try orderItems() }
        if accept("LIMIT") {
            statement.limit = try expression()
            if accept("OFFSET") { statement.offset = try expression() }
        } else if accept("OFFSET") {
            statement.offset = try expression()
            _ = accept("ROWS") || accept("ROW")
            if accept("FETCH") {
                _ = accept("FIRST") || accept("NEXT")
                statement.limit = try expression()
                _ = accept("ROWS") || accept("ROW")
                try expect("ONLY")
            }
        }
        return statement
    }

    mutating func orderItems() throws -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            var item = OrderItem(expression: try expression())
            if accept("DESC") { item.descending = true } else { _ = accept("ASC") }
            if accept("NULLS") {
                if accept("FIRST") { item.nullsFirst = true } else { try expect("LAST"); item.nullsFirst = false }
            }
            items.append(item)
        } while acceptSymbol(",")
        return items
    }

    private mutating func queryBody() throws -> QueryBody {
        var left = try queryTerm()
        while true {
            let op: String
            if accept("UNION") { op = accept("ALL") ? "UNION ALL" : (accept("DISTINCT") ? "UNION" : "UNION") }
            else if accept("INTERSECT") { op = "INTERSECT" }
            else if accept("EXCEPT") || accept("MINUS") { op = "EXCEPT" }
            else { break }
            left = .compound(left, op, try queryTerm())
        }
        return left
    }

    private mutating func queryTerm() throws -> QueryBody {
        if isSymbol("("), isWord("SELECT", ahead: 1) || isWord("WITH", ahead: 1) {
            index += 1
            let inner = try queryStatement()
            try expectSymbol(")")
            return .parenthesized(inner)
        }
        return .select(try selectCore())
    }

    private mutating func selectCore() throws -> SelectCore {
        try expect("SELECT")
        var core = SelectCore()
        core.distinct = accept("DISTINCT")
        if !core.distinct { _ = accept("ALL") }
        repeat { core.items.append(try selectItem()) } while acceptSymbol(",")
        if accept("FROM") { core.from = try tableExpression() }
        try refuseUnsupportedClause()
        if accept("WHERE") { core.whereClause = try expression() }
        try refuseUnsupportedClause()
        if accept(words: "GROUP", "BY") {
            if accept("ALL") { core.groupByAll = true } else { try groupByList(into: &core) }
        }
        if accept("HAVING") { core.having = try expression() }
        if accept("QUALIFY") { core.qualify = try expression() }
        return core
    }

    /// The most grouping sets one GROUP BY may make: SQLite's limit on the SELECTs of one compound.
    static let maximumGroupingSets = 500

    /// GROUP BY's list: expressions, ROLLUP (…), CUBE (…), GROUPING SETS (…); the sets of several
    /// elements combine as their cross product, as in Snowflake.
    private mutating func groupByList(into core: inout SelectCore) throws {
        var sets: [[Expression]] = [[]]
        var hasSets = false
        let start = current?.location ?? SourceLocation(line: 1, column: 1, offset: 0)
        func combine(_ element: [[Expression]]) throws {
            // wh runs each grouping set as a SELECT of its own, joined by UNION ALL, and SQLite takes
            // at most 500 of those: refused before the sets are built (a product of CUBEs grows fast).
            guard sets.count * element.count <= Self.maximumGroupingSets else {
                throw SyntaxError(message: "GROUP BY makes more than \(Self.maximumGroupingSets) grouping sets (\(sets.count) × \(element.count) so far): "
                                      + "wh runs each as a SELECT of its own, and SQLite takes at most \(Self.maximumGroupingSets) in one query",
                                  location: start, hint: "group by fewer columns, or list the sets you need with GROUPING SETS (…)")
            }
            sets = sets.flatMap { prefix in element.map { prefix + $0 } }
        }
        repeat {
            if isWord("ROLLUP") && isSymbol("(", ahead: 1) || isWord("CUBE") && isSymbol("(", ahead: 1) {
                let rollup = isWord("ROLLUP")
                let location = current!.location
                index += 2
                var items: [Expression] = []
                repeat { items.append(try expression()) } while acceptSymbol(",")
                try expectSymbol(")")
                hasSets = true
                if !rollup && items.count > 7 {
                    throw SyntaxError(message: "GROUP BY CUBE takes up to 7 elements (128 grouping sets), as in Snowflake; this one has \(items.count)",
                                      location: location, hint: "cube fewer columns, or list the sets you need with GROUPING SETS (…)")
                }
                if rollup {
                    try combine((0...items.count).reversed().map { Array(items.prefix($0)) })
                } else {
                    try combine((0..<(1 << items.count)).reversed().map { mask in
                        items.indices.filter { mask & (1 << (items.count - 1 - $0)) != 0 }.map { items[$0] }
                    })
                }
            } else if accept(words: "GROUPING", "SETS") {
                try expectSymbol("(")
                var element: [[Expression]] = []
                repeat {
                    if acceptSymbol("(") {
                        var set: [Expression] = []
                        if !isSymbol(")") { repeat { set.append(try expression()) } while acceptSymbol(",") }
                        try expectSymbol(")")
                        element.append(set)
                    } else {
                        element.append([try expression()])
                    }
                } while acceptSymbol(",")
                try expectSymbol(")")
                hasSets = true
                try combine(element)
            } else {
                let expression = try expression()
                try combine([[expression]])
            }
        } while acceptSymbol(",")
        for set in sets { for e in set where !core.groupBy.contains(e) { core.groupBy.append(e) } }
        if hasSets { core.groupingSets = sets }
    }

    private mutating func selectItem() throws -> SelectItem {
        if acceptSymbol("*") { return .all(qualifier: []) }
        // `t.*`
        var ahead = 0
        var qualifier: [Identifier] = []
        while let token = peek(ahead), token.kind == .word || token.kind == .quotedIdentifier, isSymbol(".", ahead: ahead + 1) {
            qualifier.append(token.kind == .word ? Identifier(token.text) : Identifier(token.text, quoted: true))
            if isSymbol("*", ahead: ahead + 2) {
                index += ahead + 3
                return .all(qualifier: qualifier)
            }
            ahead += 2
        }
        let start = index
        let value = try expression()
        let text = self.text(from: start)
        return .expression(value, alias: try alias(), text: text)
    }

    /// `[AS] name`, where a bare word that starts the next clause is not an alias.
    mutating func alias() throws -> Identifier? {
        if accept("AS") { return try identifier() }
        guard let token = current else { return nil }
        if token.kind == .quotedIdentifier { return try identifier() }
        if token.kind == .word, !Parser.clauseWords.contains(token.text.uppercased()) { return try identifier() }
        return nil
    }

    mutating func tableExpression() throws -> TableExpression {
        var left = try tablePrimary()
        while true {
            if acceptSymbol(",") {
                left = .join(left, kind: "CROSS JOIN", try tablePrimary(), on: nil, using: [])
                continue
            }
            let natural = accept("NATURAL")
            var kind: String
            if accept("JOIN") { kind = "JOIN" }
            else if accept("INNER") { try expect("JOIN"); kind = "JOIN" }
            else if accept("LEFT") { _ = accept("OUTER"); try expect("JOIN"); kind = "LEFT JOIN" }
            else if accept("RIGHT") { _ = accept("OUTER"); try expect("JOIN"); kind = "RIGHT JOIN" }
            else if accept("FULL") { _ = accept("OUTER"); try expect("JOIN"); kind = "FULL JOIN" }
            else if accept("CROSS") { try expect("JOIN"); kind = "CROSS JOIN" }
            else if natural { throw unexpected(expecting: "JOIN") }
            else { break }
            if natural { kind = "NATURAL " + kind }
            let right = try tablePrimary()
            var on: Expression?
            var using: [Identifier] = []
            if accept("ON") { on = try expression() }
            else if accept("USING") {
                try expectSymbol("(")
                repeat { using.append(try identifier()) } while acceptSymbol(",")
                try expectSymbol(")")
            }
            left = .join(left, kind: kind, right, on: on, using: using)
        }
        return left
    }

    /// `(…), (…), …` after VALUES.
    mutating func valuesRows() throws -> [[Expression]] {
        var rows: [[Expression]] = []
        repeat {
            try expectSymbol("(")
            var row = [try expression()]
            while acceptSymbol(",") { row.append(try expression()) }
            try expectSymbol(")")
            rows.append(row)
        } while acceptSymbol(",")
        return rows
    }

    private mutating func tablePrimary() throws -> TableExpression {
        let parenthesized = isSymbol("(") && isWord("VALUES", ahead: 1)
        if parenthesized || isWord("VALUES") && isSymbol("(", ahead: 1) {
            // `(VALUES (…), (…)) [AS] t (a, b)`, or without the parentheses as Snowflake also allows.
            index += parenthesized ? 2 : 1
            let rows = try valuesRows()
            if parenthesized { try expectSymbol(")") }
            let alias = try self.alias()
            var columns: [Identifier] = []
            if alias != nil, acceptSymbol("(") {
                repeat { columns.append(try identifier()) } while acceptSymbol(",")
                try expectSymbol(")")
            }
            return .values(rows, alias: alias, columns: columns)
        }
        if acceptSymbol("(") {
            if startsQuery {
                let query = try queryStatement()
                try expectSymbol(")")
                return .subquery(query, alias: try alias())
            }
            let inner = try tableExpression()
            try expectSymbol(")")
            return inner
        }
        if accept("LATERAL") {
            guard isWord("FLATTEN"), isSymbol("(", ahead: 1) else {
                throw SyntaxError(message: "LATERAL is supported with FLATTEN only", location: current?.location ?? end,
                                  hint: "write LATERAL FLATTEN(INPUT => …)")
            }
            index += 2
            return .flatten(try flattenArguments(), alias: try alias())
        }
        if isWord("TABLE"), isSymbol("(", ahead: 1), isWord("FLATTEN", ahead: 2), isSymbol("(", ahead: 3) {
            index += 4
            let call = try flattenArguments()
            try expectSymbol(")")
            return .flatten(call, alias: try alias())
        }
        if isWord("FLATTEN"), isSymbol("(", ahead: 1) {
            index += 2
            return .flatten(try flattenArguments(), alias: try alias())
        }
        if isWord("TABLE"), isSymbol("(", ahead: 1) {
            index += 2
            var name = [try identifier()]
            while acceptSymbol(".") { name.append(try identifier()) }
            try expectSymbol("(")
            var arguments: [NamedArgument] = []
            if !isSymbol(")") {
                repeat {
                    var argumentName: String?
                    if let token = current, token.kind == .word, isSymbol("=>", ahead: 1) {
                        argumentName = token.text.uppercased()
                        index += 2
                    }
                    arguments.append(NamedArgument(name: argumentName, value: try expression()))
                } while acceptSymbol(",")
            }
            try expectSymbol(")")
            try expectSymbol(")")
            return .tableFunction(name: name, arguments: arguments, alias: try alias())
        }
        if let token = current, token.kind == .stageReference {
            let location = try stageLocation()
            var formatName: String?
            var pattern: String?
            if acceptSymbol("(") {
                repeat {
                    guard let name = current, name.kind == .word, isSymbol("=>", ahead: 1) else {
                        throw unexpected(expecting: "FILE_FORMAT => 'name' or PATTERN => 'regex'")
                    }
                    index += 2
                    switch name.text.uppercased() {
                    case "FILE_FORMAT": formatName = try stringLiteral()
                    case "PATTERN": pattern = try stringLiteral()
                    default:
                        throw SyntaxError(message: "unknown stage query option \(name.text.uppercased())", location: name.location,
                                          hint: "use FILE_FORMAT => 'name' or PATTERN => 'regex'")
                    }
                } while acceptSymbol(",")
                try expectSymbol(")")
            }
            _ = token
            return .stage(location, formatName: formatName, pattern: pattern, alias: try alias())
        }
        if let token = current, token.kind == .word, Parser.reservedInFrom.contains(token.text.uppercased()) {
            // `FROM USING (…)`, `FROM CASE()`: a reserved word names no table unless quoted.
            throw unexpected(expecting: "a table, a subquery or a table function")
        }
        var name = [try identifier()]
        while acceptSymbol(".") { name.append(try identifier()) }
        if acceptSymbol("(") {
            var arguments: [Expression] = []
            if !isSymbol(")") { repeat { arguments.append(try expression()) } while acceptSymbol(",") }
            try expectSymbol(")")
            return .function(name: name.last!.name, arguments: arguments, alias: try alias())
        }
        try refuseUnsupportedClause()
        let table = TableExpression.table(name: name, alias: try alias())
        try refuseUnsupportedClause()
        return table
    }

    /// FLATTEN's arguments, named (`INPUT => …`) or the input alone; the closing `)` is consumed.
    private mutating func flattenArguments() throws -> FlattenCall {
        var call: FlattenCall?
        var options: [(String, Token)] = []
        repeat {
            if let name = current, name.kind == .word, isSymbol("=>", ahead: 1) {
                index += 2
                let key = name.text.uppercased()
                switch key {
                case "INPUT": call = FlattenCall(input: try expression())
                case "PATH", "MODE":
                    guard let token = current else { throw unexpected(expecting: "a string") }
                    options.append((key, token))
                    _ = try stringLiteral()
                case "OUTER", "RECURSIVE":
                    guard let token = current, token.isWord("TRUE") || token.isWord("FALSE") else { throw unexpected(expecting: "TRUE or FALSE") }
                    options.append((key, token))
                    index += 1
                default:
                    throw SyntaxError(message: "FLATTEN has no argument \(key)", location: name.location,
                                      hint: "use INPUT, PATH, OUTER, RECURSIVE or MODE")
                }
            } else if call == nil {
                call = FlattenCall(input: try expression())
            } else {
                throw unexpected(expecting: "a named argument such as PATH => 'a.b'")
            }
        } while acceptSymbol(",")
        try expectSymbol(")")
        guard var result = call else { throw unexpected(expecting: "INPUT => …") }
        for (key, token) in options {
            switch key {
            case "PATH": result.path = token.text
            case "MODE":
                let mode = token.text.uppercased()
                guard ["BOTH", "OBJECT", "ARRAY"].contains(mode) else {
                    throw SyntaxError(message: "FLATTEN MODE must be 'OBJECT', 'ARRAY' or 'BOTH', not '\(token.text)'", location: token.location, hint: nil)
                }
                result.mode = mode
            case "OUTER": result.outer = token.isWord("TRUE")
            default: result.recursive = token.isWord("TRUE")
            }
        }
        return result
    }
}
