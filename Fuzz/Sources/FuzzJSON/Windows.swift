import FuzzSupport
import Warehouse

/// What the reader cut from a file: a record (its place in the file) or an error (its words and place).
enum Cut: Equatable {
    case record(start: Int, end: Int, line: Int, row: Int)
    case error(reason: String, line: Int, character: Int, row: Int, byteOffset: Int)
}

/// COPY reads a file in windows, refilled as records need: however the file is cut into windows,
/// the reader must give the records and errors that reading it whole gives.
func checkWindows(_ bytes: UnsafeBufferPointer<UInt8>, stripOuterArray: Bool, chunk: Int) {
    let whole = cuts(bytes, stripOuterArray: stripOuterArray, chunk: nil)
    let windowed = cuts(bytes, stripOuterArray: stripOuterArray, chunk: chunk)
    guard whole != windowed else { return }
    let first = zip(whole, windowed).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(whole.count, windowed.count)
    fatalError("read in windows of \(chunk) bytes, the reader cut \(windowed.count) pieces, read whole \(whole.count); "
               + "the first to differ, #\(first): \(first < windowed.count ? "\(windowed[first])" : "none") against \(first < whole.count ? "\(whole[first])" : "none")")
}

/// The cuts of `bytes` read whole (`chunk` nil) or fed `chunk` new bytes at a time, the bytes not yet
/// made into records moved to the window's front at each refill, as COPY's window does.
private func cuts(_ bytes: UnsafeBufferPointer<UInt8>, stripOuterArray: Bool, chunk: Int?) -> [Cut] {
    let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count + 1)
    defer { storage.deallocate() }
    _ = storage.initialize(from: bytes)
    storage[bytes.count] = 0
    var filled = chunk == nil ? bytes.count : 0, fed = filled, base = 0
    var documents = JSONDocuments(UnsafeBufferPointer(start: storage.baseAddress, count: filled), scanner: JSONScanner(paths: paths),
                                  stripOuterArray: stripOuterArray, isFinal: chunk == nil)
    var slots = [JSONSlice?](repeating: nil, count: paths.count)
    var cuts: [Cut] = []
    for _ in 0..<20_000 {
        do {
            if let record = try documents.next(into: &slots) {
                cuts.append(.record(start: base + record.start, end: base + record.end, line: record.line, row: record.rowNumber))
                continue
            }
            guard documents.needsMoreData, let chunk else { break }
            documents.discardConsumed()
            let consumed = documents.unconsumed, keep = filled - consumed
            let n = min(chunk, bytes.count - fed)
            // The window is the kept bytes, then the next `n` of the file, then a 0.
            let start = storage.baseAddress!
            start.update(from: start + consumed, count: keep)
            (start + keep).update(from: bytes.baseAddress! + fed, count: n)
            base += consumed
            fed += n
            filled = keep + n
            storage[filled] = 0
            documents.continue(with: UnsafeBufferPointer(start: start, count: filled), isFinal: fed == bytes.count)
        } catch {
            cuts.append(.error(reason: error.reason, line: error.line, character: error.character, row: error.rowNumber, byteOffset: error.byteOffset))
        }
    }
    return cuts
}
