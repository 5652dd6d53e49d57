import Foundation
import SQLite

extension Warehouse {
    /// Reads the files of `location` into a temporary table for one query: `$1` holds each record as
    /// VARIANT, with METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$FILE_LAST_MODIFIED and
    /// METADATA$START_SCAN_TIME. The records go through COPY's reader (streamed, gzip read
    /// transparently, the first bad record stops the query). The table is dropped when the
    /// statement (`scope`) ends.
    func stageQueryTable(_ location: StageLocation, formatName: String?, pattern: String?, in scope: StatementScope) throws -> String {
        let (stage, entries) = try stagedFiles(location, pattern: pattern)
        let options = try fileFormatOptions(catalogJSON: try formatName.map { try fileFormat(named: Identifier($0).name) } ?? stage.fileFormat)
        guard options.type == "JSON" || options.type == "CSV" else {
            throw UnsupportedFeature(feature: "querying staged \(options.type) files", hint: "use a JSON or CSV file format (FILE_FORMAT => 'name')")
        }
        let name = Identifier("__wh_stage_\(scope.stageQueryTables.count + 1)", quoted: true)
        try connection.execute("""
            CREATE TEMP TABLE \(name.sql) ("$1" VARIANT, "METADATA$FILENAME" VARCHAR(16777216), "METADATA$FILE_ROW_NUMBER" NUMBER(38,0),
                "METADATA$FILE_LAST_MODIFIED" TIMESTAMP_NTZ(9), "METADATA$START_SCAN_TIME" TIMESTAMP_NTZ(9))
            """)
        scope.stageQueryTables.append(name.sql)
        let files = entries.map { LoadFile(path: stage.directory + "/" + $0.relativePath, relativePath: $0.relativePath,
                                           displayName: $0.relativePath, size: $0.size, modified: $0.modified) }
        var run = CopyRun(options: CopyOptions(), plan: LoadPlan.stageRecords(tableSQL: "temp." + name.sql), files: files, copyID: 0,
                          stageLocation: "@" + stage.name, recordsHistory: false)
        let format = try LoadFormat(options)
        try load(&run, format: format)
        guard case .csv = format else { return "temp." + name.sql }
        // CSV: `$1` holds each record's fields as a JSON array; the query sees them as $1 … $n, n the
        // most fields a record has (a field beyond that is an unknown column, not a silent NULL).
        let width = try connection.prepare("SELECT coalesce(max(json_array_length(\"$1\")), 1) FROM temp.\(name.sql)").all().first?.first?.integerValue ?? 1
        let fields = (0..<Int(width)).map { "\"$1\" ->> \($0) AS \"$\($0 + 1)\"" }
        let metadata = ["METADATA$FILENAME", "METADATA$FILE_ROW_NUMBER", "METADATA$FILE_LAST_MODIFIED", "METADATA$START_SCAN_TIME"].map { "\"\($0)\"" }
        return "(SELECT \((fields + metadata).joined(separator: ", ")) FROM temp.\(name.sql))"

    }
}

extension LoadPlan {
    /// A stage's records as a query sees them: `$1` and the METADATA$ columns.
    static func stageRecords(tableSQL: String) -> LoadPlan {
        let variant = SnowflakeType(kind: .variant)
        var plan = LoadPlan(table: "@stage", tableSQL: tableSQL, columns: [
            TargetColumn(name: "$1", type: variant, notNull: false, ordinal: 1),
            TargetColumn(name: MetadataColumn.filename.rawValue, type: nil, notNull: false, ordinal: 2),
            TargetColumn(name: MetadataColumn.fileRowNumber.rawValue, type: nil, notNull: false, ordinal: 3),
            TargetColumn(name: MetadataColumn.fileLastModified.rawValue, type: nil, notNull: false, ordinal: 4),
            TargetColumn(name: MetadataColumn.startScanTime.rawValue, type: nil, notNull: false, ordinal: 5),
        ])
        let sources: [LoadParameter] = [.document, .metadata(.filename), .metadata(.fileRowNumber), .metadata(.fileLastModified),
                                        .metadata(.startScanTime)]
        for (column, source) in zip(plan.columns, sources) { plan.values.append(placeholder(plan.parameter(source), for: column)) }
        return plan
    }
}
