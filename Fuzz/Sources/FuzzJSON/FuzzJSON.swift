import Foundation
import FuzzSupport
import Warehouse

let paths = JSONPathSet([[.key(Array("a".utf8))], [.key(Array("b".utf8)), .index(0)], [.key(Array("c".utf8)), .key(Array("d".utf8))]])

/// SwiftPM's name for this program's main: hands the run to libFuzzer.
@_cdecl("FuzzJSON_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzJSON(data, Int(size)) }
}

/// COPY's JSON reader over the input as one whole file, plain and as STRIP_OUTER_ARRAY: it must
/// never crash, must cut the same records read whole and in windows, and on one line it must agree with Foundation's parser: where Foundation reads one
/// JSON object the reader gives exactly one record with the values Foundation finds at its paths;
/// where Foundation refuses the line the reader does not give one clean record.
func fuzzJSON(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer else { return 0 }
    // The reader needs a 0 after the bytes (numbers are parsed in place).
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size + 1)
    defer { buffer.deallocate() }
    _ = buffer.initialize(from: UnsafeBufferPointer(start: data, count: size))
    buffer[size] = 0
    let bytes = UnsafeBufferPointer(start: buffer.baseAddress, count: size)
    _ = read(bytes, stripOuterArray: true)
    let plain = read(bytes, stripOuterArray: false)
    // Windows of about a quarter of the input, so that where they end moves with every input.
    let chunk = 1 + size / 4 + (size > 0 ? Int(data[size - 1] % 8) : 0)
    checkWindows(bytes, stripOuterArray: false, chunk: chunk)
    checkWindows(bytes, stripOuterArray: true, chunk: chunk)
    guard !bytes.contains(0x0A), !bytes.contains(0x0D) else { return 0 }
    let array = Array(bytes)
    guard !foundationDiffers(array) else { return 0 }
    let reference = try? JSONSerialization.jsonObject(with: Data(array), options: [.fragmentsAllowed])
    if let object = reference as? [String: Any] {
        // Foundation takes a trailing comma, which JSON does not allow; the reader refuses duplicate
        // keys unless ALLOW_DUPLICATE says otherwise.
        guard !hasTrailingComma(array) else { return 0 }
        let read = plain.errors == 0 ? plain : read(bytes, stripOuterArray: false, allowDuplicateKeys: true)
        require(read.errors == 0 && read.records == 1, "Foundation reads one object; the reader gave \(read.records) records, \(read.errors) errors")
        if plain.errors == 0 { checkValues(plain.firstSlots, against: object, in: bytes) }
    } else if reference == nil && plain.records == 1 && plain.errors == 0 {
        // The reader, like Snowflake, takes a lone surrogate escape (as U+FFFD); Foundation refuses it.
        require(hasSurrogateEscape(array), "the reader gives a record of a line Foundation refuses")
    }
    return 0
}

/// The records and errors the reader gives, and the first record's values at `paths`.
func read(_ bytes: UnsafeBufferPointer<UInt8>, stripOuterArray: Bool, allowDuplicateKeys: Bool = false)
    -> (records: Int, errors: Int, firstSlots: [JSONSlice?]) {
    let scanner = JSONScanner(paths: paths, options: JSONScanOptions(allowDuplicateKeys: allowDuplicateKeys))
    var documents = JSONDocuments(bytes, scanner: scanner, stripOuterArray: stripOuterArray)
    var slots = [JSONSlice?](repeating: nil, count: paths.count)
    var records = 0, errors = 0
    var firstSlots: [JSONSlice?] = []
    for _ in 0..<10_000 {
        do {
            guard let record = try documents.next(into: &slots) else { break }
            records += 1
            if records == 1 { firstSlots = slots }
            require(record.start >= 0 && record.end <= bytes.count && record.start <= record.end, "a record outside the input")
        } catch {
            errors += 1
        }
    }
    return (records, errors, firstSlots)
}

/// The values projected at `paths` (a, b[0], c.d) are those Foundation's parser finds there: the same
/// kind, the same string once decoded, the same number, the same boolean; no value where it has none.
func checkValues(_ slots: [JSONSlice?], against object: [String: Any], in bytes: UnsafeBufferPointer<UInt8>) {
    let expected: [Any?] = [object["a"], (object["b"] as? [Any])?.first, (object["c"] as? [String: Any])?["d"]]
    for (slot, reference) in zip(slots, expected) {
        guard let reference else {
            require(slot == nil, "a value where Foundation finds none")
            continue
        }
        guard let slot else { fatalError("no value where Foundation finds \(reference)") }
        switch slot.kind {
        case .string:
            guard let text = reference as? String else { fatalError("a string where Foundation finds \(reference)") }
            let decoded = decodeString(bytes, slot.start, slot.end)
            // Foundation keeps a lone surrogate escape that the reader (like Snowflake) replaces.
            if !decoded.contains("\u{FFFD}") { require(decoded == text, "string \(decoded.debugDescription) where Foundation reads \(text.debugDescription)") }
        case .number:
            guard let number = reference as? NSNumber, !isBoolean(number) else {
                fatalError("a number where Foundation finds \(reference)")
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end]), as: UTF8.self)
            require(sameNumber(text, number), "number \(text) where Foundation reads \(number)")
        case .true, .false:
            guard let number = reference as? NSNumber, isBoolean(number) else {
                fatalError("a boolean where Foundation finds \(reference)")
            }
            require(number.boolValue == (slot.kind == .true), "boolean \(slot.kind) where Foundation reads \(number)")
        case .null: require(reference is NSNull, "null where Foundation finds \(reference)")
        case .object: require(reference is [String: Any], "an object where Foundation finds \(reference)")
        case .array: require(reference is [Any], "an array where Foundation finds \(reference)")
        }
    }
}
