import SQLite

extension Warehouse {
    /// CREATE HYBRID TABLE: a PRIMARY KEY of one or two columns (partition key, then sort key).
    func checkHybridKeys(_ statement: CreateTableStatement, name: Identifier) throws {
        let keys = hybridKeys(statement)
        guard (1...2).contains(keys.count) else { throw KeyValueError.hybridNeedsKey(name.name) }
    }

    private func hybridKeys(_ statement: CreateTableStatement) -> [Identifier] {
        statement.primaryKey.isEmpty ? statement.columns.filter(\.primaryKey).map(\.name) : statement.primaryKey
    }

    /// Records a hybrid table's keys, as the columns were created (an unquoted key names its column
    /// whatever the case written).
    func recordKeyValueTable(_ statement: CreateTableStatement, name: Identifier) throws {
        let columns = try columnTypes(of: name).map(\.name)
        let keys = hybridKeys(statement).map { key in columns.first { $0.caseInsensitiveCompare(key.name) == .orderedSame } ?? key.name }
        try catalog("INSERT OR REPLACE INTO _wh_kv_tables(table_name, partition_key, sort_key) VALUES (?, ?, ?)",
                    [.text(name.name), .text(keys[0]), keys.count > 1 ? .text(keys[1]) : .null])
    }

    /// ALTER TABLE t SET TTL_COLUMN = c | UNSET TTL_COLUMN.
    func setTimeToLive(table name: Identifier, column: Identifier?) throws {
        let table = try keyValueTable(named: name)
        var stored: Value = .null
        if let column {
            guard let match = table.column(forAttribute: column.name) else {
                throw CatalogError.noSuchColumn(table: table.name, column: column.name)
            }
            stored = .text(match.name)
        }
        try catalog("UPDATE _wh_kv_tables SET ttl_column = ? WHERE table_name = ?", [stored, .text(table.name)])
        keyValueTables.removeAll()
    }

    /// Keeps the key-value catalog in step with RENAME COLUMN and DROP COLUMN.
    func followKeyValueColumn(table: String, old: String, new: String?) throws {
        let value: Value = new.map { .text($0) } ?? .null
        try catalog("UPDATE _wh_kv_tables SET ttl_column = ?3 WHERE table_name = ?1 AND ttl_column = ?2",
                    [.text(table), .text(old), value])
        if let new {
            try catalog("UPDATE _wh_kv_tables SET partition_key = ?3 WHERE table_name = ?1 AND partition_key = ?2", [.text(table), .text(old), .text(new)])
            try catalog("UPDATE _wh_kv_tables SET sort_key = ?3 WHERE table_name = ?1 AND sort_key = ?2", [.text(table), .text(old), .text(new)])
        }
        keyValueTables.removeAll()
    }

    /// The key-value table a user names (`clicks`, `"Mixed"`, `db.public.clicks`).
    func keyValueTable(named text: String) throws -> KeyValueTable {
        if let cached = keyValueTables["\u{0}" + text] { return cached }   // as written, before parsing
        var parser = try Parser(text)
        var parts = [try parser.identifier()]
        while parser.acceptSymbol(".") { parts.append(try parser.identifier()) }
        let table = try keyValueTable(named: parts.last!)
        keyValueTables["\u{0}" + text] = table
        return table
    }

    /// Described once and kept: DDL on this connection forgets the descriptions
    /// (`forgetKeyValueTables`), and a statement failing because another connection changed the
    /// table is retried once with a fresh description (`retryingStale`).
    func keyValueTable(named name: Identifier) throws -> KeyValueTable {
        if let cached = keyValueTables[name.name] { return cached }
        let lookup = try connection.prepare("SELECT table_name, partition_key, sort_key, ttl_column FROM _wh_kv_tables WHERE table_name = ? COLLATE NOCASE ORDER BY table_name = ?1 DESC")
        try lookup.bind([.text(name.name)])
        guard let row = try lookup.all().first, let tableName = row[0].textValue, let partition = row[1].textValue else {
            if try tableExists(name) { throw KeyValueError.notKeyValueTable(name.name) }
            throw CatalogError.noSuchTable(name.name)
        }
        let columns = try columnTypes(of: Identifier(tableName, quoted: true)).map { KeyValueTable.Column(name: $0.name, type: $0.type) }
        func column(_ name: String?) -> KeyValueTable.Column? { name.flatMap { n in columns.first { $0.name == n } } }
        guard let partitionKey = column(partition) else { throw KeyValueError.notKeyValueTable(tableName) }
        let keyNames = [partition, row[2].textValue]
        let document = columns.first { column in
            [.variant, .object].contains(column.type?.kind) && !keyNames.contains(column.name)
        }
        let table = KeyValueTable(name: tableName, columns: columns, partitionKey: partitionKey, sortKey: column(row[2].textValue),
                                  ttl: column(row[3].textValue), document: document)
        keyValueTables[name.name] = table
        return table
    }

    func forgetKeyValueTables() { if !keyValueTables.isEmpty { keyValueTables.removeAll() } }

    /// Runs `body`; when it fails because the table changed under a kept description (another
    /// connection's ALTER or DROP), forgets the descriptions and runs it once more.
    func retryingStale<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch KeyValueError.refused(_, let reason)
            where reason.hasPrefix("no such column") || reason.hasPrefix("no such table") || reason.contains("has no column named") {
            forgetKeyValueTables()
            return try body()
        }
    }

    /// A prepared statement kept for the connection's life (reset after each use by the caller).
    func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = keyValueStatements[sql] { return statement }
        let statement = try connection.prepare(sql)
        keyValueStatements[sql] = statement
        return statement
    }
}
