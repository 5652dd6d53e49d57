import Foundation
import SQLite

extension Warehouse {
    /// The columns of a table in order, with their Snowflake types where wh created the table.
    func columnTypes(of name: Identifier) throws -> [(name: String, type: SnowflakeType?)] {
        let statement = try connection.prepare("""
            SELECT p.name, c.data_type FROM pragma_table_info(?1) p
            LEFT JOIN _wh_columns c ON c.table_name = ?1 AND c.column_name = p.name ORDER BY p.cid
            """)
        try statement.bind([.text(name.name)])
        return try statement.all().map { row in
            (row[0].textValue ?? "", row[1].textValue.flatMap(SnowflakeType.init(catalogText:)))
        }
    }

    /// Wraps a value bound for a column of `type` in wh's conversion, as Snowflake converts on write:
    /// 'true' into BOOLEAN, ISO text into TIMESTAMP_NTZ, 2.345 into NUMBER(10,2).
    static func converted(_ sql: String, to type: SnowflakeType?) -> String {
        guard let type else { return sql }
        switch type.kind {
        case .boolean: return "wh_to_boolean(\(sql), 0)"
        case .number where (type.precision ?? 38) < 38: return "wh_to_number(\(sql), 0, \(type.scale ?? 0), \(type.precision ?? 38))"
        case .number: return "wh_to_number(\(sql), 0, \(type.scale ?? 0))"
        case .float: return "wh_to_float(\(sql), 0)"
        case .timestampNTZ, .timestampLTZ, .timestampTZ: return "wh_to_timestamp(\(sql), 0)"
        case .date: return "wh_to_date(\(sql), 0)"
        case .text, .time, .variant, .object, .array, .binary: return sql
        }
    }

    func insert(_ statement: InsertStatement) throws -> ResultSet {
        let (target, name) = try sqliteName(statement.table)
        guard try tableExists(name) else { throw CatalogError.noSuchTable(name.name) }
        let all = try columnTypes(of: name)
        var targets: [(name: String, type: SnowflakeType?)] = []
        if statement.columns.isEmpty {
            targets = all
        } else {
            targets = try statement.columns.map { try Self.column($0, of: all, table: name.name) }
        }
        let columnList = "(" + targets.map { Identifier($0.name, quoted: true).sql }.joined(separator: ", ") + ")"
        let render = renderer
        let source: String
        switch statement.source {
        case .values(let rows):
            source = try "VALUES " + rows.map { row in
                guard row.count == targets.count else {
                    throw CatalogError.valueCount(expected: targets.count, got: row.count)
                }
                return "(" + (try zip(row, targets).map { Self.converted(try render.render($0), to: $1.type) }.joined(separator: ", ")) + ")"
            }.joined(separator: ", ")
        case .query(let query):
            let sql = try render.render(query)
            let probe: Statement
            do { probe = try connection.prepare(sql) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
            guard probe.columnCount == targets.count else { throw CatalogError.valueCount(expected: targets.count, got: probe.columnCount) }
            // The query's columns are renamed by position: its own names may be anything, even TRUE,
            // which SQLite cannot reference through a subquery.
            let positional = (1...max(1, probe.columnCount)).map { "\"__wh_\($0)\"" }
            // A column read straight from a column of the same type needs no conversion (its values
            // are already in the form the type stores): converting 23 columns of 10,000 rows through
            // Swift functions took most of an SCD2 merge's time.
            let items = zip(positional, targets).enumerated().map { index, pair in
                let source = probe.columnDeclaredType(index).flatMap(SnowflakeType.init(catalogText:))
                let same = source != nil && source?.kind == pair.1.type?.kind && source?.scale == pair.1.type?.scale
                    && (source?.precision ?? 38) <= (pair.1.type?.precision ?? 38)
                return same ? pair.0 : Self.converted(pair.0, to: pair.1.type)
            }
            source = "WITH q(\(positional.joined(separator: ", "))) AS (\(sql)) SELECT \(items.joined(separator: ", ")) FROM q"
        }
        if statement.overwrite { try connection.execute("DELETE FROM \(target)") }
        // Every value written is converted to its column's type above (or read from a column of the
        // same type): see `withoutRedundantChecks` (the CHECKs took a tenth of an SCD2 merge).
        try withoutRedundantChecks(table: name, setting: Set(targets.map(\.name))) {
            try runTranslated("INSERT INTO \(target) \(columnList) \(source)")
        }
        return ResultSet(columns: [ResultColumn(name: "number of rows inserted")], rows: [[.integer(Int64(connection.changes))]], isQuery: true)
    }

    /// Runs `body`, a write whose values for the columns `setting` are all converted to their
    /// columns' types by wh, without SQLite evaluating the typed columns' CHECKs when they can only
    /// pass: every typed column is set, or left to a DEFAULT that is NULL or a number. (The CHECKs
    /// are the net for writes that bypass wh; a COPY's per-row CHECKs cost a sixth of its insert loop.)
    func withoutRedundantChecks<T>(table: Identifier, setting columns: Set<String>, _ body: () throws -> T) throws -> T {
        let info = try connection.prepare("SELECT name, dflt_value FROM pragma_table_info(?1)")
        try info.bind([.text(table.name)])
        let defaults = Dictionary(try info.all().map { ($0[0].textValue ?? "", $0[1].textValue) }, uniquingKeysWith: { a, _ in a })
        let checked = try columnTypes(of: table).filter { [.number, .float, .boolean].contains($0.type?.kind) }.map(\.name)
        let safeDefault = { (name: String) -> Bool in
            guard let text = defaults[name] ?? nil else { return true }
            let bare = text.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            return bare.uppercased() == "NULL" || Double(bare) != nil
        }
        let skip = !checked.isEmpty && checked.allSatisfy { columns.contains($0) || safeDefault($0) }
        guard skip else { return try body() }
        try connection.execute("PRAGMA ignore_check_constraints = ON")
        defer { try? connection.execute("PRAGMA ignore_check_constraints = OFF") }
        return try body()
    }
}
