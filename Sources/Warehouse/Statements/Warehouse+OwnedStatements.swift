import Foundation
import SQLite

extension Warehouse {
    /// Runs a statement wh owns, all or nothing (a savepoint, so it also works inside BEGIN … COMMIT).
    /// A statement outside any transaction is one of its own: the streams it consumed move when it
    /// ends. Inside BEGIN … COMMIT (or a CALL) they move at the commit, and until then every
    /// statement reads the same changes, as in Snowflake.
    func run(_ statement: any OwnedStatement, in scope: StatementScope) throws -> ResultSet {
        let traits = statement.traits
        if traits.contains(.noSavepoint) { return try statement.run(on: self, in: scope) }
        if !traits.contains(.keepsKeyValueTables) { forgetKeyValueTables() }   // DDL may change what a key-value table is
        let result = try writingTransaction {
            try connection.execute("SAVEPOINT wh_statement")
            do {
                let result = try statement.run(on: self, in: scope)
                if traits.contains(.consumesStreams) { scope.consumeStreamsRead() }
                if scope.ownsTransaction { try moveStreamOffsets(consumedBy: scope.transaction) }
                try connection.execute("RELEASE wh_statement")
                return result
            } catch {
                try? connection.execute("ROLLBACK TO wh_statement")
                try? connection.execute("RELEASE wh_statement")
                throw error
            }
        }
        purgeLoadedFiles(of: scope)
        return result
    }

    /// A one-column `status` result, as Snowflake answers DDL.
    static func status(_ text: String) -> ResultSet {
        ResultSet(columns: [ResultColumn(name: "status")], rows: [[.text(text)]], isQuery: true)
    }

    /// `db.schema.table` → the SQLite name: a qualifier that names an attached database is kept;
    /// Snowflake's database and schema qualifiers are dropped (a warehouse is one database).
    func sqliteName(_ parts: [Identifier]) throws -> (sql: String, name: Identifier) {
        guard let name = parts.last else { throw CatalogError.noName }
        if let hidden = temporaryTables[name.name], parts.count == 1 || parts[parts.count - 2].name == "PUBLIC" {
            // A TEMPORARY table hides a permanent one of its name, as in Snowflake.
            let identifier = Identifier(hidden, quoted: true)
            return (identifier.sql, identifier)
        }
        if parts.count >= 2 {
            let schema = parts[parts.count - 2]
            let attached = try connection.prepare("SELECT name FROM pragma_database_list").all().compactMap { $0.first?.textValue }
            if let match = attached.first(where: { $0.caseInsensitiveCompare(schema.name) == .orderedSame }), match != "main" {
                return (Identifier(match, quoted: true).sql + "." + name.sql, name)
            }
        }
        try refuseNameDifferingOnlyInCase(name)
        return (name.sql, name)
    }

    /// Snowflake's quoted names are case-sensitive ("t" and T are two tables); SQLite's names ignore
    /// case, so it would take "t" for T — read it, replace it, drop it. A name that matches a table or
    /// view of the warehouse only when case is ignored is refused instead. wh's own `_wh_` tables
    /// keep their lower-case names and are exempt.
    func refuseNameDifferingOnlyInCase(_ name: Identifier) throws {
        guard !name.name.lowercased().hasPrefix("_wh_") else { return }
        try Self.refuse(name.name, storedAs: storedName(name.name, in: "sqlite_master", where: "type IN ('table', 'view')"))
    }

    /// The same for the objects wh keeps in its catalog (stages, pipes, streams …), whose names it
    /// keeps ignoring case as SQLite keeps table names.
    func refuseNameDifferingOnlyInCase(_ name: String, of kind: CatalogObjectKind) throws {
        guard let table = kind.caseInsensitiveCatalogTable else { return }
        try Self.refuse(name, storedAs: storedName(name, in: table))
    }

    /// Refuses `written` when the object found for it is kept as `stored`, a name in another case.
    static func refuse(_ written: String, storedAs stored: String?) throws {
        if let stored, !stored.sameBytes(written) { throw CatalogError.differsOnlyInCase(written: written, stored: stored) }
    }

    /// The name `name` is kept under in `table` (among the rows `condition` selects), found as SQLite
    /// and wh's catalog find names: ignoring ASCII case.
    func storedName(_ name: String, in table: String, where condition: String = "1") throws -> String? {
        let statement = try connection.prepare("SELECT name FROM \(table) WHERE \(condition) AND name = ? COLLATE NOCASE")
        try statement.bind([.text(name)])
        return try statement.all().first?.first?.textValue
    }

    func tableExists(_ name: Identifier) throws -> Bool {
        try storedName(name.name, in: "sqlite_master", where: "type = 'table'") != nil
    }
}

/// Errors about catalog objects: the object named, and what to do.
public enum CatalogError: WarehouseError, Equatable {
    case noName
    case tableExists(String)
    case noSuchTable(String)
    case duplicateColumn(table: String, column: String)
    case noSuchColumn(table: String, column: String)
    case noSuchView(String)
    case valueCount(expected: Int, got: Int)
    case objectExists(kind: String, name: String)
    case noSuchObject(kind: String, name: String)
    case nothingToUndrop(String)
    case differsOnlyInCase(written: String, stored: String)
    case columnDiffersOnlyInCase(reference: String, written: String, declared: String)
    case cteDiffersOnlyInCase(written: String, defined: String)
    case columnsDifferingOnlyInCase(reference: String, written: String, other: String)

    public var message: String {
        switch self {
        case .noName: return "an object name is missing"
        case .tableExists(let name): return "Object '\(name)' already exists."
        case .noSuchTable(let name): return "Table '\(name)' does not exist or not authorized."
        case .duplicateColumn(let table, let column): return "duplicate column name '\(column)' in table '\(table)'"
        case .noSuchView(let name): return "View '\(name)' does not exist or not authorized."
        case .noSuchColumn(let table, let column): return "invalid identifier '\(column)': table \(table) has no such column"
        case .valueCount(let expected, let got): return "Insert value list does not match column list expecting \(expected) but got \(got)"
        case .objectExists(_, let name): return "Object '\(name)' already exists."
        case .noSuchObject(let kind, let name): return "\(kind) '\(name)' does not exist or not authorized."
        case .nothingToUndrop(let name): return "Table '\(name)' did not exist or was purged."
        case .differsOnlyInCase(let written, let stored):
            return "Object '\(Identifier.display(written))' does not exist or not authorized (\(Identifier.display(stored)) exists: Snowflake's quoted "
                + "names are case-sensitive, and wh's catalog, kept by SQLite, cannot hold two names that differ only in case)"
        case .cteDiffersOnlyInCase(let written, let defined):
            return "Object '\(Identifier.display(written))' does not exist or not authorized (the WITH clause defines \(Identifier.display(defined)): "
                + "Snowflake's quoted names are case-sensitive, and SQLite, which runs wh's queries, would take one for the other)"
        case .columnsDifferingOnlyInCase(let reference, let written, let other):
            return "'\(reference)' cannot be read as Snowflake reads it: the sources have both \(Identifier.display(written)) and "
                + "\(Identifier.display(other)), which differ only in case, and SQLite, which runs wh's queries, cannot tell them apart"
        case .columnDiffersOnlyInCase(let reference, let written, let declared):
            return "invalid identifier '\(reference)': \(Identifier.display(written)) is declared as \(Identifier.display(declared)), which "
                + "differs in case (Snowflake's quoted names are case-sensitive; SQLite, which runs wh's queries, would take one for the other)"
        }
    }

    /// The name as the statement wrote it, for the errors that point at it.
    var writtenName: String? {
        switch self {
        case .differsOnlyInCase(let written, _), .columnDiffersOnlyInCase(_, let written, _), .cteDiffersOnlyInCase(let written, _),
             .columnsDifferingOnlyInCase(_, let written, _):
            return written
        default:
            return nil
        }
    }

    public var hint: String? {
        switch self {
        case .noName: return nil
        case .tableExists: return "use CREATE OR REPLACE TABLE to replace it, or CREATE TABLE IF NOT EXISTS to keep it"
        case .noSuchTable: return "list tables with SHOW TABLES or .tables; unquoted names are upper-cased"
        case .duplicateColumn: return "give each column its own name"
        case .noSuchView: return "list views with SHOW VIEWS; unquoted names are upper-cased"
        case .noSuchColumn: return "DESC TABLE lists the columns; unquoted names are upper-cased"
        case .valueCount: return "give one value per column, or name the columns: INSERT INTO t (a, b) VALUES (…)"
        case .objectExists(let kind, _): return "use CREATE OR REPLACE \(kind.uppercased()) to replace it, or IF NOT EXISTS to keep it"
        case .noSuchObject(let kind, _): return "list them with SHOW \(kind.uppercased())S; unquoted names are upper-cased"
        case .nothingToUndrop: return "UNDROP brings back a table dropped within the last day (its retention period); unquoted names are upper-cased"
        case .cteDiffersOnlyInCase(_, let defined):
            return "name it as the WITH clause does, \(Identifier.display(defined)) (unquoted names are upper-cased)"
        case .columnsDifferingOnlyInCase(_, _, let other):
            return "give one of them another name with an alias (SELECT \(Identifier.display(other)) AS other_name …) or qualify it with its table"
        case .columnDiffersOnlyInCase(_, _, let declared):
            return "write \(Identifier.display(declared)) as it was declared (unquoted names are upper-cased)"
        case .differsOnlyInCase(_, let stored):
            return "name it as it was created, \(Identifier.display(stored)) (unquoted names are upper-cased), or choose a name that differs in more than case"
        }
    }
}
