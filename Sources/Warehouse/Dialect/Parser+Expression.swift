extension Parser {
    /// Snowflake's reserved words that can never be a bare column name (quote them to use them so).
    static let reservedWords: Set = [
        "ALL", "AND", "ANY", "AS", "BETWEEN", "BY", "CONNECT", "CREATE", "CROSS", "DELETE", "DISTINCT", "DROP", "ELSE",
        "END", "FROM", "FULL", "GROUP", "HAVING", "ILIKE", "IN", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN",
        "LATERAL", "LEFT", "LIKE", "MINUS", "NATURAL", "NOT", "ON", "OR", "ORDER", "QUALIFY", "REGEXP", "RIGHT", "RLIKE",
        "SAMPLE", "SELECT", "SET", "START", "TABLE", "TABLESAMPLE", "THEN", "UNION", "UPDATE", "USING", "VALUES",
        "WHEN", "WHERE", "WITH", "EXCEPT", "LIMIT",
    ]

    /// Parses an expression (a Pratt parser: OR < AND < NOT < comparison < additive < multiplicative
    /// < unary < postfix `::`).
    public mutating func expression() throws -> Expression { try binary(0) }

    private static let binaryPrecedence: [String: Int] = [
        "OR": 1, "AND": 2,
        "=": 4, "==": 4, "!=": 4, "<>": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
        "+": 5, "-": 5, "||": 5,
        "*": 6, "/": 6, "%": 6,
    ]

    private func binaryOperator() -> String? {
        guard let token = current else { return nil }
        if token.kind == .symbol, Parser.binaryPrecedence[token.text] != nil { return token.text }
        if token.isWord("AND") || token.isWord("OR") { return token.text.uppercased() }
        return nil
    }

    private func nestedTooDeeply() -> SyntaxError {
        SyntaxError(message: "expression nested more than \(Parser.maximumDepth) levels deep", location: current?.location ?? end,
                    hint: "simplify the expression or split it with a WITH clause")
    }

    private mutating func binary(_ minimum: Int) throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumDepth { throw nestedTooDeeply() }
        var left = try prefix(minimum)
        // A chain (`a + b + c …`) nests one level per operator in the tree, which wh's walks recurse
        // through: a 1,000-term chain overflowed the stack (found by the SQL fuzzer).
        var chain = 0
        while true {
            if minimum <= 4, let predicate = try postfixPredicate(left) {
                left = predicate
            } else {
                guard let op = binaryOperator(), let precedence = Parser.binaryPrecedence[op], precedence > minimum else { break }
                index += 1
                let right = try binary(precedence)
                left = .binary(op: op == "==" ? "=" : op, left, right)
            }
            chain += 1
            if depth + chain > Parser.maximumDepth { throw nestedTooDeeply() }
        }
        return left
    }

    private mutating func prefix(_ minimum: Int) throws -> Expression {
        if accept("NOT") { return .unary(op: "NOT", try binary(3)) }
        if acceptSymbol("-") { return .unary(op: "-", try binary(6)) }
        if acceptSymbol("+") { return try binary(6) }
        return try postfix(try primary())
    }

    /// IS [NOT] NULL, [NOT] BETWEEN, [NOT] IN, [NOT] LIKE/ILIKE/RLIKE at comparison precedence.
    private mutating func postfixPredicate(_ left: Expression) throws -> Expression? {
        if accept("IS") {
            let negated = accept("NOT")
            if accept("DISTINCT") {
                // IS [NOT] DISTINCT FROM: NULL-safe (in)equality, as EQUAL_NULL.
                try expect("FROM")
                let right = try binary(4)
                let same = Expression.function(name: "EQUAL_NULL", arguments: [left, right], distinct: false, star: false)
                return negated ? same : .unary(op: "NOT", same)
            }
            try expect("NULL")
            return .isNull(left, negated: negated)
        }
        let save = index
        let negated = accept("NOT")
        if accept("BETWEEN") {
            let low = try binary(4)
            try expect("AND")
            let high = try binary(4)
            return .between(left, low, high, negated: negated)
        }
        if accept("IN") {
            try expectSymbol("(")
            if isWord("SELECT") || isWord("WITH") {
                let query = try queryStatement()
                try expectSymbol(")")
                return .inQuery(left, query, negated: negated)
            }
            var items = [try expression()]
            while acceptSymbol(",") { items.append(try expression()) }
            try expectSymbol(")")
            return .inList(left, items, negated: negated)
        }
        for word in ["LIKE", "ILIKE"] where isWord(word) && (isWord("ANY", ahead: 1) || isWord("ALL", ahead: 1)) {
            // x LIKE ANY (p1, p2 …) [ESCAPE e]: a match with one of them; ALL: with each.
            index += 1
            let all = accept("ALL")
            if !all { try expect("ANY") }
            if negated {
                throw UnsupportedFeature(feature: "NOT \(word) \(all ? "ALL" : "ANY")", hint: "write NOT (x \(word) \(all ? "ALL" : "ANY") (…))")
            }
            try expectSymbol("(")
            var patterns = [try expression()]
            while acceptSymbol(",") { patterns.append(try expression()) }
            try expectSymbol(")")
            let escape = accept("ESCAPE") ? try binary(4) : nil
            let tests = patterns.map { Expression.function(name: word, arguments: [left, $0] + (escape.map { [$0] } ?? []), distinct: false, star: false) }
            return tests.dropFirst().reduce(tests[0]) { .binary(op: all ? "AND" : "OR", $0, $1) }
        }
        for word in ["LIKE", "ILIKE", "RLIKE", "REGEXP"] where accept(word) {
            let pattern = try binary(4)
            var test = Expression.binary(op: word == "REGEXP" ? "RLIKE" : word, left, pattern)
            if word != "RLIKE", word != "REGEXP", accept("ESCAPE") {
                // The function form carries the escape character: LIKE(subject, pattern, escape).
                test = .function(name: word, arguments: [left, pattern, try binary(4)], distinct: false, star: false)
            }
            return negated ? .unary(op: "NOT", test) : test
        }
        index = save
        return nil
    }

    private mutating func postfix(_ base: Expression) throws -> Expression {
        var expression = base
        var steps: [PathStep] = []
        func flush() {
            if !steps.isEmpty { expression = .path(expression, steps); steps = [] }
        }
        while true {
            if isSymbol(":"), let next = peek(1), next.kind == .word || next.kind == .quotedIdentifier {
                // `v:key`: the first key; its case is kept, as Snowflake's path keys are case-sensitive.
                index += 2
                steps.append(.key(next.text))
                while isSymbol("."), let key = peek(1), key.kind == .word || key.kind == .quotedIdentifier {
                    index += 2
                    steps.append(.key(key.text))
                }
            } else if acceptSymbol("[") {
                let subscriptValue = try self.expression()
                try expectSymbol("]")
                if case .string(let key) = subscriptValue { steps.append(.key(key)) } else { steps.append(.index(subscriptValue)) }
                while isSymbol("."), let key = peek(1), key.kind == .word || key.kind == .quotedIdentifier {
                    index += 2
                    steps.append(.key(key.text))
                }
            } else if acceptSymbol("::") {
                flush()
                expression = .cast(expression, try dataType(), isTry: false)
            } else {
                break
            }
        }
        flush()
        return expression
    }

    private mutating func primary() throws -> Expression {
        guard let token = current else { throw unexpected(expecting: "an expression") }
        if token.isWord("INTERVAL"), let text = peek(1), text.kind == .string {
            // INTERVAL '1 day, 2 hours': kept as a call the renderer turns into DATEADDs.
            index += 2
            return .function(name: "INTERVAL", arguments: [.string(text.text)], distinct: false, star: false)
        }
        switch token.kind {
        case .number:
            index += 1
            return .number(token.text)
        case .string, .dollarString:
            index += 1
            return .string(token.text)
        case .quotedIdentifier:
            return .column(try qualifiedName())
        case .positional:
            // `$1`: a staged file's record (the only column a JSON file has).
            index += 1
            return .column([Identifier(token.text, quoted: true)])
        case .symbol where token.text == "(":
            index += 1
            if isWord("SELECT") || isWord("WITH") {
                let query = try queryStatement()
                try expectSymbol(")")
                return .subquery(query)
            }
            let inner = try expression()
            try expectSymbol(")")
            return inner
        case .symbol where token.text == "[":
            // An ARRAY constant: [1, 'a', x].
            index += 1
            var elements: [Expression] = []
            if !isSymbol("]") { repeat { elements.append(try expression()) } while acceptSymbol(",") }
            try expectSymbol("]")
            return .function(name: "ARRAY_CONSTRUCT", arguments: elements, distinct: false, star: false)
        case .symbol where token.text == "{":
            // An OBJECT constant: {'key': value, …}.
            index += 1
            var pairs: [Expression] = []
            if !isSymbol("}") {
                repeat {
                    guard let key = current, key.kind == .string else { throw unexpected(expecting: "a key in quotes ('key': value)") }
                    index += 1
                    try expectSymbol(":")
                    pairs += [.string(key.text), try expression()]
                } while acceptSymbol(",")
            }
            try expectSymbol("}")
            return .function(name: "OBJECT_CONSTRUCT", arguments: pairs, distinct: false, star: false)
        case .word:
            return try wordExpression(token)
        default:
            throw unexpected(expecting: "an expression")
        }
    }

    private mutating func wordExpression(_ token: Token) throws -> Expression {
        let word = token.text.uppercased()
        switch word {
        case "NULL": index += 1; return .null
        case "TRUE": index += 1; return .boolean(true)
        case "FALSE": index += 1; return .boolean(false)
        case "CASE": index += 1; return try caseExpression()
        case "EXTRACT" where isSymbol("(", ahead: 1):
            index += 2
            let part = current?.kind == .string ? try stringLiteral() : try identifier().name
            try expect("FROM")
            let value = try expression()
            try expectSymbol(")")
            return .function(name: "DATE_PART", arguments: [.string(part), value], distinct: false, star: false)
        case "POSITION" where isSymbol("(", ahead: 1):
            // POSITION(x IN y); the comma form is an ordinary call.
            let save = index
            index += 2
            let needle = try binary(5)
            if accept("IN") {
                let haystack = try expression()
                try expectSymbol(")")
                return .function(name: "POSITION", arguments: [needle, haystack], distinct: false, star: false)
            }
            index = save + 2
            return try functionCall(word)
        case "EXISTS" where isSymbol("(", ahead: 1):
            index += 2
            let query = try queryStatement()
            try expectSymbol(")")
            return .exists(query)
        case "CAST" where isSymbol("(", ahead: 1), "TRY_CAST" where isSymbol("(", ahead: 1):
            index += 2
            let value = try expression()
            try expect("AS")
            let type = try dataType()
            try expectSymbol(")")
            return .cast(value, type, isTry: word == "TRY_CAST")
        default:
            break
        }
        let niladic: Set = ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "SYSDATE"]
        if niladic.contains(word), !isSymbol("(", ahead: 1) {
            index += 1
            return .function(name: word, arguments: [], distinct: false, star: false)
        }
        // A few reserved words are also function names: RLIKE(…), LIKE(…), LEFT(…), RIGHT(…), INSERT(…).
        let callableReserved: Set = ["RLIKE", "LIKE", "ILIKE", "LEFT", "RIGHT", "INSERT"]
        if Parser.reservedWords.contains(word), !(callableReserved.contains(word) && isSymbol("(", ahead: 1)) {
            throw unexpected(expecting: "an expression")
        }
        if word == "IDENTIFIER", isSymbol("(", ahead: 1) { return .column(try qualifiedName()) }   // IDENTIFIER('col')
        if isSymbol("(", ahead: 1) {
            index += 2
            var call = try functionCall(word)
            if accept(words: "WITHIN", "GROUP") {
                try expectSymbol("(")
                try expect("ORDER")
                try expect("BY")
                call = .withinGroup(call, try orderItems())
                try expectSymbol(")")
            }
            guard accept("OVER") else { return call }
            return .window(call, try windowSpecification())
        }
        return .column(try qualifiedName())
    }

    private mutating func qualifiedName() throws -> [Identifier] {
        var parts = [try identifier()]
        while isSymbol("."), let next = peek(1), next.kind == .word || next.kind == .quotedIdentifier || next.kind == .positional {
            index += 1
            if next.kind == .positional {
                index += 1
                parts.append(Identifier(next.text, quoted: true))   // `alias.$1`
            } else {
                parts.append(try identifier())
            }
        }
        return parts
    }

    private mutating func functionCall(_ name: String) throws -> Expression {
        if acceptSymbol("*") {
            try expectSymbol(")")
            return .function(name: name, arguments: [], distinct: false, star: true)
        }
        let distinct = accept("DISTINCT")
        var arguments: [Expression] = []
        if !isSymbol(")") {
            repeat { arguments.append(try expression()) } while acceptSymbol(",")
        }
        try expectSymbol(")")
        return .function(name: name, arguments: arguments, distinct: distinct, star: false)
    }

    private mutating func windowSpecification() throws -> WindowSpecification {
        try expectSymbol("(")
        var window = WindowSpecification()
        if accept(words: "PARTITION", "BY") {
            repeat { window.partitionBy.append(try expression()) } while acceptSymbol(",")
        }
        if accept(words: "ORDER", "BY") { window.orderBy = try orderItems() }
        if isWord("ROWS") || isWord("RANGE") || isWord("GROUPS") {
            window.frame = try windowFrame()
        }
        try expectSymbol(")")
        return window
    }

    /// `ROWS|RANGE|GROUPS [BETWEEN] bound [AND bound]`, bound being UNBOUNDED PRECEDING|FOLLOWING,
    /// CURRENT ROW or `n PRECEDING|FOLLOWING`: checked word by word and written back as SQLite spells it.
    private mutating func windowFrame() throws -> String {
        let unit = current!.text.uppercased()
        index += 1
        func bound() throws -> String {
            if accept(words: "UNBOUNDED", "PRECEDING") { return "UNBOUNDED PRECEDING" }
            if accept(words: "UNBOUNDED", "FOLLOWING") { return "UNBOUNDED FOLLOWING" }
            if accept(words: "CURRENT", "ROW") { return "CURRENT ROW" }
            guard let token = current, token.kind == .number, UInt64(token.text) != nil else {
                throw unexpected(expecting: "UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING or UNBOUNDED FOLLOWING")
            }
            index += 1
            if accept("PRECEDING") { return token.text + " PRECEDING" }
            if accept("FOLLOWING") { return token.text + " FOLLOWING" }
            throw unexpected(expecting: "PRECEDING or FOLLOWING")
        }
        if accept("BETWEEN") {
            let low = try bound()
            try expect("AND")
            return "\(unit) BETWEEN \(low) AND \(try bound())"
        }
        return "\(unit) \(try bound())"
    }

    private mutating func caseExpression() throws -> Expression {
        let operand = isWord("WHEN") ? nil : try expression()
        var branches: [(Expression, Expression)] = []
        while accept("WHEN") {
            let condition = try expression()
            try expect("THEN")
            branches.append((condition, try expression()))
        }
        guard !branches.isEmpty else { throw unexpected(expecting: "WHEN") }
        let otherwise = accept("ELSE") ? try expression() : nil
        try expect("END")
        return .caseWhen(operand: operand, branches: branches, otherwise: otherwise)
    }

    /// A Snowflake type name with optional `(p[, s])`: `VARCHAR(10)`, `NUMBER(10,2)`, `DOUBLE PRECISION`.
    public mutating func dataType() throws -> SnowflakeType {
        guard let token = current, token.kind == .word else { throw unexpected(expecting: "a data type") }
        index += 1
        var name = token.text.uppercased()
        let multiWord: [String: [[String]]] = [
            "DOUBLE": [["PRECISION"]], "CHAR": [["VARYING"]], "NCHAR": [["VARYING"]],
            "TIMESTAMP": [["WITH", "LOCAL", "TIME", "ZONE"], ["WITH", "TIME", "ZONE"], ["WITHOUT", "TIME", "ZONE"]],
        ]
        for words in multiWord[name] ?? [] where words.enumerated().allSatisfy({ isWord($1, ahead: $0) }) {
            index += words.count
            name += " " + words.joined(separator: " ")
            break
        }
        var parameters: [Int] = []
        if acceptSymbol("(") {
            repeat { parameters.append(try integer()) } while acceptSymbol(",")
            try expectSymbol(")")
        }
        guard let type = SnowflakeType.named(name, parameters: parameters) else {
            throw SyntaxError(message: "unsupported data type '\(name)'", location: token.location,
                              hint: "use a Snowflake type: STRING, NUMBER(p,s), FLOAT, BOOLEAN, DATE, TIMESTAMP_NTZ, VARIANT, …")
        }
        return type
    }
}
