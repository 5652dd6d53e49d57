import Foundation
import FuzzSupport
import Warehouse
import WarehouseSystem

/// One warehouse for the whole run, with a few tables for statements to name. Statements are only
/// translated and prepared, never run (a fuzzed REMOVE or PUT must not touch files).
nonisolated(unsafe) private var warehouse: Warehouse? = {
    let path = scratchPath("sql.db")
    guard let w = try? Warehouse(path: path, environment: .system) else { return nil }
    for sql in ["CREATE TABLE t (a INT, b STRING, c FLOAT, v VARIANT, d DATE, ts TIMESTAMP_NTZ, n NUMBER(10,2))",
                "CREATE TABLE u (a INT, id INT, y INT)", "CREATE VIEW w AS SELECT a FROM t"] {
        _ = try? w.execute(sql)
    }
    return w
}()

/// SwiftPM's name for this program's main: hands the run to libFuzzer.
@_cdecl("FuzzSQL_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzSQL(data, Int(size)) }
}

func fuzzSQL(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer else { return 0 }
    guard let warehouse, size < 10_000 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let split = StatementSplitter.split(text)
    for statement in split.complete + (split.remainder.map { [$0] } ?? []) {
        do {
            try warehouse.prepareTranslation(statement)
        } catch let failure as TranslationNotAccepted {
            propertyFailed(failure.description, input: UnsafeBufferPointer(start: data, count: size))
        } catch {
            // wh refused the statement with its own error: what bad input should get.
        }
    }
    return 0
}
