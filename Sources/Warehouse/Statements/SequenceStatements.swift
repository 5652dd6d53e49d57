/// CREATE [OR REPLACE] SEQUENCE [IF NOT EXISTS] name [START [WITH] [=] n] [INCREMENT [BY] [=] n]
/// [ORDER | NOORDER] [COMMENT = '…'] (SHOW/DESC/DROP SEQUENCE are catalog object statements;
/// `name.NEXTVAL` takes the next value).
struct CreateSequenceStatement: OwnedStatement {
    var name: Identifier
    var orReplace: Bool
    var ifNotExists: Bool
    var start: Int64 = 1
    var increment: Int64 = 1
    var comment: String?

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard let header = parser.createHeader("SEQUENCE") else { return nil }
        var statement = Self(name: try parser.objectName(), orReplace: header.orReplace, ifNotExists: header.ifNotExists)
        (statement.start, statement.increment) = try parser.sequenceOptions(start: 1, increment: 1)
        while !parser.atEnd {
            guard parser.accept("COMMENT") else { throw parser.unexpected(expecting: "START, INCREMENT, ORDER, NOORDER or COMMENT") }
            _ = parser.acceptSymbol("=")
            statement.comment = try parser.stringLiteral()
        }
        return statement
    }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createSequence(self) }
}

extension Parser {
    /// `[START [WITH] [=] n] [INCREMENT [BY] [=] n] [ORDER | NOORDER]`, in either order, for
    /// sequences and IDENTITY columns.
    mutating func sequenceOptions(start: Int64, increment: Int64) throws -> (start: Int64, increment: Int64) {
        var (start, increment) = (start, increment)
        while true {
            if accept("START") {
                _ = accept("WITH")
                _ = acceptSymbol("=")
                start = try signedInteger()
            } else if accept("INCREMENT") {
                _ = accept("BY")
                _ = acceptSymbol("=")
                increment = try signedInteger()
                if increment == 0 {
                    throw SyntaxError(message: "a sequence's INCREMENT cannot be 0", location: current?.location ?? end, hint: "use 1, or -1 to count down")
                }
            } else if accept("ORDER") || accept("NOORDER") {
                continue
            } else {
                return (start, increment)
            }
        }
    }

    /// An integer literal with an optional sign.
    mutating func signedInteger() throws -> Int64 {
        let negative = acceptSymbol("-")
        if !negative { _ = acceptSymbol("+") }
        guard let token = current, token.kind == .number, let value = Int64(token.text) else { throw unexpected(expecting: "an integer") }
        index += 1
        return negative ? -value : value
    }
}
