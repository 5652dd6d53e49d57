import Foundation
import FuzzSupport
import SQLLogicTest

/// SwiftPM's name for this program's main: hands the run to libFuzzer.
@_cdecl("FuzzSLT_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzTestFile(data, Int(size)) }
}

/// Any bytes as a sqllogictest file: parsed, or refused with a TestFileError naming a line of the
/// file; every record names a line of the file too.
func fuzzTestFile(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer, size < 20_000 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    do {
        for record in try TestFileParser.parse(text, file: "fuzz.test") {
            require((1...lines).contains(record.line), "a record at line \(record.line) of a file of \(lines) lines")
        }
    } catch let error as TestFileError {
        require((1...max(lines, 1)).contains(error.line), "an error at line \(error.line) of a file of \(lines) lines")
    } catch {
        fatalError("the parser failed with something other than a TestFileError: \(error)")
    }
    return 0
}
