import Foundation
import SQLite

extension Warehouse {
    /// Reads the files of `location` into a temporary table for one query: `$1` holds each record as
    /// VARIANT, with METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$FILE_LAST_MODIFIED and
    /// METADATA$START_SCAN_TIME. The table is dropped when the statement ends.
    func stageQueryTable(_ location: StageLocation, formatName: String?, pattern: String?) throws -> String {
        let (stage, files) = try stagedFiles(location, pattern: pattern)
        let format = try formatName.map { try fileFormat(named: Identifier($0).name) } ?? stage.fileFormat
        let options = try connection.prepare("SELECT key, value FROM json_each(?)")
        try options.bind([.text(format)])
        var settings: [String: String] = [:]
        for row in try options.all() { if let key = row[0].textValue { settings[key] = row[1].textValue ?? "" } }
        let type = settings["TYPE"] ?? "JSON"
        guard type == "JSON" else {
            throw UnsupportedFeature(feature: "querying staged \(type) files", hint: "use a JSON file format (FILE_FORMAT => 'name')")
        }
        let name = Identifier("__wh_stage_\(stageQueryTables.count + 1)", quoted: true)
        try connection.execute("""
            CREATE TEMP TABLE \(name.sql) ("$1" VARIANT, "METADATA$FILENAME" VARCHAR(16777216), "METADATA$FILE_ROW_NUMBER" NUMBER(38,0),
                "METADATA$FILE_LAST_MODIFIED" TIMESTAMP_NTZ(9), "METADATA$START_SCAN_TIME" TIMESTAMP_NTZ(9))
            """)
        stageQueryTables.append(name.sql)
        let insert = try connection.prepare("INSERT INTO temp.\(name.sql) VALUES (json(?), ?, ?, ?, ?)")
        let scanTime = Value.text(CanonicalTimestamp.format(environment.clock.now()))
        let scanner = JSONScanner(paths: JSONPathSet([]), options: JSONScanOptions(allowDuplicateKeys: settings["ALLOW_DUPLICATE"] == "TRUE"))
        for file in files {
            var data = try environment.fileSystem.contents(of: stage.directory + "/" + file.relativePath)
            let compression = settings["COMPRESSION"] ?? "AUTO"
            if compression == "GZIP" || (compression == "AUTO" && Gzip.isGzip(data)) {
                do { data = try Gzip.decompress(data) } catch let error as GzipError {
                    throw StageQueryError(file: file.relativePath, line: 0, character: 0, reason: error.message)
                }
            }
            let bytes = [UInt8](data)
            try bytes.withUnsafeBufferPointer { buffer in
                var documents = JSONDocuments(buffer, scanner: scanner, stripOuterArray: settings["STRIP_OUTER_ARRAY"] == "TRUE")
                var slots: [JSONSlice?] = []
                while true {
                    let record: JSONRecord
                    do {
                        guard let next = try documents.next(into: &slots) else { break }
                        record = next
                    } catch let error as JSONRecordError {
                        throw StageQueryError(file: file.relativePath, line: error.line, character: error.character, reason: error.reason)
                    }
                    let text = scanner.lastDocumentHadDuplicateKeys
                        ? JSONDeduplicate.rewrite(buffer, from: record.start, to: record.end)   // the last value of a repeated key wins
                        : String(decoding: UnsafeBufferPointer(rebasing: buffer[record.start..<record.end]), as: UTF8.self)
                    try insert.bind([.text(text), .text(file.relativePath), .integer(Int64(record.rowNumber)),
                                     .text(CanonicalTimestamp.format(file.modified)), scanTime])
                    try insert.step()
                    insert.reset()
                }
            }
        }
        return "temp." + name.sql
    }

    /// Drops the tables stage queries made for the statement that just ran.
    func dropStageQueryTables() {
        for table in stageQueryTables { try? connection.execute("DROP TABLE IF EXISTS temp.\(table)") }
        stageQueryTables.removeAll()
    }
}

/// A staged file a query could not read: the file, the place and the reason.
public struct StageQueryError: WarehouseError, Equatable {
    public var file: String
    public var line: Int
    public var character: Int
    public var reason: String

    public var message: String {
        line > 0 ? "Error parsing JSON in file '\(file)' at line \(line), character \(character): \(reason)"
            : "cannot read file '\(file)': \(reason)"
    }
    public var hint: String? { "fix or remove the file; COPY INTO with ON_ERROR = CONTINUE will load the good records" }
}
