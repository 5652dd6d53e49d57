/// CREATE [OR REPLACE] TAG [IF NOT EXISTS] name [COMMENT = '…'] (SHOW TAGS and DROP TAG are catalog
/// object statements; ALTER TABLE … SET TAG sets a tag's value on a table or column).
struct CreateTagStatement: OwnedStatement {
    var name: Identifier
    var orReplace: Bool
    var ifNotExists: Bool
    var comment: String?

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard let header = parser.createHeader("TAG") else { return nil }
        let name = try parser.objectName()
        var comment: String?
        while !parser.atEnd {
            if parser.accept("COMMENT") {
                _ = parser.acceptSymbol("=")
                comment = try parser.stringLiteral()
            } else if parser.accept("ALLOWED_VALUES") {
                throw UnsupportedFeature(feature: "CREATE TAG … ALLOWED_VALUES", hint: "create the tag without ALLOWED_VALUES; wh accepts any value")
            } else {
                throw parser.unexpected()
            }
        }
        return Self(name: name, orReplace: header.orReplace, ifNotExists: header.ifNotExists, comment: comment)
    }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createTag(self) }
}

/// A tag's value as ALTER TABLE sets it: `name = 'value'`.
public struct TagAssignment: Equatable, Sendable {
    public var tag: Identifier
    public var value: String
}

extension Parser {
    /// `SET TAG t = 'v' [, …]` or `UNSET TAG t [, …]` after ALTER TABLE … [MODIFY COLUMN c]; nil
    /// (cursor untouched) when neither follows.
    mutating func tagChange() throws -> (set: [TagAssignment], unset: [Identifier])? {
        if accept(words: "SET", "TAG") {
            var assignments: [TagAssignment] = []
            repeat {
                let tag = try objectName()
                try expectSymbol("=")
                assignments.append(TagAssignment(tag: tag, value: try stringLiteral()))
            } while acceptSymbol(",")
            return (assignments, [])
        }
        if accept(words: "UNSET", "TAG") {
            var tags = [try objectName()]
            while acceptSymbol(",") { tags.append(try objectName()) }
            return ([], tags)
        }
        return nil
    }
}
