import Foundation

/// A window over a staged file that JSONDocuments cuts into records: refilled and grown as records
/// need, so memory stays near one chunk plus the largest record, whatever the file's size.
final class RecordWindow {
    private let reader: StagedFileReader
    private let chunk: Int
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var filled = 0
    private var finished = false
    var documents: JSONDocuments

    init(reader: StagedFileReader, scanner: JSONScanner, stripOuterArray: Bool, skipByteOrderMark: Bool, chunk: Int = 4 * 1024 * 1024) {
        self.reader = reader
        self.chunk = chunk
        buffer = .allocate(capacity: chunk + 1)
        documents = JSONDocuments(UnsafeBufferPointer(start: buffer.baseAddress, count: 0), scanner: scanner,
                                  stripOuterArray: stripOuterArray, skipByteOrderMark: skipByteOrderMark, isFinal: false)
    }

    deinit { buffer.deallocate() }

    /// The bytes the last record's slices point into. A byte 0 always follows them, so numbers can
    /// be parsed in place.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer.baseAddress, count: filled) }

    /// The file offset of `bytes`' first byte.
    var base: Int { documents.base }

    /// The next record; nil at the end of the file. Record errors are thrown as JSONRecordError,
    /// read errors (a corrupt gzip file, a vanished file) as they come.
    func next(into slots: inout [JSONSlice?]) throws -> JSONRecord? {
        while true {
            if let record = try documents.next(into: &slots) { return record }
            guard documents.needsMoreData else { return nil }
            try refill()
        }
    }

    private func refill() throws {
        documents.discardConsumed()
        let keep = filled - documents.unconsumed
        Self.keep(&buffer, from: documents.unconsumed, count: keep, room: chunk)
        filled = keep
        while filled < keep + chunk, !finished {
            let n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled..<(keep + chunk)]))
            if n == 0 { finished = true }
            filled += n
        }
        buffer[filled] = 0
        documents.continue(with: bytes, isFinal: finished)
    }

    /// Moves the `count` bytes at `start` to the front of `buffer`, growing it (at least doubling)
    /// when `room` more bytes and a terminating 0 would not fit after them.
    static func keep(_ buffer: inout UnsafeMutableBufferPointer<UInt8>, from start: Int, count: Int, room: Int) {
        if start > 0 && count > 0 {
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: buffer.baseAddress! + start, byteCount: count)
        }
        if count + room + 1 > buffer.count {
            let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(buffer.count * 2, count + room + 1))
            UnsafeMutableRawPointer(bigger.baseAddress!).copyMemory(from: buffer.baseAddress!, byteCount: count)
            buffer.deallocate()
            buffer = bigger
        }
    }
}
