import SQLite

extension Warehouse {
    func show(_ statement: ShowStatement) throws -> ResultSet {
        let database = SQLiteRenderer.quote(databaseName)
        let q = statement.kind == .columns ? "i." : ""
        var conditions: [String] = []
        var bindings: [Value] = []
        if let like = statement.like {
            conditions.append(statement.kind == .columns ? "upper(i.COLUMN_NAME) LIKE upper(?)" : "upper(TABLE_NAME) LIKE upper(?)")
            bindings.append(.text(like))
        }
        if let table = statement.table {
            let (_, name) = try sqliteName(table)
            guard try tableExists(name) || viewExists(name) else { throw CatalogError.noSuchTable(name.name) }
            conditions.append("upper(\(q)TABLE_NAME) = upper(?)")
            bindings.append(.text(name.name))
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql: String
        switch statement.kind {
        case .tables:
            sql = """
                SELECT CREATED AS created_on, TABLE_NAME AS name, \(database) AS database_name, 'PUBLIC' AS schema_name,
                       CASE IS_TRANSIENT WHEN 'YES' THEN 'TRANSIENT' ELSE 'TABLE' END AS kind, COMMENT AS comment
                FROM \(InformationSchema.subquery("TABLES", database: databaseName)!)\(filter.isEmpty ? " WHERE" : filter + " AND") TABLE_TYPE = 'BASE TABLE'
                ORDER BY TABLE_NAME
                """
        case .views:
            sql = """
                SELECT NULL AS created_on, TABLE_NAME AS name, \(database) AS database_name, 'PUBLIC' AS schema_name,
                       NULL AS comment, VIEW_DEFINITION AS text
                FROM \(InformationSchema.subquery("VIEWS", database: databaseName)!)\(filter) ORDER BY TABLE_NAME
                """
        case .columns:
            sql = """
                SELECT i.TABLE_NAME AS table_name, 'PUBLIC' AS schema_name, i.COLUMN_NAME AS column_name,
                       coalesce(c.data_type, i.DATA_TYPE) AS data_type, CASE i.IS_NULLABLE WHEN 'YES' THEN 'true' ELSE 'false' END AS "null?",
                       coalesce(i.COLUMN_DEFAULT, '') AS "default", 'COLUMN' AS kind, '' AS expression, coalesce(i.COMMENT, '') AS comment,
                       \(database) AS database_name
                FROM \(InformationSchema.subquery("COLUMNS", database: databaseName)!) AS i
                LEFT JOIN _wh_columns c ON c.table_name = i.TABLE_NAME AND c.column_name = i.COLUMN_NAME\(filter)
                ORDER BY i.TABLE_NAME, i.ORDINAL_POSITION
                """
        }
        let prepared = try connection.prepare(sql)
        try prepared.bind(bindings)
        var result = ResultSet(columns: (0..<prepared.columnCount).map { ResultColumn(name: prepared.columnName($0)) }, isQuery: true)
        result.rows = try prepared.all().map { $0.map(SQLValue.init) }
        if statement.kind == .tables {
            // This connection's TEMPORARY tables, under the names it knows them by.
            for (plain, hidden) in temporaryTables.sorted(by: { $0.key < $1.key }) {
                if let like = statement.like, !Self.likeMatches(plain, like) { continue }
                if let table = statement.table, (try? sqliteName(table).name.name) != hidden { continue }
                let info = try connection.prepare("SELECT created_at, comment FROM _wh_tables WHERE table_name = ?").bound([.text(hidden)]).all().first
                result.rows.append([SQLValue(info?[0] ?? .null), .text(plain), .text(databaseName), .text("PUBLIC"), .text("TEMPORARY"),
                                    SQLValue(info?[1] ?? .null)])
            }
            result.rows.sort { ($0[1].textValue ?? "") < ($1[1].textValue ?? "") }
            // Snowflake's SHOW TABLES reports row counts.
            result.columns.append(ResultColumn(name: "rows"))
            for i in result.rows.indices {
                let shown = result.rows[i][1].textValue ?? ""
                let isTemporary = result.rows[i][4].textValue == "TEMPORARY"
                let name = Identifier(isTemporary ? temporaryTables[shown] ?? shown : shown, quoted: true)
                result.rows[i].append(SQLValue(try connection.prepare("SELECT count(*) FROM \(name.sql)").all().first?.first ?? .null))
            }
        }
        return result
    }

    func viewExists(_ name: Identifier) throws -> Bool {
        let statement = try connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ? COLLATE NOCASE")
        try statement.bind([.text(name.name)])
        return try !statement.all().isEmpty
    }

    /// SQL LIKE (case-insensitive, % and _), as SHOW … LIKE matches names.
    static func likeMatches(_ name: String, _ pattern: String) -> Bool {
        let name = Array(name.uppercased()), pattern = Array(pattern.uppercased())
        func match(_ i: Int, _ j: Int) -> Bool {
            if j == pattern.count { return i == name.count }
            if pattern[j] == "%" { return (i...name.count).contains { match($0, j + 1) } }
            guard i < name.count, pattern[j] == "_" || pattern[j] == name[i] else { return false }
            return match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
