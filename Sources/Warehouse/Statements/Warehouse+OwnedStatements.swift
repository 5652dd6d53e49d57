import Foundation
import SQLite

extension Warehouse {
    /// Runs a statement wh owns, all or nothing (a savepoint, so it also works inside BEGIN … COMMIT).
    func run(_ owned: OwnedStatement) throws -> ResultSet {
        if case .query(let query) = owned { return try runQuery(query) }
        if case .explainQueryPlan(let query) = owned {
            do { return try runSQLite("EXPLAIN QUERY PLAN " + (try renderer.render(query))) } catch let error as SQLiteError {
                throw TranslatedSQLError(error: error)
            }
        }
        if case .session(let statement) = owned { return try runSession(statement) }
        if case .explainTranslate(let statement) = owned {
            return ResultSet(columns: [ResultColumn(name: "translation")], rows: [[.text(try translate(statement))]], isQuery: true)
        }
        // A statement run outside any transaction is a transaction of its own: streams it consumes
        // advance when it ends. Inside BEGIN … COMMIT (or a CALL) they advance at the commit, and
        // until then every statement reads the same changes, as in Snowflake.
        let wholeTransaction = connection.isAutocommit
        switch owned {
        case .insert, .update, .delete, .merge, .copy, .call, .show, .list, .put: break
        default: forgetKeyValueTables()   // DDL may change what a key-value table is
        }
        try connection.execute("SAVEPOINT wh_statement")
        streamsRead.removeAll()
        do {
            let result: ResultSet
            switch owned {
            case .createTable(let statement): result = try createTable(statement)
            case .dropTable(let statement): result = try dropTable(statement)
            case .describeTable(let statement): result = try describeTable(statement)
            case .query(let query): result = try runQuery(query)
            case .insert(let statement): result = try insert(statement)
            case .show(let statement): result = try show(statement)
            case .createView(let statement): result = try createView(statement)
            case .dropView(let statement): result = try dropView(statement)
            case .truncate(let statement): result = try truncate(statement)
            case .update(let statement): result = try update(statement)
            case .delete(let statement): result = try delete(statement)
            case .alterTable(let statement):
                let old = try canonicalTableName(try sqliteName(statement.name).name)
                try dropChangeTriggers(of: old)   // SQLite refuses to drop a column a trigger names
                result = try alterTable(statement)
                try followRename(of: old, statement)
            case .session(let statement): result = try runSession(statement)
            case .createStage(let statement): result = try createStage(statement)
            case .createFileFormat(let statement): result = try createFileFormat(statement)
            case .dropStage(let name, let ifExists): result = try dropStageOrFormat(name, ifExists: ifExists, isStage: true)
            case .dropFileFormat(let name, let ifExists): result = try dropStageOrFormat(name, ifExists: ifExists, isStage: false)
            case .showStages(let like): result = try showStages(like: like)
            case .showFileFormats(let like): result = try showFileFormats(like: like)
            case .describeStage(let name): result = try describeStage(name)
            case .list(let statement): result = try list(statement)
            case .remove(let statement): result = try remove(statement)
            case .put(let statement): result = try put(statement)
            case .copy(let statement): result = try copy(statement)
            case .merge(let statement): result = try merge(statement)
            case .createProcedure(let statement): result = try createProcedure(statement)
            case .dropProcedure(let name, let ifExists): result = try dropProcedure(name, ifExists: ifExists)
            case .showProcedures(let like): result = try showProcedures(like: like)
            case .call(let statement): result = try call(statement)
            case .createTask(let statement): result = try createTask(statement)
            case .alterTask(let statement): result = try alterTask(statement)
            case .dropTask(let name, let ifExists): result = try dropTask(name, ifExists: ifExists)
            case .showTasks(let like): result = try showTasks(like: like)
            case .describeTask(let name): result = try showTasks(like: nil, only: name)
            case .executeTask(let name): result = try executeTask(name)
            case .createStream(let statement): result = try createStream(statement)
            case .dropStream(let name, let ifExists): result = try dropStream(name, ifExists: ifExists)
            case .showStreams(let like): result = try showStreams(like: like)
            case .describeStream(let name): result = try showStreams(like: nil, only: name)
            case .createPipe(let statement): result = try createPipe(statement)
            case .alterPipe(let statement): result = try alterPipe(statement)
            case .dropPipe(let name, let ifExists):
                try dropPipe(name, ifExists: ifExists)
                result = Self.status("\(name.name) successfully dropped.")
            case .showPipes(let like): result = try showPipes(like: like)
            case .describePipe(let name): result = try showPipes(like: nil, only: name)
            case .explainTranslate, .explainQueryPlan: result = ResultSet()
            }
            // A DML statement that read streams consumed them.
            switch owned {
            case .insert, .merge, .update, .delete, .createTable, .copy: consumeStreamsRead()
            default: streamsRead.removeAll()
            }
            if wholeTransaction { try applyStreamAdvances() }
            try connection.execute("RELEASE wh_statement")
            if wholeTransaction { endStreamTransaction() }
            purgeLoadedFiles()
            return result
        } catch {
            try? connection.execute("ROLLBACK TO wh_statement")
            try? connection.execute("RELEASE wh_statement")
            pendingPurges.removeAll()
            streamsRead.removeAll()
            if wholeTransaction { endStreamTransaction() }
            throw error
        }
    }

    /// PURGE = TRUE: removes the loaded files once their rows are committed. Inside BEGIN … COMMIT
    /// the rows are not committed yet, so the files stay (the load history keeps them from loading
    /// twice). A file that cannot be removed stays, as in Snowflake.
    func purgeLoadedFiles() {
        guard !pendingPurges.isEmpty else { return }
        if connection.isAutocommit {
            for path in pendingPurges { try? environment.fileSystem.removeItem(at: path) }
        }
        pendingPurges.removeAll()
    }

    /// A one-column `status` result, as Snowflake answers DDL.
    static func status(_ text: String) -> ResultSet {
        ResultSet(columns: [ResultColumn(name: "status")], rows: [[.text(text)]], isQuery: true)
    }

    /// `db.schema.table` → the SQLite name: a qualifier that names an attached database is kept;
    /// Snowflake's database and schema qualifiers are dropped (a warehouse is one database).
    func sqliteName(_ parts: [Identifier]) throws -> (sql: String, name: Identifier) {
        guard let name = parts.last else { throw CatalogError.noName }
        if parts.count >= 2 {
            let schema = parts[parts.count - 2]
            let attached = try connection.prepare("SELECT name FROM pragma_database_list").all().compactMap { $0.first?.textValue }
            if let match = attached.first(where: { $0.caseInsensitiveCompare(schema.name) == .orderedSame }), match != "main" {
                return (Identifier(match, quoted: true).sql + "." + name.sql, name)
            }
        }
        return (name.sql, name)
    }

    func tableExists(_ name: Identifier) throws -> Bool {
        let statement = try connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")
        try statement.bind([.text(name.name)])
        return try !statement.all().isEmpty
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

    public var message: String {
        switch self {
        case .noName: return "an object name is missing"
        case .tableExists(let name): return "Object '\(name)' already exists."
        case .noSuchTable(let name): return "Table '\(name)' does not exist or not authorized."
        case .duplicateColumn(let table, let column): return "duplicate column name '\(column)' in table '\(table)'"
        case .noSuchView(let name): return "View '\(name)' does not exist or not authorized."
        case .noSuchColumn(let table, let column): return "invalid identifier '\(column)': table \(table) has no such column"
        case .valueCount(let expected, let got): return "Insert value list does not match column list expecting \(expected) but got \(got)"
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
        }
    }
}
