import Foundation
import FuzzSupport
@_spi(Fuzzing) import Warehouse
import WarehouseSystem

/// One warehouse for the whole run, a stage directory, a table every load's plan writes to, and the
/// loads compiled once.
nonisolated(unsafe) private var setup: (stage: String, warehouse: Warehouse, loads: [(gzip: CompiledLoad, plain: CompiledLoad)])? = {
    let directory = scratchPath("copy")
    try? FileManager.default.createDirectory(atPath: directory + "/stage", withIntermediateDirectories: true)
    guard let w = try? Warehouse(path: directory + "/w.db", environment: .system) else { return nil }
    for sql in ["CREATE STAGE s URL = 'stage/'",
                "CREATE TABLE t (a STRING, b NUMBER(10,2), c FLOAT, d TIMESTAMP_NTZ, v VARIANT)"] {
        _ = try? w.execute(sql)
    }
    var compiled: [(gzip: CompiledLoad, plain: CompiledLoad)] = []
    for load in loads {
        func compile(_ name: String) -> CompiledLoad {
            do { return try w.compileLoad("COPY INTO t \(load) FILES = ('\(name)') ON_ERROR = CONTINUE FORCE = TRUE") }
            catch { fatalError("the harness's COPY does not compile: \(error)") }
        }
        compiled.append((compile("in.gz"), compile("in.txt")))
    }
    // Let the compiled loads go before LeakSanitizer's check at exit: it cannot follow Swift's
    // pointers with enum tags in their spare bits, and would report what they point at as leaked.
    atexit { setup = nil }
    return (directory + "/stage", w, compiled)
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

/// The load of `loads` whose files are ISO-8859-1.
private let latin1Load = 5

/// SwiftPM's name for this program's main: hands the run to libFuzzer.
@_cdecl("FuzzCopy_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzCopy(data, Int(size)) }
}

/// Any bytes as a staged file (gzip when they start as gzip does), read by COPY's reading half with
/// one of `loads` (compiled once: the statement around it is the sql target's). Properties: no
/// crash; every record counted is handed on, as values or as a rejected row; each good record has
/// one value per column; a rejected row's place lies inside the file and its message says something;
/// a file read to its end was read whole.
func fuzzCopy(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer, size >= 1, size < 50_000, let (stage, warehouse, compiled) = setup else { return 0 }
    let choice = Int(data[0]) % loads.count
    let content = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let gzip = content.starts(with: [0x1F, 0x8B])
    let name = gzip ? "in.gz" : "in.txt"
    for old in ["in.gz", "in.txt"] { try? FileManager.default.removeItem(atPath: stage + "/" + old) }
    guard (try? content.write(to: URL(fileURLWithPath: stage + "/" + name))) != nil else { return 0 }
    let readings: [FileReading]
    do {
        readings = try warehouse.readFiles(of: gzip ? compiled[choice].gzip : compiled[choice].plain)
    } catch {
        fatalError("the reading half failed as a whole, not file by file: \(error)")
    }
    require(readings.count == 1, "one file staged, \(readings.count) read")
    guard let reading = readings.first, reading.failure == nil else { return 0 }
    require(reading.bytesRead == Int64(content.count), "a \(content.count)-byte file was read as \(reading.bytesRead ?? -1) bytes")
    require(reading.goodRows + reading.rejectedRows.count == reading.rowsParsed,
            "\(reading.rowsParsed) records counted, \(reading.goodRows) handed on and \(reading.rejectedRows.count) rejected")
    require(reading.valueCount == reading.goodRows * reading.width,
            "\(reading.valueCount) values for \(reading.goodRows) records of \(reading.width) columns")
    let lines = content.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    for row in reading.rejectedRows {
        require(!row.message.isEmpty, "a rejected row without a message")
        require(row.rowNumber >= 1 && row.rowNumber <= reading.rowsParsed, "a rejected row numbered \(row.rowNumber) of \(reading.rowsParsed)")
        guard !gzip else { continue }
        require(row.line >= 1 && row.line <= lines, "a rejected row on line \(row.line) of \(lines): \(row.message)")
        // An ISO-8859-1 file is read as UTF-8, two bytes for each byte past 0x7F, and placed in those.
        let readBytes = choice == latin1Load ? content.reduce(0) { $0 + ($1 < 0x80 ? 1 : 2) } : content.count
        require(row.byteOffset >= 0 && row.byteOffset <= readBytes, "a rejected row at byte \(row.byteOffset) of \(readBytes): \(row.message)")
        // Each byte is at most one character of the text (a byte that is not UTF-8 reads as U+FFFD).
        require(row.rawText.unicodeScalars.count <= content.count, "a rejected row's text longer than the file")
    }
    return 0
}
