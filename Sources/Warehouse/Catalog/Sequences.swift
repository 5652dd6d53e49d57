import SQLite

/// Sequences: a counter in the catalog each NEXTVAL advances in the statement's own transaction,
/// so a rolled-back insert gives its numbers back and no two rows get one number.
extension Warehouse {
    func createSequence(_ statement: CreateSequenceStatement) throws -> ResultSet {
        let name = statement.name.name
        if try sequenceExists(name) {
            if statement.ifNotExists { return Self.status("\(name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw CatalogError.objectExists(kind: "Sequence", name: name) }
            try catalog("DELETE FROM _wh_sequences WHERE name = ?", [.text(name)])
        }
        try insertSequence(name, start: statement.start, increment: statement.increment, comment: statement.comment)
        return Self.status("Sequence \(name) successfully created.")
    }

    func insertSequence(_ name: String, start: Int64, increment: Int64, comment: String?) throws {
        try catalog("INSERT INTO _wh_sequences(name, next_value, increment, comment, created_at) VALUES (?, ?, ?, ?, ?)",
                    [.text(name), .integer(start), .integer(increment), comment.map { .text($0) } ?? .null,
                     .text(CanonicalTimestamp.format(environment.clock.now()))])
    }

    func sequenceExists(_ name: String) throws -> Bool {
        let statement = try connection.prepare("SELECT 1 FROM _wh_sequences WHERE name = ?")
        try statement.bind([.text(name)])
        return try !statement.all().isEmpty
    }

    func dropSequence(_ name: Identifier, ifExists: Bool) throws -> ResultSet {
        guard try sequenceExists(name.name) else {
            if ifExists { return Self.status("Drop statement executed successfully (\(name.name) already dropped).") }
            throw CatalogError.noSuchObject(kind: "Sequence", name: name.name)
        }
        try catalog("DELETE FROM _wh_sequences WHERE name = ?", [.text(name.name)])
        return Self.status("\(name.name) successfully dropped.")
    }

    func showSequences(like: String?, only: Identifier? = nil) throws -> ResultSet {
        let statement = try connection.prepare("""
            SELECT created_at, name, ?1, 'PUBLIC', next_value, increment, 'SYSADMIN', comment FROM _wh_sequences
            WHERE name NOT LIKE '\\_\\_WH\\_IDENTITY$%' ESCAPE '\\' AND (?2 IS NULL OR upper(name) LIKE upper(?2)) AND (?3 IS NULL OR name = ?3)
            ORDER BY name
            """)
        try statement.bind([.text(databaseName), like.map { .text($0) } ?? .null, only.map { .text($0.name) } ?? .null])
        let names = ["created_on", "name", "database_name", "schema_name", "next_value", "interval", "owner", "comment"]
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: try statement.all(), isQuery: true)
    }

    /// A new sequence for an IDENTITY/AUTOINCREMENT column, named apart from every other (a table
    /// renamed and a new one of its old name never share one); its name is in the table's DDL.
    func newIdentitySequence(table: String, column: String, start: Int64, increment: Int64) throws -> String {
        let next = try connection.prepare("SELECT coalesce(max(rowid), 0) + 1 FROM _wh_sequences").all().first?.first?.integerValue ?? 1
        let name = "__WH_IDENTITY$\(table)$\(column)$\(next)"
        try insertSequence(name, start: start, increment: increment, comment: nil)
        return name
    }

    /// The IDENTITY sequences a table's SQLite DDL takes values from.
    func identitySequences(ofTable table: String) throws -> [String] {
        let ddl = try connection.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
        try ddl.bind([.text(table)])
        guard let sql = try ddl.all().first?.first?.textValue else { return [] }
        var names: [String] = []
        var rest = sql[...]
        while let call = rest.range(of: "wh_nextval('__WH_IDENTITY$") {
            let start = rest.index(call.lowerBound, offsetBy: "wh_nextval('".count)
            guard let end = rest[start...].firstIndex(of: "'") else { break }
            names.append(String(rest[start..<end]))
            rest = rest[end...]
        }
        return names
    }

    /// wh_nextval('NAME'): the sequence's next value, advanced by its increment.
    func registerSequenceFunctions() throws {
        let connection = self.connection
        var advance: Statement?
        try connection.createFunction("wh_nextval", argumentCount: 1, deterministic: false) { [unowned connection] a in
            guard let name = a[0].textValue else { return .null }
            if advance == nil {
                advance = try connection.prepare("UPDATE _wh_sequences SET next_value = next_value + increment WHERE name = ? RETURNING next_value - increment")
            }
            guard let statement = advance else { return .null }
            try statement.bind([.text(name)])
            defer { statement.reset() }
            guard let row = try statement.all().first, let value = row.first else {
                throw FunctionError("Sequence '\(name)' does not exist or not authorized; create it with CREATE SEQUENCE \(name)")
            }
            return value
        }
    }
}
