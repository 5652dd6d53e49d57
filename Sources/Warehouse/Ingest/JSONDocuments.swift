import Foundation

/// One record of a JSON file: where it is, and on which line it starts (1-based).
public struct JSONRecord: Equatable, Sendable {
    public var start: Int
    public var end: Int
    public var line: Int
    /// The record's position in the file, counting from 1 (METADATA$FILE_ROW_NUMBER).
    public var rowNumber: Int
    /// Where the record's first line starts in the window (negative when it began in an earlier one).
    public var lineStart = 0
    /// When the line began in an earlier window: how many characters of it came before this window.
    public var characterBase = 0

    /// Line and 1-based character of byte `position` of the window, which lies in this record.
    public func place(of position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, character: Int) {
        var line = self.line, lineStart = self.lineStart, i = start
        while i < min(position, bytes.count) {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, (lineStart < 0 ? characterBase : 0) + characters(bytes, from: max(lineStart, 0), to: position) + 1)
    }
}

/// The number of UTF-8 characters in `bytes[from..<to]`.
func characters(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
    var count = 0
    var k = from
    while k < min(to, bytes.count) {
        if bytes[k] & 0xC0 != 0x80 { count += 1 }
        k += 1
    }
    return count
}

/// A record that could not be read, with its place in the file for the COPY result and rejects.
public struct JSONRecordError: Error, Equatable, Sendable {
    public var reason: String
    public var line: Int
    /// 1-based character position in the line.
    public var character: Int
    public var rowNumber: Int
    /// The line the bad record starts on (ROW_START_LINE).
    public var startLine: Int
    /// Where the bad record starts and where its text as rejected ends: the end of its first line
    /// or the error's place, whichever is later, at most `rejectedTextLimit` bytes from the start.
    public var start: Int
    public var end: Int
    /// The error's byte offset from the start of the file.
    public var byteOffset = 0
}

/// Cuts a JSON file into records: NDJSON, documents one after another, or the elements of one outer
/// array (STRIP_OUTER_ARRAY). Skips a byte-order mark and blank lines. After a bad record it goes on
/// at the next line, so ON_ERROR = CONTINUE can keep the good records of the same file.
///
/// It reads a window of the file: when the window ends inside a record and more is to come
/// (`isFinal` false), `next` returns nil with `needsMoreData` set; the caller moves the bytes from
/// `unconsumed` on to the front of a bigger or refilled buffer and calls `continue(with:)`.
public struct JSONDocuments {
    var bytes: UnsafeBufferPointer<UInt8>
    let scanner: JSONScanner
    let stripOuterArray: Bool
    /// The window holds the rest of the file.
    public var isFinal: Bool
    /// The largest record accepted (Snowflake: 16 MB).
    public var maximumRecordSize = 16 * 1024 * 1024
    var offset: Int
    var line = 1
    var lineStart: Int
    /// Characters of the current line before the window, when the line began in an earlier one.
    var lineCharacterBase = 0
    var rowNumber = 0
    var insideArray = false
    var finished = false
    var atStart = true
    var skipByteOrderMark: Bool
    /// After a bad record whose line did not end in the window: skip to the next newline first.
    var skippingLine = false
    /// Inside the outer array, the separator after the last element is still to be read.
    var expectingSeparator = false
    /// An outer array's '[' was read and no element yet.
    var arrayJustOpened = false
    /// Bytes of the file before the window.
    var base = 0
    /// The window ran out inside a record; give more bytes.
    public private(set) var needsMoreData = false

    public init(_ bytes: UnsafeBufferPointer<UInt8>, scanner: JSONScanner, stripOuterArray: Bool, skipByteOrderMark: Bool = true,
                isFinal: Bool = true) {
        self.bytes = bytes
        self.scanner = scanner
        self.stripOuterArray = stripOuterArray
        self.isFinal = isFinal
        self.skipByteOrderMark = skipByteOrderMark
        offset = 0
        lineStart = 0
    }

    /// Where the bytes not yet made into records start in the window.
    public var unconsumed: Int { offset }

    /// Notes what it needs of the bytes before `unconsumed`; call it before those bytes are moved
    /// or freed, then `continue(with:)`.
    public mutating func discardConsumed() {
        if lineStart < 0 {
            lineCharacterBase += characters(bytes, from: 0, to: offset)
        } else {
            lineCharacterBase = characters(bytes, from: lineStart, to: offset)
        }
    }

    /// Goes on with a new window whose first byte is the old window's byte at `unconsumed`.
    public mutating func `continue`(with window: UnsafeBufferPointer<UInt8>, isFinal: Bool) {
        base += offset
        lineStart -= offset
        offset = 0
        bytes = window
        self.isFinal = isFinal
        needsMoreData = false
    }

    /// The next record, with its projected values in `slots`; nil at the end of the file (or of the
    /// window, with `needsMoreData`). A bad record throws; calling again continues after it.
    public mutating func next(into slots: inout [JSONSlice?]) throws(JSONRecordError) -> JSONRecord? {
        guard !finished else { return nil }
        if atStart {
            guard isFinal || bytes.count >= 3 else { return wantMore() }
            atStart = false
            if skipByteOrderMark && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                offset = 3
                lineStart = 3
            }
        }
        if skippingLine {
            while offset < bytes.count, bytes[offset] != 0x0A { offset += 1 }
            guard offset < bytes.count else { return isFinal ? nil : wantMore() }
            skippingLine = false
        }
        skipSpace()
        if !isFinal && offset >= bytes.count { return wantMore() }
        if expectingSeparator {
            expectingSeparator = false
            try separator()
            if finished { return nil }
            skipSpace()
            if !isFinal && offset >= bytes.count { return wantMore() }
        }
        // An outer array's '[' and, while no element has come, its ']': an empty array, after which
        // another array may follow. The state survives a window's end between them.
        while stripOuterArray && (!insideArray || arrayJustOpened) {
            if !insideArray {
                guard offset < bytes.count else { finished = true; return nil }
                guard bytes[offset] == 0x5B else {
                    finished = true
                    rowNumber += 1   // COPY counts the failure as a record parsed; its row number follows
                    throw failure("STRIP_OUTER_ARRAY = TRUE but the file does not start with [", at: offset)
                }
                offset += 1
                insideArray = true
                arrayJustOpened = true
                skipSpace()
                if !isFinal && offset >= bytes.count { return wantMore() }
            }
            arrayJustOpened = false
            guard offset < bytes.count, bytes[offset] == 0x5D else { break }
            offset += 1
            insideArray = false
            stripOuterArrayDone()
            if finished { return nil }
            if !isFinal && offset >= bytes.count { return wantMore() }
        }
        guard offset < bytes.count else {
            finished = true
            if insideArray {
                rowNumber += 1
                throw failure("unexpected end of data: the outer array is not closed", at: offset)
            }
            return nil
        }
        let start = offset
        let startLine = line
        let startLineStart = lineStart
        let end: Int
        do {
            end = try scanner.scan(bytes, from: start, into: &slots)
            if !isFinal && end >= bytes.count { return wantMore() }   // a number may go on in the next window
        } catch {
            if error.truncated && !isFinal {
                if bytes.count - start <= maximumRecordSize { return wantMore() }
                rowNumber += 1
                var failure = failure(Self.tooLarge(maximumRecordSize), at: start)
                failure.start = start
                resynchronise(recordStart: start)
                throw failure
            }
            rowNumber += 1
            var position = error.offset
            if error.truncated, let newline = (start..<min(error.offset, bytes.count)).first(where: { bytes[$0] == 0x0A }),
               scanner.skipSpace(bytes, newline) < bytes.count, bytes[scanner.skipSpace(bytes, newline)] == 0x7B {
                // The data ran out in a record whose next line starts a new object: in NDJSON that is a
                // record cut short on its own line, so say so there; the lines after it are read as records.
                position = newline
            }
            var failure = failure(error.reason, at: position)
            if failure.line > startLine {
                failure.reason += " (the record starting on line \(startLine) is not complete)"
            }
            failure.start = start
            resynchronise(recordStart: start)
            throw failure
        }
        rowNumber += 1
        if end - start > maximumRecordSize {
            var failure = failure(Self.tooLarge(maximumRecordSize), at: start)
            failure.start = start
            resynchronise(recordStart: start)
            throw failure
        }
        countLines(from: start, to: end)
        offset = end
        // The ',' or ']' is read by the next call (it may be in the next window), so a record is
        // handed on whatever follows it, wherever the windows are cut.
        if insideArray { expectingSeparator = true }
        return JSONRecord(start: start, end: end, line: startLine, rowNumber: rowNumber, lineStart: startLineStart,
                          characterBase: startLineStart < 0 ? lineCharacterBase : 0)
    }

    /// Reads the ',' or ']' after an element of the outer array.
    /// Reads the ',' or ']' after an element. The element was already handed on, so a failure here
    /// is a record of its own (with the next row number).
    private mutating func separator() throws(JSONRecordError) {
        if offset < bytes.count, bytes[offset] == 0x2C { offset += 1 }
        else if offset < bytes.count, bytes[offset] == 0x5D { offset += 1; insideArray = false; stripOuterArrayDone() }
        else {
            finished = true
            rowNumber += 1
            throw failure(offset < bytes.count ? "expected ',' or ']' between array elements"
                                               : "unexpected end of data: the outer array is not closed", at: offset)
        }
    }

    static func tooLarge(_ limit: Int) -> String { "document is too large, max size \(limit) bytes" }

    private mutating func wantMore() -> JSONRecord? {
        needsMoreData = true
        return nil
    }

    private mutating func stripOuterArrayDone() {
        skipSpace()
        // The window's end is the file's only when it is the last window: another array may follow.
        finished = isFinal && offset >= bytes.count
    }

    private mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x0A: line += 1; offset += 1; lineStart = offset
            case 0x20, 0x09, 0x0D: offset += 1
            default: return
            }
        }
    }

    private mutating func countLines(from start: Int, to end: Int) {
        guard start < end, let base = bytes.baseAddress else { return }
        var from = start
        while from < end, let hit = memchr(base + from, 0x0A, end - from) {
            let i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            line += 1
            lineStart = i + 1
            from = i + 1
        }
    }

    /// The most of a bad record's text kept as its REJECTED_RECORD.
    public static let rejectedTextLimit = 4_096

    /// A record error at byte `position`, with the line and character counted from the last newline.
    private func failure(_ reason: String, at position: Int) -> JSONRecordError {
        var line = self.line, lineStart = self.lineStart
        var i = max(lineStart, offset)
        while i < min(position, bytes.count) {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        let character = (lineStart < 0 ? lineCharacterBase : 0) + characters(bytes, from: max(lineStart, 0), to: position) + 1
        var lineEnd = offset
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        var end = min(max(position, lineEnd), bytes.count, offset + Self.rejectedTextLimit)
        while end > offset, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }   // the line break is not the record's
        return JSONRecordError(reason: reason, line: line, character: character, rowNumber: rowNumber, startLine: self.line,
                               start: offset, end: max(offset, end), byteOffset: base + position)
    }

    /// Goes on at the line after the one the bad record starts on: in NDJSON, the next record.
    private mutating func resynchronise(recordStart: Int) {
        var i = recordStart
        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        if i >= bytes.count && !isFinal { skippingLine = true }
        let next = min(i + 1, bytes.count)
        countLines(from: offset, to: next)
        offset = next
        if insideArray { finished = true }   // inside one array a bad element leaves no safe place to resume
    }
}
