import Foundation
import FuzzSupport
import Warehouse
import WarehouseSystem

/// One warehouse for the whole run, a stage directory and a table every fuzzed file loads into.
nonisolated(unsafe) private var setup: (warehouse: Warehouse, stage: String)? = {
    let directory = scratchPath("copy")
    try? FileManager.default.createDirectory(atPath: directory + "/stage", withIntermediateDirectories: true)
    guard let w = try? Warehouse(path: directory + "/w.db", environment: .system) else { return nil }
    for sql in ["CREATE STAGE s URL = 'stage/'",
                "CREATE TABLE t (a STRING, b NUMBER(10,2), c FLOAT, d TIMESTAMP_NTZ, v VARIANT)"] {
        _ = try? w.execute(sql)
    }
    return (w, directory + "/stage")
}()

/// The loads a file is put through; the input's first byte picks one.
private let loads = [
    "FROM (SELECT $1:a, $1:b, $1:c, $1:d, $1 FROM @s) FILE_FORMAT = (TYPE = JSON)",
    "FROM (SELECT $1:a, $1:b, $1:c, $1:d, $1 FROM @s) FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE)",
    "FROM @s FILE_FORMAT = (TYPE = CSV)",
    "FROM @s FILE_FORMAT = (TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '\"' SKIP_HEADER = 1 TRIM_SPACE = TRUE)",
    "FROM @s FILE_FORMAT = (TYPE = CSV FIELD_DELIMITER = '|' RECORD_DELIMITER = ';' ESCAPE_UNENCLOSED_FIELD = NONE ERROR_ON_COLUMN_COUNT_MISMATCH = FALSE)",
    "FROM @s FILE_FORMAT = (TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '''' ESCAPE = '\\\\' NULL_IF = ('', 'NULL') ENCODING = 'ISO-8859-1')",
    "FROM (SELECT $1, $2, $3, $4, TRY_PARSE_JSON($5) FROM @s) FILE_FORMAT = (TYPE = CSV SKIP_BLANK_LINES = TRUE)",
]

/// SwiftPM's name for this program's main: hands the run to libFuzzer.
@_cdecl("FuzzCopy_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzCopy(data, Int(size)) }
}

/// Any bytes as a staged file (gzip when they start as gzip does), loaded by COPY with one of
/// `loads` and ON_ERROR = CONTINUE. Properties: no crash; a failure is a wh error; the result's rows
/// loaded plus errors seen equal the rows parsed, and the table gained exactly the rows loaded.
func fuzzCopy(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer, size >= 1, size < 50_000, let (warehouse, stage) = setup else { return 0 }
    let load = loads[Int(data[0]) % loads.count]
    let content = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let name = content.starts(with: [0x1F, 0x8B]) ? "in.gz" : "in.txt"
    for old in ["in.gz", "in.txt"] { try? FileManager.default.removeItem(atPath: stage + "/" + old) }
    guard (try? content.write(to: URL(fileURLWithPath: stage + "/" + name))) != nil else { return 0 }
    do {
        let result = try warehouse.execute("COPY INTO t \(load) FILES = ('\(name)') ON_ERROR = CONTINUE FORCE = TRUE")
        let columns = result.columns.map { $0.name.uppercased() }
        for row in result.rows {
            func number(_ column: String) -> Int64? { columns.firstIndex(of: column).flatMap { row[$0].integerValue } }
            guard let parsed = number("ROWS_PARSED"), let loaded = number("ROWS_LOADED"), let errors = number("ERRORS_SEEN") else { continue }
            require(loaded + errors == parsed || (loaded == 0 && errors > 0), "rows parsed \(parsed), loaded \(loaded), errors \(errors)")
            let count = try warehouse.execute("SELECT count(*) FROM t").rows.first?.first?.integerValue ?? -1
            require(count == loaded, "the table holds \(count) rows; COPY reported \(loaded) loaded")
        }
    } catch is WarehouseError {
        // wh refused the file or the load with its own error: what bad input should get.
    } catch {
        fatalError("COPY failed with something other than a wh error: \(error)")
    }
    _ = try? warehouse.execute("DELETE FROM t")
    return 0
}
