import Foundation
import SQLite

/// DROP TABLE keeps the table, renamed to a hidden `_wh_dropped_<n>` with its catalog rows (columns,
/// comment, tags, COPY load history and rejects), for the retention period (Snowflake's default
/// DATA_RETENTION_TIME_IN_DAYS, one day); UNDROP TABLE renames it back. Tables past their
/// retention are purged when a table is dropped or undropped.
extension Warehouse {
    static let retentionSeconds: TimeInterval = 24 * 60 * 60

    /// The catalog tables whose rows follow a table by its name (load history only for COPY's rows:
    /// a pipe's history stays with the pipe).
    private static let tableKeyedCatalog = [
        ("_wh_columns", ""), ("_wh_tables", ""), ("_wh_tag_references", ""), ("_wh_load_history", " AND pipe_name IS NULL"),
        ("_wh_load_rejects", ""),
    ]

    func keepDroppedTable(target: String, name: Identifier) throws {
        let table = try canonicalTableName(name)
        if try !connection.prepare("SELECT 1 FROM _wh_kv_tables WHERE table_name = ?").bound([.text(table)]).all().isEmpty {
            // A key-value table's catalog is more than names: dropped for good, as before.
            return try dropTableAndCatalog(target: target, name: name)
        }
        let next = try connection.prepare("SELECT coalesce(max(rowid), 0) + 1 FROM _wh_dropped_tables").all().first?.first?.integerValue ?? 1
        let stored = "_wh_dropped_\(next)"
        // A stream's triggers go with the drop (its stream is stale); a view keeps naming the table.
        for trigger in try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").bound([.text(table)]).all() {
            if let trigger = trigger.first?.textValue { try connection.execute("DROP TRIGGER \(Identifier(trigger, quoted: true).sql)") }
        }
        try renameKeepingViews(from: target, to: stored)
        for (catalogTable, condition) in Self.tableKeyedCatalog {
            try catalog("UPDATE \(catalogTable) SET table_name = ? WHERE table_name = ?\(condition)", [.text(stored), .text(table)])
        }
        let now = environment.clock.now()
        try catalog("INSERT INTO _wh_dropped_tables(stored_name, table_name, dropped_at, retain_until) VALUES (?, ?, ?, ?)",
                    [.text(stored), .text(table), .text(CanonicalTimestamp.format(now)),
                     .text(CanonicalTimestamp.format(now.addingTimeInterval(Self.retentionSeconds)))])
        try purgeDroppedTables()
    }

    func undropTable(_ parts: [Identifier]) throws -> ResultSet {
        try purgeDroppedTables()
        let (_, name) = try sqliteName(parts)
        if try tableExists(name) { throw CatalogError.tableExists(name.name) }
        let latest = try connection.prepare("""
            SELECT stored_name, table_name FROM _wh_dropped_tables WHERE table_name = ?1 COLLATE NOCASE
            ORDER BY table_name = ?1 DESC, dropped_at DESC, rowid DESC LIMIT 1
            """).bound([.text(name.name)]).all().first
        guard let stored = latest?[0].textValue, let table = latest?[1].textValue else {
            throw CatalogError.nothingToUndrop(name.name)
        }
        try renameKeepingViews(from: Identifier(stored, quoted: true).sql, to: table)
        for (catalogTable, _) in Self.tableKeyedCatalog {
            try catalog("UPDATE \(catalogTable) SET table_name = ? WHERE table_name = ?", [.text(table), .text(stored)])
        }
        try catalog("DELETE FROM _wh_dropped_tables WHERE stored_name = ?", [.text(stored)])
        return Self.status("Table \(table) successfully restored.")
    }

    /// Drops for good the kept tables whose retention has ended.
    func purgeDroppedTables() throws {
        let now = CanonicalTimestamp.format(environment.clock.now())
        let expired = try connection.prepare("SELECT stored_name FROM _wh_dropped_tables WHERE retain_until <= ?").bound([.text(now)]).all()
        for row in expired {
            guard let stored = row.first?.textValue else { continue }
            try dropTableAndCatalog(target: Identifier(stored, quoted: true).sql, name: Identifier(stored, quoted: true))
            try catalog("DELETE FROM _wh_dropped_tables WHERE stored_name = ?", [.text(stored)])
        }
    }

    /// ALTER TABLE … RENAME without rewriting the views that name the table (SQLite's legacy
    /// rename): a view over a dropped table fails as in Snowflake, and works again after UNDROP.
    private func renameKeepingViews(from source: String, to newName: String) throws {
        try connection.execute("PRAGMA legacy_alter_table = ON")
        defer { try? connection.execute("PRAGMA legacy_alter_table = OFF") }
        try connection.execute("ALTER TABLE \(source) RENAME TO \(Identifier(newName, quoted: true).sql)")
    }
}
