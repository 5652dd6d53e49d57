import Foundation
import FuzzDriver
import Warehouse

private let paths = JSONPathSet([[.key(Array("a".utf8))], [.key(Array("b".utf8)), .index(0)], [.key(Array("c".utf8)), .key(Array("d".utf8))]])

/// COPY's JSON reader over the input as one whole file, plain and as STRIP_OUTER_ARRAY: it must
/// never crash, and when Foundation's parser reads the input as exactly one JSON object, the
/// reader must give exactly one record and no error.
/// SwiftPM's name for this program's main: hands the run to libFuzzer.
@_cdecl("FuzzJSON_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzJSON(data, Int(size)) }
}

func fuzzJSON(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer else { return 0 }
    // The reader needs a 0 after the bytes (numbers are parsed in place).
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size + 1)
    defer { buffer.deallocate() }
    _ = buffer.initialize(from: UnsafeBufferPointer(start: data, count: size))
    buffer[size] = 0
    let bytes = UnsafeBufferPointer(start: buffer.baseAddress, count: size)
    for stripOuterArray in [false, true] {
        let scanner = JSONScanner(paths: paths)
        var documents = JSONDocuments(bytes, scanner: scanner, stripOuterArray: stripOuterArray)
        var slots = [JSONSlice?](repeating: nil, count: paths.count)
        var records = 0, errors = 0
        for _ in 0..<10_000 {
            do {
                guard let record = try documents.next(into: &slots) else { break }
                records += 1
                precondition(record.start >= 0 && record.end <= size && record.start <= record.end, "a record outside the input")
            } catch {
                errors += 1
            }
        }
        if !stripOuterArray, let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: []) as? [String: Any], !object.isEmpty,
           !bytes.contains(0x0A), !bytes.contains(0x0D) {
            // One object on one line: exactly one record, no error (Foundation also accepts some
            // things JSON does not, such as lone surrogates; those are left to the reader's choice).
            if errors == 0 { precondition(records == 1, "Foundation reads one object; the reader gave \(records) records") }
        }
    }
    return 0
}
