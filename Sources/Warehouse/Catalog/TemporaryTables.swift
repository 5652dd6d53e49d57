import Foundation
import SQLite

/// TEMPORARY tables: a table of the warehouse under a hidden name (`_wh_temp_<pid>_<n>_<NAME>`,
/// hidden as every `_wh_` table is) that only this connection maps its name to. Closing the
/// connection drops them; a process that ended without closing leaves its tables to the next open,
/// which drops them.
extension Warehouse {
    static let temporaryPrefix = "_wh_temp_"

    /// The hidden name for a new TEMPORARY table called `name`.
    func newTemporaryName(_ name: String) throws -> String {
        let next = try connection.prepare("SELECT count(*) + 1 FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_wh\\_temp\\_%' ESCAPE '\\'").all().first?.first?.integerValue ?? 1
        var hidden = "\(Self.temporaryPrefix)\(environment.processID)_\(next)_\(name)"
        var k = next
        while try tableExists(Identifier(hidden, quoted: true)) {
            k += 1
            hidden = "\(Self.temporaryPrefix)\(environment.processID)_\(k)_\(name)"
        }
        return hidden
    }

    /// The name a hidden TEMPORARY table is known by, for messages and SHOW TABLES.
    func temporaryName(of hidden: String) -> String? { temporaryTables.first { $0.value == hidden }?.key }

    /// Drops this connection's TEMPORARY tables (closing it, or the process ending).
    func dropTemporaryTables() {
        for hidden in temporaryTables.values.sorted() {
            try? dropTableAndCatalog(target: Identifier(hidden, quoted: true).sql, name: Identifier(hidden, quoted: true))
        }
        temporaryTables.removeAll()
    }

    /// Drops TEMPORARY tables left by processes that are gone.
    func dropOrphanedTemporaryTables() throws {
        let tables = try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_wh\\_temp\\_%' ESCAPE '\\'").all()
        for row in tables {
            guard let hidden = row.first?.textValue else { continue }
            let fields = hidden.dropFirst(Self.temporaryPrefix.count).split(separator: "_", maxSplits: 1)
            guard let pid = fields.first.flatMap({ Int32($0) }), pid != environment.processID, !environment.processIsAlive(pid) else { continue }
            try dropTableAndCatalog(target: Identifier(hidden, quoted: true).sql, name: Identifier(hidden, quoted: true))
        }
    }

    /// CREATE TEMPORARY TABLE: the table under a hidden name only this connection maps its name to.
    func createTemporaryTable(_ statement: CreateTableStatement) throws -> ResultSet {
        guard let plain = statement.name.last?.name else { throw CatalogError.noName }
        if statement.hybrid { throw UnsupportedFeature(feature: "a TEMPORARY HYBRID table", hint: "create the hybrid table without TEMPORARY") }
        if let existing = temporaryTables[plain] {
            if statement.ifNotExists { return Self.status("\(plain) already exists, statement succeeded.") }
            guard statement.orReplace else { throw CatalogError.tableExists(plain) }
            try dropTableAndCatalog(target: Identifier(existing, quoted: true).sql, name: Identifier(existing, quoted: true))
            temporaryTables[plain] = nil
        }
        let hidden = try newTemporaryName(plain)
        var stored = statement
        stored.temporary = false
        stored.orReplace = false
        stored.ifNotExists = false
        stored.name = [Identifier(hidden, quoted: true)]
        _ = try createTable(stored)
        temporaryTables[plain] = hidden
        try catalog("UPDATE _wh_tables SET kind = 'TEMPORARY' WHERE table_name = ?", [.text(hidden)])
        return Self.status("Table \(plain) successfully created.")
    }
}
