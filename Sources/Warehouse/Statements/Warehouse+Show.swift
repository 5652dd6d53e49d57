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
            // Snowflake's SHOW TABLES reports row counts.
            result.columns.append(ResultColumn(name: "rows"))
            for i in result.rows.indices {
                let name = Identifier(result.rows[i][1].textValue ?? "", quoted: true)
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
}
