/// A Snowflake Scripting block run on its own: `DECLARE … BEGIN … END`, `BEGIN … END` (not BEGIN
/// TRANSACTION), or `EXECUTE IMMEDIATE $$ … $$` / `EXECUTE IMMEDIATE 'statement'`. Its RETURN value
/// comes back in a column named `anonymous block`, a RETURN TABLE(rs) as rows.
struct AnonymousBlockStatement: OwnedStatement {
    /// The block's text, or the statement EXECUTE IMMEDIATE runs.
    var body: String
    var isBlock: Bool

    static func parse(_ parser: inout Parser) throws -> Self? {
        let transactionWords: Set = ["TRANSACTION", "WORK", "NAME", "DEFERRED", "IMMEDIATE", "EXCLUSIVE"]
        if parser.isWord("DECLARE") || (parser.isWord("BEGIN") && parser.peek(1).map({ $0.kind != .word || !transactionWords.contains($0.text.uppercased()) }) ?? false) {
            parser.index = parser.tokens.count
            return Self(body: parser.text(from: 0), isBlock: true)
        }
        guard parser.isWord("EXECUTE"), parser.isWord("IMMEDIATE", ahead: 1) else { return nil }
        parser.index += 2
        guard let token = parser.current, token.kind == .string || token.kind == .dollarString else {
            throw parser.unexpected(expecting: "the statement or block to run, as a string or $$ … $$")
        }
        parser.index += 1
        if parser.accept("USING") {
            throw UnsupportedFeature(feature: "EXECUTE IMMEDIATE … USING", hint: "write the values into the statement, or use :variables inside a block")
        }
        try parser.expectEnd()
        let text = token.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = text.prefix { $0.isLetter }.uppercased()
        return Self(body: text, isBlock: first == "DECLARE" || first == "BEGIN")
    }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet {
        guard isBlock else { return try warehouse.execute(StatementText(text: body, location: .start)) }
        switch try warehouse.runBlock(body, name: "anonymous block") {
        case .value(let value): return ResultSet(columns: [ResultColumn(name: "anonymous block")], sqliteRows: [[value]], isQuery: true)
        case .table(let table): return table
        }
    }
}
