/// USE … and ALTER SESSION SET/UNSET …: accepted where they change nothing in a one-file warehouse,
/// recorded where wh honours them, refused by name otherwise. Session variables (SET/UNSET) are refused.
public enum SessionStatement: Equatable, Sendable {
    case use(kind: String, name: String)
    case set([(String, Expression)])
    case unset([String])

    public static func == (a: SessionStatement, b: SessionStatement) -> Bool {
        switch (a, b) {
        case let (.use(k1, n1), .use(k2, n2)): return k1 == k2 && n1 == n2
        case let (.unset(x), .unset(y)): return x == y
        case let (.set(x), .set(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension SessionStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? {
        if parser.startsWith("ALTER", "SESSION") { return try parser.alterSession() }
        if parser.isWord("USE") { return try parser.use() }
        if parser.isWord("SET") || parser.isWord("UNSET") {
            // Snowflake's session variables (SET tbl = 'T' … $tbl): SQLite's answer was a raw syntax error.
            throw UnsupportedFeature(feature: "session variables (SET name = value, then $name)",
                                     hint: "write the value into the statement, or use a variable inside a block: BEGIN LET n := …; … :n … END")
        }
        return nil
    }

    var traits: StatementTraits { .noSavepoint }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.runSession(self) }
}

extension Parser {
    mutating func use() throws -> SessionStatement {
        try expect("USE")
        var kind = "DATABASE"
        for word in ["DATABASE", "SCHEMA", "WAREHOUSE", "ROLE"] where accept(word) { kind = word }
        if accept(words: "SECONDARY", "ROLES") { kind = "SECONDARY ROLES" }
        var name = try identifier().name
        while acceptSymbol(".") { name += "." + (try identifier().name) }
        try expectEnd()
        return .use(kind: kind, name: name)
    }

    mutating func alterSession() throws -> SessionStatement {
        index += 2
        if accept("UNSET") {
            var names = [try identifier().name]
            while acceptSymbol(",") { names.append(try identifier().name) }
            try expectEnd()
            return .unset(names)
        }
        try expect("SET")
        var settings: [(String, Expression)] = []
        repeat {
            let name = try identifier().name
            try expectSymbol("=")
            settings.append((name, try expression()))
        } while acceptSymbol(",") || (current?.kind == .word && isSymbol("=", ahead: 1))
        try expectEnd()
        return .set(settings)
    }
}
