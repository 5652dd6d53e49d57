import SQLite

/// How the load history shows through Snowflake's interfaces: INFORMATION_SCHEMA.LOAD_HISTORY, the
/// COPY_HISTORY and VALIDATE table functions, and wh's INFORMATION_SCHEMA.LOAD_REJECTS.
enum LoadHistoryViews {
    /// LOAD_HISTORY: bulk COPY loads, statuses spelled `LOADED`, `LOAD FAILED`, `PARTIALLY LOADED`.
    static let loadHistory = """
        (SELECT 'PUBLIC' AS SCHEMA_NAME, file_name AS FILE_NAME, table_name AS TABLE_NAME, last_load_time AS LAST_LOAD_TIME,
         replace(status, '_', ' ') AS STATUS, row_count AS ROW_COUNT, row_parsed AS ROW_PARSED,
         first_error AS FIRST_ERROR_MESSAGE, first_error_line AS FIRST_ERROR_LINE_NUMBER,
         first_error_character AS FIRST_ERROR_CHARACTER_POSITION, first_error_column AS FIRST_ERROR_COL_NAME,
         error_count AS ERROR_COUNT, error_limit AS ERROR_LIMIT
         FROM _wh_load_history WHERE pipe_name IS NULL)
        """

    /// LOAD_REJECTS (wh): every record any load rejected, with the COPY (job) that rejected it.
    static let loadRejects = """
        (SELECT copy_id AS JOB_ID, table_name AS TABLE_NAME, \(rejectColumns) FROM _wh_load_rejects)
        """

    /// The columns VALIDATE and VALIDATION_MODE = RETURN_ERRORS return, in Snowflake's order.
    static let rejectColumns = """
        error AS ERROR, file_name AS FILE, line AS LINE, character AS CHARACTER, byte_offset AS BYTE_OFFSET,
        category AS CATEGORY, code AS CODE, sql_state AS SQL_STATE, column_name AS COLUMN_NAME, row_number AS ROW_NUMBER,
        row_start_line AS ROW_START_LINE, rejected_record AS REJECTED_RECORD
        """

    /// COPY_HISTORY's status spelling.
    static let copyHistoryStatus = """
        CASE status WHEN 'LOADED' THEN 'Loaded' WHEN 'PARTIALLY_LOADED' THEN 'Partially loaded' ELSE 'Load failed' END
        """
}

extension Warehouse {
    /// The SELECT behind `TABLE(name(…))`.
    func tableFunction(_ name: String, _ arguments: [NamedArgument]) throws -> String {
        switch name {
        case "VALIDATE": return try validateFunction(arguments)
        case "COPY_HISTORY": return try copyHistoryFunction(arguments)
        case "TASK_HISTORY": return try taskHistoryFunction(arguments)
        case "FLATTEN": throw UnsupportedFeature(feature: "TABLE(FLATTEN …) here", hint: "write LATERAL FLATTEN(INPUT => …)")
        default:
            throw UnsupportedFeature(feature: "table function \(name)", hint: "wh has VALIDATE, INFORMATION_SCHEMA.COPY_HISTORY and FLATTEN")
        }
    }

    /// VALIDATE(table, JOB_ID => '_last' | id): the records that COPY rejected. `_last` is the
    /// table's latest COPY in this warehouse (in Snowflake, the session's), so it works across
    /// `wh sql` runs.
    private func validateFunction(_ arguments: [NamedArgument]) throws -> String {
        guard let first = arguments.first(where: { $0.name == nil }), case .column(let parts) = first.value else {
            throw UnsupportedFeature(feature: "VALIDATE without a table", hint: "write TABLE(VALIDATE(my_table, JOB_ID => '_last'))")
        }
        let (_, table) = try sqliteName(parts)
        guard try tableExists(table) else { throw CatalogError.noSuchTable(table.name) }
        guard let job = arguments.first(where: { $0.name == "JOB_ID" }), case .string(let id) = job.value else {
            throw UnsupportedFeature(feature: "VALIDATE without JOB_ID", hint: "write JOB_ID => '_last' for the table's latest COPY")
        }
        let name = SQLiteRenderer.quote(table.name)
        let copy: String
        if id.lowercased() == "_last" {
            copy = """
                (SELECT max(copy_id) FROM (SELECT copy_id FROM _wh_load_history WHERE table_name = \(name) AND pipe_name IS NULL
                 UNION ALL SELECT copy_id FROM _wh_load_rejects WHERE table_name = \(name)))
                """
        } else {
            guard let number = Int64(id) else {
                throw UnsupportedFeature(feature: "JOB_ID '\(id)'", hint: "use '_last', or a JOB_ID from INFORMATION_SCHEMA.LOAD_REJECTS")
            }
            copy = String(number)
        }
        return "SELECT \(LoadHistoryViews.rejectColumns) FROM _wh_load_rejects WHERE table_name = \(name) AND copy_id = \(copy) ORDER BY id"
    }

    /// COPY_HISTORY(TABLE_NAME => 't', START_TIME => ts [, END_TIME => ts] [, PIPE_NAME => 'p']).
    private func copyHistoryFunction(_ arguments: [NamedArgument]) throws -> String {
        var named: [String: Expression] = [:]
        for argument in arguments {
            guard let name = argument.name else {
                throw UnsupportedFeature(feature: "COPY_HISTORY with unnamed arguments", hint: "write TABLE_NAME => 'T', START_TIME => …")
            }
            named[name] = argument.value
        }
        guard case .string(let tableName)? = named["TABLE_NAME"] else {
            throw UnsupportedFeature(feature: "COPY_HISTORY without TABLE_NAME", hint: "write TABLE_NAME => 'MY_TABLE'")
        }
        guard let start = named["START_TIME"] else {
            throw UnsupportedFeature(feature: "COPY_HISTORY without START_TIME", hint: "write START_TIME => DATEADD(hours, -1, CURRENT_TIMESTAMP())")
        }
        let render = renderer
        var conditions = ["h.table_name = \(SQLiteRenderer.quote(Identifier(tableName).name))",
                          "h.last_load_time >= wh_to_timestamp(\(try render.render(start)), 0)"]
        if let end = named["END_TIME"] { conditions.append("h.last_load_time < wh_to_timestamp(\(try render.render(end)), 0)") }
        if case .string(let pipe)? = named["PIPE_NAME"] { conditions.append("h.pipe_name = \(SQLiteRenderer.quote(Identifier(pipe).name))") }
        let database = SQLiteRenderer.quote(databaseName)
        return """
            SELECT h.file_name AS FILE_NAME, h.stage_location AS STAGE_LOCATION, h.last_load_time AS LAST_LOAD_TIME,
             h.row_count AS ROW_COUNT, h.row_parsed AS ROW_PARSED, h.file_size AS FILE_SIZE, h.first_error AS FIRST_ERROR_MESSAGE,
             h.first_error_line AS FIRST_ERROR_LINE_NUMBER, h.first_error_character AS FIRST_ERROR_CHARACTER_POS,
             h.first_error_column AS FIRST_ERROR_COLUMN_NAME, h.error_count AS ERROR_COUNT, h.error_limit AS ERROR_LIMIT,
             \(LoadHistoryViews.copyHistoryStatus) AS STATUS, \(database) AS TABLE_CATALOG_NAME, 'PUBLIC' AS TABLE_SCHEMA_NAME,
             h.table_name AS TABLE_NAME, CASE WHEN h.pipe_name IS NOT NULL THEN \(database) END AS PIPE_CATALOG_NAME,
             CASE WHEN h.pipe_name IS NOT NULL THEN 'PUBLIC' END AS PIPE_SCHEMA_NAME, h.pipe_name AS PIPE_NAME,
             NULL AS PIPE_RECEIVED_TIME, h.file_size AS BYTES_BILLED
            FROM _wh_load_history h WHERE \(conditions.joined(separator: " AND ")) ORDER BY h.id
            """
    }
}
