import SQLite

/// A stream as the catalog holds it.
struct TableStream {
    var name: String
    var table: String
    var offset: Int64
    var appendOnly: Bool
    var initialRows: Bool
    var comment: String?
    var createdAt: String
}

extension Warehouse {
    func stream(named name: String) throws -> TableStream? {
        let statement = try connection.prepare("""
            SELECT name, table_name, offset_seq, append_only, initial_rows, comment, created_at FROM _wh_streams WHERE name = ?
            """)
        try statement.bind([.text(name)])
        guard let r = try statement.all().first else { return nil }
        try Self.refuse(name, storedAs: r[0].textValue)
        return TableStream(name: r[0].textValue ?? "", table: r[1].textValue ?? "", offset: r[2].integerValue ?? 0,
                           appendOnly: r[3] == .integer(1), initialRows: r[4] == .integer(1), comment: r[5].textValue,
                           createdAt: r[6].textValue ?? "")
    }

    func createStream(_ statement: CreateStreamStatement) throws -> ResultSet {
        if try stream(named: statement.name.name) != nil {
            if statement.ifNotExists { return Self.status("\(statement.name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw CatalogError.tableExists(statement.name.name) }
            try catalog("DELETE FROM _wh_streams WHERE name = ?", [.text(statement.name.name)])
        }
        let (_, table) = try sqliteName(statement.table)
        guard try tableExists(table) else { throw CatalogError.noSuchTable(table.name) }
        let tableName = try canonicalTableName(table)
        try trackChanges(of: tableName)
        try catalog("""
            INSERT INTO _wh_streams(name, table_name, offset_seq, append_only, initial_rows, comment, created_at)
            VALUES (?, ?, (SELECT coalesce(max(seq), 0) FROM _wh_changes), ?, ?, ?, ?)
            """, [.text(statement.name.name), .text(tableName), .integer(statement.appendOnly ? 1 : 0),
                  .integer(statement.showInitialRows ? 1 : 0), statement.comment.map { .text($0) } ?? .null,
                  .text(CanonicalTimestamp.format(environment.clock.now()))])
        return Self.status("Stream \(statement.name.name) successfully created.")
    }

    func dropStream(_ name: Identifier, ifExists: Bool) throws -> ResultSet {
        guard let stream = try stream(named: name.name) else {
            if ifExists { return Self.status("Drop statement executed successfully (\(name.name) already dropped).") }
            throw StreamError.noSuchStream(name.name)
        }
        try catalog("DELETE FROM _wh_streams WHERE name = ?", [.text(stream.name)])
        try pruneChanges(of: stream.table)
        return Self.status("\(stream.name) successfully dropped.")
    }

    func showStreams(like: String?, only: Identifier? = nil) throws -> ResultSet {
        var condition = "1", bindings: [Value] = []
        if let like { condition = "upper(name) LIKE upper(?)"; bindings = [.text(like)] }
        if let only { condition = "name = ?"; bindings = [.text(only.name)] }
        let statement = try connection.prepare("""
            SELECT created_at, name, ?, 'PUBLIC', 'SYSADMIN', comment, table_name, 'Table', 'false',
                   CASE WHEN append_only = 1 THEN 'APPEND_ONLY' ELSE 'DEFAULT' END
            FROM _wh_streams WHERE \(condition) ORDER BY name
            """)
        try statement.bind([.text(databaseName)] + bindings)
        let rows = try statement.all()
        if let only, rows.isEmpty { throw StreamError.noSuchStream(only.name) }
        let names = ["created_on", "name", "database_name", "schema_name", "owner", "comment", "table_name", "source_type", "stale", "mode"]
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }

    /// The table's name as SQLite spells it (its case as created).
    func canonicalTableName(_ table: Identifier) throws -> String {
        try storedName(table.name, in: "sqlite_master", where: "type = 'table'") ?? table.name
    }

    /// Triggers that log every insert, update and delete of `table` into _wh_changes (with the old
    /// row for updates and deletes). Rebuilt when the table's columns change.
    func trackChanges(of table: String) throws {
        let columns = try columnTypes(of: Identifier(table, quoted: true)).map(\.name)
        let quoted = Identifier(table, quoted: true).sql
        let name = SQLiteRenderer.quote(table)
        let old = "json_object(" + columns.map { "\(SQLiteRenderer.quote($0)), OLD.\(Identifier($0, quoted: true).sql)" }.joined(separator: ", ") + ")"
        try dropChangeTriggers(of: table)
        try connection.execute(insertTriggerSQL(of: table))
        try connection.execute("""
            CREATE TRIGGER \(Identifier("_wh_stream_\(table)_upd", quoted: true).sql) AFTER UPDATE ON \(quoted) BEGIN
              INSERT INTO _wh_changes(table_name, action, row_id, old_row) VALUES (\(name), 'U', NEW.rowid, \(old));
            END
            """)
        try connection.execute("""
            CREATE TRIGGER \(Identifier("_wh_stream_\(table)_del", quoted: true).sql) AFTER DELETE ON \(quoted) BEGIN
              INSERT INTO _wh_changes(table_name, action, row_id, old_row) VALUES (\(name), 'D', OLD.rowid, \(old));
            END
            """)
    }

    private func insertTriggerSQL(of table: String) -> String {
        """
        CREATE TRIGGER IF NOT EXISTS \(Identifier("_wh_stream_\(table)_ins", quoted: true).sql) AFTER INSERT ON \(Identifier(table, quoted: true).sql) BEGIN
          INSERT INTO _wh_changes(table_name, action, row_id) VALUES (\(SQLiteRenderer.quote(table)), 'I', NEW.rowid);
        END
        """
    }

    /// Runs a bulk load into `table` with its insert trigger set aside, then records the rows the
    /// load inserted as one change, a range of rowids (new rows get consecutive rowids above the
    /// largest, and rows a SKIP_FILE took back are not in the table to be read). The trigger is
    /// back before the statement ends, in the same transaction, so no other connection ever sees
    /// the table without it. A table whose rowid is a column of its own keeps the trigger.
    func capturingInsertsAsOneChange<T>(into table: String, _ body: () throws -> T) throws -> T {
        let trigger = "_wh_stream_\(table)_ins"
        let exists = try connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?")
        try exists.bind([.text(trigger)])
        let quoted = Identifier(table, quoted: true).sql
        guard try !exists.all().isEmpty,
              try connection.prepare("SELECT 1 FROM pragma_table_info(\(SQLiteRenderer.quote(table))) WHERE pk > 0 AND upper(type) = 'INTEGER'").all().isEmpty
        else { return try body() }
        let largest = { try self.connection.prepare("SELECT coalesce(max(rowid), 0) FROM \(quoted)").all().first?.first?.integerValue ?? 0 }
        let before = try largest()
        try connection.execute("DROP TRIGGER \(Identifier(trigger, quoted: true).sql)")
        let result: T
        do {
            result = try body()
        } catch {
            try? connection.execute(insertTriggerSQL(of: table))
            throw error
        }
        let after = try largest()
        if after > before {
            try catalog("INSERT INTO _wh_changes(table_name, action, row_id, last_row_id) VALUES (?, 'I', ?, ?)",
                        [.text(table), .integer(before + 1), .integer(after)])
        }
        try connection.execute(insertTriggerSQL(of: table))
        return result
    }

    func dropChangeTriggers(of table: String) throws {
        for suffix in ["ins", "upd", "del"] {
            try connection.execute("DROP TRIGGER IF EXISTS \(Identifier("_wh_stream_\(table)_\(suffix)", quoted: true).sql)")
        }
    }

    /// After ALTER TABLE: streams follow a renamed table, and a tracked table's triggers name its
    /// columns (and its name) as they are now.
    func followRename(of old: String, _ statement: AlterTableStatement) throws {
        var name = old
        if case .rename(let to) = statement.action, let last = to.last {
            name = try canonicalTableName(last)
            try catalog("UPDATE _wh_streams SET table_name = ? WHERE table_name = ?", [.text(name), .text(old)])
            try catalog("UPDATE _wh_changes SET table_name = ? WHERE table_name = ?", [.text(name), .text(old)])
        }
        let statement = try connection.prepare("SELECT 1 FROM _wh_streams WHERE table_name = ? LIMIT 1")
        try statement.bind([.text(name)])
        if try statement.step() { try trackChanges(of: name) }
    }

    /// Forgets changes every stream on `table` has consumed; with no stream left, stops tracking.
    /// `backlog`: prune only when at least that many consumed changes wait (a consuming commit
    /// leaves small amounts to the daemon's housekeeping, so the DML itself stays fast).
    func pruneChanges(of table: String, backlog: Int64 = 0) throws {
        let left = try connection.prepare("SELECT min(offset_seq), count(*) FROM _wh_streams WHERE table_name = ?")
        try left.bind([.text(table)])
        let row = try left.all().first ?? [.null, .integer(0)]
        if backlog > 0, row[1] != .integer(0), let minimum = row[0].integerValue {
            let oldest = try connection.prepare("SELECT min(seq) FROM _wh_changes WHERE table_name = ?")
            try oldest.bind([.text(table)])
            guard let first = try oldest.all().first?.first?.integerValue, minimum - first >= backlog else { return }
        }
        if row[1] == .integer(0) {
            try catalog("DELETE FROM _wh_changes WHERE table_name = ?", [.text(table)])
            try dropChangeTriggers(of: table)
        } else if let minimum = row[0].integerValue {
            // Looked for first: the daemon prunes on every pass, and a DELETE of nothing still takes
            // the write lock and commits.
            let consumed = try connection.prepare("SELECT 1 FROM _wh_changes WHERE table_name = ? AND seq <= ? LIMIT 1")
            try consumed.bind([.text(table), .integer(minimum)])
            guard try consumed.step() else { return }
            try catalog("DELETE FROM _wh_changes WHERE table_name = ? AND seq <= ?", [.text(table), .integer(minimum)])
        }
    }

    /// The SELECT a stream stands for: the table's net changes since the stream's offset, with
    /// METADATA$ACTION, METADATA$ISUPDATE and METADATA$ROW_ID. An update is a DELETE of the old
    /// values and an INSERT of the new, both with METADATA$ISUPDATE = TRUE. Reading notes the
    /// stream, so a DML statement that reads it moves its offset when it commits.
    func streamQuery(_ stream: TableStream) throws -> String {
        // Within one transaction every read of a stream sees the same changes.
        let scope = scopes.innermost
        let upTo = try scope?.transaction.pinnedStreams[stream.name]
            ?? connection.prepare("SELECT coalesce(max(seq), 0) FROM _wh_changes").all().first?.first?.integerValue ?? 0
        scope?.transaction.pinnedStreams[stream.name] = upTo
        scope?.streamsRead[stream.name] = upTo
        let table = Identifier(stream.table, quoted: true)
        guard try tableExists(table) else { throw StreamError.staleStream(stream.name, stream.table) }
        let columns = try columnTypes(of: table).map(\.name)
        let current = columns.map { "t." + Identifier($0, quoted: true).sql }.joined(separator: ", ")
        let previous = columns.map { "json_extract(f.old_row, \(SQLiteRenderer.quote("$.\"" + $0 + "\""))) AS \(Identifier($0, quoted: true).sql)" }
            .joined(separator: ", ")
        let meta = { (action: String, update: String, id: String) in
            "'\(action)' AS \"METADATA$ACTION\", \(update) AS \"METADATA$ISUPDATE\", \(id) AS \"METADATA$ROW_ID\""
        }
        if stream.initialRows {
            return "(SELECT \(current), \(meta("INSERT", "0", "t.rowid")) FROM \(table.sql) t)"
        }
        // The stream's changes one row each: a bulk load's range of rowids stands for an insert of
        // each row of it still in the table, and of each row of it a later change names.
        let window = "c.table_name = \(SQLiteRenderer.quote(stream.table)) AND c.seq > \(stream.offset) AND c.seq <= \(upTo)"
        var changes = """
            SELECT c.seq, c.row_id, c.action, c.old_row FROM _wh_changes c WHERE \(window) AND c.last_row_id IS NULL
            UNION ALL
            SELECT c.seq, t.rowid, 'I', NULL FROM _wh_changes c JOIN \(table.sql) t ON t.rowid BETWEEN c.row_id AND c.last_row_id
            WHERE \(window) AND c.last_row_id IS NOT NULL
            """
        if stream.appendOnly {
            // Inserts only: the rows still there whose insert the stream has not given yet.
            return """
                (WITH changes AS (\(changes))
                 SELECT \(current), \(meta("INSERT", "0", "t.rowid")) FROM \(table.sql) t WHERE t.rowid IN
                 (SELECT row_id FROM changes WHERE action = 'I'))
                """
        }
        changes += """

            UNION ALL
            SELECT DISTINCT c.seq, s.row_id, 'I', NULL FROM _wh_changes c
            JOIN _wh_changes s ON s.table_name = c.table_name AND s.seq > c.seq AND s.seq <= \(upTo) AND s.last_row_id IS NULL
                               AND s.row_id BETWEEN c.row_id AND c.last_row_id
            WHERE \(window) AND c.last_row_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \(table.sql) t WHERE t.rowid = s.row_id)
            """
        let first = "(SELECT c.row_id, c.action, c.old_row FROM changes c JOIN (SELECT row_id, min(seq) AS first FROM changes GROUP BY row_id) g ON c.row_id = g.row_id AND c.seq = g.first)"
        var parts = ["SELECT \(current), \(meta("INSERT", "0", "t.rowid")) FROM \(table.sql) t JOIN \(first) f ON f.row_id = t.rowid WHERE f.action = 'I'"]
        parts.append("SELECT \(current), \(meta("INSERT", "1", "t.rowid")) FROM \(table.sql) t JOIN \(first) f ON f.row_id = t.rowid WHERE f.action <> 'I'")
        parts.append("SELECT \(previous), \(meta("DELETE", "1", "f.row_id")) FROM \(first) f JOIN \(table.sql) t ON t.rowid = f.row_id WHERE f.action <> 'I'")
        parts.append("""
            SELECT \(previous), \(meta("DELETE", "0", "f.row_id")) FROM \(first) f
            WHERE f.action <> 'I' AND NOT EXISTS (SELECT 1 FROM \(table.sql) t WHERE t.rowid = f.row_id)
            """)
        return "(WITH changes AS (\(changes)) " + parts.joined(separator: " UNION ALL ") + ")"
    }

    /// Moves the offsets of the streams `transaction` consumed, in the transaction about to commit.
    func moveStreamOffsets(consumedBy transaction: TransactionScope) throws {
        for (name, upTo) in transaction.consumedStreams.sorted(by: { $0.key < $1.key }) {
            try catalog("UPDATE _wh_streams SET offset_seq = max(offset_seq, ?), initial_rows = 0 WHERE name = ?", [.integer(upTo), .text(name)])
            if let stream = try stream(named: name) { try pruneChanges(of: stream.table, backlog: 50_000) }
        }
        transaction.consumedStreams.removeAll()
    }

    /// Copies what the write-ahead log holds into the database file, as far as readers allow (the
    /// daemon's housekeeping: commits then seldom reach SQLite's automatic checkpoint, which made a
    /// 10,000-reading SCD2 merge's commit take 18 ms instead of 6).
    public func checkpoint() throws {
        _ = try connection.prepare("PRAGMA wal_checkpoint(PASSIVE)").all()
    }

    /// Deletes the changes every stream of their table has consumed (the daemon's housekeeping).
    public func pruneConsumedChanges() throws {
        let tables = try connection.prepare("SELECT DISTINCT table_name FROM _wh_streams").all().compactMap { $0.first?.textValue }
        for table in tables { try pruneChanges(of: table) }
    }

    /// SYSTEM$STREAM_HAS_DATA: whether the stream has changes to give.
    func streamHasData(_ name: String) throws -> Bool {
        guard let stream = try stream(named: Identifier(name).name) else { throw StreamError.noSuchStream(Identifier(name).name) }
        if stream.initialRows { return true }
        let statement = try connection.prepare("SELECT 1 FROM _wh_changes WHERE table_name = ? AND seq > ? \(stream.appendOnly ? "AND action = 'I'" : "") LIMIT 1")
        try statement.bind([.text(stream.table), .integer(stream.offset)])
        return try statement.step()
    }
}

/// Stream problems, naming the stream and the fix.
public enum StreamError: WarehouseError, Equatable {
    case noSuchStream(String)
    case staleStream(String, String)

    public var message: String {
        switch self {
        case .noSuchStream(let name): return "Stream '\(name)' does not exist or not authorized."
        case .staleStream(let name, let table): return "stream \(name) cannot be read: its table \(table) does not exist"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchStream: return "list streams with SHOW STREAMS; unquoted names are upper-cased"
        case .staleStream: return "create the table again and CREATE OR REPLACE STREAM on it"
        }
    }
}
