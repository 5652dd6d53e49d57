/// ALTER TABLE [IF EXISTS] name ADD COLUMN … | DROP COLUMN … | RENAME COLUMN a TO b | RENAME TO new |
/// [MODIFY COLUMN c] SET TAG t = 'v' | UNSET TAG t.
public struct AlterTableStatement: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case addColumn(ColumnDefinition, ifNotExists: Bool)
        case dropColumns([Identifier])
        case renameColumn(Identifier, to: Identifier)
        case rename(to: [Identifier])
        /// SET TTL_COLUMN = c | UNSET TTL_COLUMN (a wh extension for hybrid tables).
        case timeToLive(Identifier?)
        /// SET TAG t = 'v' … | UNSET TAG t … on the table, or on one column (MODIFY/ALTER COLUMN c).
        case tags(column: Identifier?, set: [TagAssignment], unset: [Identifier])
    }

    public var ifExists = false
    public var name: [Identifier]
    public var action: Action
}

extension AlterTableStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.startsWith("ALTER", "TABLE") ? try parser.alterTable() : nil }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet {
        let old = try warehouse.canonicalTableName(try warehouse.sqliteName(name).name)
        try warehouse.dropChangeTriggers(of: old)   // SQLite refuses to drop a column a trigger names
        let result = try warehouse.alterTable(self)
        try warehouse.followRename(of: old, self)
        return result
    }
}

extension Parser {
    mutating func alterTable() throws -> AlterTableStatement {
        index += 2
        let ifExists = accept(words: "IF", "EXISTS")
        var name = [try identifier()]
        while acceptSymbol(".") { name.append(try identifier()) }
        let action: AlterTableStatement.Action
        if accept("ADD") {
            _ = accept("COLUMN")
            let ifNotExists = accept(words: "IF", "NOT", "EXISTS")
            action = .addColumn(try columnDefinition(), ifNotExists: ifNotExists)
        } else if accept("DROP") {
            _ = accept("COLUMN")
            var columns = [try identifier()]
            while acceptSymbol(",") { columns.append(try identifier()) }
            action = .dropColumns(columns)
        } else if accept(words: "RENAME", "COLUMN") {
            let old = try identifier()
            try expect("TO")
            action = .renameColumn(old, to: try identifier())
        } else if accept(words: "RENAME", "TO") {
            var target = [try identifier()]
            while acceptSymbol(".") { target.append(try identifier()) }
            action = .rename(to: target)
        } else if let change = try tagChange() {
            action = .tags(column: nil, set: change.set, unset: change.unset)
        } else if let verb = ["MODIFY", "ALTER"].first(where: { accept($0) }) {
            _ = accept("COLUMN")
            let column = try identifier()
            guard let change = try tagChange() else {
                throw UnsupportedFeature(feature: "ALTER TABLE … \(verb) COLUMN \(column.name) (other than SET TAG / UNSET TAG)",
                                         hint: "wh changes a column's tags here; to change its type, add a new column and copy the values")
            }
            action = .tags(column: column, set: change.set, unset: change.unset)
        } else if accept(words: "SET", "TTL_COLUMN") {
            _ = acceptSymbol("=")
            action = .timeToLive(try identifier())
        } else if accept(words: "UNSET", "TTL_COLUMN") {
            action = .timeToLive(nil)
        } else {
            let word = current.map { String($0.raw).uppercased() } ?? "nothing"
            throw UnsupportedFeature(feature: "ALTER TABLE … \(word)",
                                     hint: "ALTER TABLE supports ADD COLUMN, DROP COLUMN, RENAME COLUMN, RENAME TO, SET TAG, MODIFY COLUMN c SET TAG and, on hybrid tables, SET TTL_COLUMN = c")
        }
        try expectEnd()
        return AlterTableStatement(ifExists: ifExists, name: name, action: action)
    }
}
