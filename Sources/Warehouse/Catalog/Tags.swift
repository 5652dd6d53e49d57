import SQLite

/// Object tags: CREATE TAG, ALTER TABLE … [MODIFY COLUMN c] SET TAG, SHOW TAGS, DROP TAG and
/// SYSTEM$GET_TAG, as Snowflake has them for tables and columns (one database, one schema).
extension Warehouse {
    func createTag(_ statement: CreateTagStatement) throws -> ResultSet {
        let name = statement.name.name
        if try tagExists(name) {
            if statement.ifNotExists { return Self.status("\(name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw TagError.tagExists(name) }
            try catalog("DELETE FROM _wh_tag_references WHERE tag = ?", [.text(name)])
            try catalog("DELETE FROM _wh_tags WHERE name = ?", [.text(name)])
        }
        try catalog("INSERT INTO _wh_tags(name, comment, created_at) VALUES (?, ?, ?)",
                    [.text(name), statement.comment.map { .text($0) } ?? .null, .text(CanonicalTimestamp.format(environment.clock.now()))])
        return Self.status("Tag \(name) successfully created.")
    }

    func dropTag(_ name: Identifier, ifExists: Bool) throws -> ResultSet {
        guard try tagExists(name.name) else {
            if ifExists { return Self.status("Drop statement executed successfully (\(name.name) already dropped).") }
            throw TagError.noSuchTag(name.name)
        }
        try catalog("DELETE FROM _wh_tag_references WHERE tag = ?", [.text(name.name)])
        try catalog("DELETE FROM _wh_tags WHERE name = ?", [.text(name.name)])
        return Self.status("\(name.name) successfully dropped.")
    }

    func showTags(like: String?) throws -> ResultSet {
        let statement = try connection.prepare("""
            SELECT created_at, name, ?, 'PUBLIC', 'SYSADMIN', comment, NULL FROM _wh_tags
            WHERE ?2 IS NULL OR upper(name) LIKE upper(?2) ORDER BY name
            """)
        try statement.bind([.text(databaseName), like.map { .text($0) } ?? .null])
        let names = ["created_on", "name", "database_name", "schema_name", "owner", "comment", "allowed_values"]
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: try statement.all(), isQuery: true)
    }

    /// Sets and unsets tags on a table (`column` nil) or one of its columns (as SQLite spells it).
    func changeTags(table: String, column: String?, set: [TagAssignment], unset: [Identifier]) throws {
        let table = try canonicalTableName(Identifier(table, quoted: true))
        for assignment in set {
            guard try tagExists(assignment.tag.name) else { throw TagError.noSuchTag(assignment.tag.name) }
            try catalog("INSERT OR REPLACE INTO _wh_tag_references(tag, table_name, column_name, value) VALUES (?, ?, ?, ?)",
                        [.text(assignment.tag.name), .text(table), .text(column ?? ""), .text(assignment.value)])
        }
        for tag in unset {
            try catalog("DELETE FROM _wh_tag_references WHERE tag = ? AND table_name = ? AND column_name = ?",
                        [.text(tag.name), .text(table), .text(column ?? "")])
        }
    }

    /// The value of `tag` on a table (`column` nil) or column, or nil.
    public func tagValue(_ tag: String, table: String, column: String? = nil) throws -> String? {
        let statement = try connection.prepare("SELECT value FROM _wh_tag_references WHERE tag = ? AND table_name = ? AND column_name = ?")
        try statement.bind([.text(tag), .text(table), .text(column ?? "")])
        return try statement.all().first?.first?.textValue
    }

    /// Every table and column carrying `tag`: (table, column or nil, value).
    public func tagged(_ tag: String) throws -> [(table: String, column: String?, value: String)] {
        let statement = try connection.prepare("SELECT table_name, column_name, value FROM _wh_tag_references WHERE tag = ? ORDER BY table_name, column_name")
        try statement.bind([.text(tag)])
        return try statement.all().map { row in
            let column = row[1].textValue ?? ""
            return (row[0].textValue ?? "", column.isEmpty ? nil : column, row[2].textValue ?? "")
        }
    }

    /// SYSTEM$GET_TAG('tag', 'table[.column]', 'TABLE' | 'COLUMN'): the tag's value there, as an SQL
    /// literal (NULL when unset).
    func getTagLiteral(_ arguments: [String]) throws -> String {
        func unquoted(_ part: Substring) -> String {
            part.hasPrefix("\"") && part.hasSuffix("\"") && part.count >= 2 ? String(part.dropFirst().dropLast()) : part.uppercased()
        }
        let tag = unquoted(Substring(arguments[0].split(separator: ".").last ?? ""))
        guard try tagExists(tag) else { throw TagError.noSuchTag(tag) }
        let parts = arguments[1].split(separator: ".")
        let domain = arguments[2].uppercased()
        guard domain == "TABLE" || domain == "COLUMN", parts.count >= (domain == "COLUMN" ? 2 : 1) else {
            throw TagError.badDomain(arguments[2])
        }
        let tableParts = domain == "COLUMN" ? parts.dropLast() : parts[...]
        let table = try canonicalTableName(Identifier(unquoted(tableParts.last!), quoted: true))
        guard try tableExists(Identifier(table, quoted: true)) else { throw CatalogError.noSuchTable(table) }
        var column: String?
        if domain == "COLUMN" {
            let wanted = unquoted(parts.last!)
            column = try columnTypes(of: Identifier(table, quoted: true)).first { $0.name.caseInsensitiveCompare(wanted) == .orderedSame }?.name
            guard column != nil else { throw CatalogError.noSuchColumn(table: table, column: wanted) }
        }
        return try tagValue(tag, table: table, column: column).map(SQLiteRenderer.quote) ?? "NULL"
    }

    private func tagExists(_ name: String) throws -> Bool {
        let statement = try connection.prepare("SELECT 1 FROM _wh_tags WHERE name = ?")
        try statement.bind([.text(name)])
        return try statement.step()
    }
}

/// Tag problems, naming the tag and the fix.
public enum TagError: WarehouseError, Equatable {
    case noSuchTag(String)
    case tagExists(String)
    case badDomain(String)

    public var message: String {
        switch self {
        case .noSuchTag(let name): return "Tag '\(name)' does not exist or not authorized."
        case .tagExists(let name): return "Object '\(name)' already exists."
        case .badDomain(let domain): return "Invalid value ['\(domain)'] for parameter 'domain' of SYSTEM$GET_TAG"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchTag: return "create it with CREATE TAG name; SHOW TAGS lists them"
        case .tagExists: return "use CREATE OR REPLACE TAG or CREATE TAG IF NOT EXISTS"
        case .badDomain: return "wh tags tables and columns: SYSTEM$GET_TAG('tag', 'table', 'TABLE') or ('tag', 'table.column', 'COLUMN')"
        }
    }
}
