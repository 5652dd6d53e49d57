import Foundation

/// One CSV record: where its text is in the window, its line, and its fields, decoded into the
/// window's field buffer as `"text"` slices that SliceConversion reads as strings (nil: SQL NULL).
struct CSVRecord {
    var start: Int
    var end: Int
    var line: Int
    var rowNumber: Int
    var fields: [JSONSlice?]
    /// Each field's start in the window, for an error's character position.
    var fieldStarts: [Int]
}

/// A record the CSV reader cannot cut (an enclosed field never closed, text after a closing
/// quote): the reason and where.
struct CSVRecordError: Error {
    var reason: String
    var line: Int
    var character: Int
    var rowNumber: Int
    var start: Int
    var end: Int
    var byteOffset: Int
}

/// A failure of the reader itself (not of a record).
struct CSVReadError: Error, WarehouseError {
    var reason: String
    var message: String { "reading the CSV file failed: \(reason)" }
    var hint: String? { "report this with the file" }
}

/// Reads a staged CSV file record by record through a window that is refilled and grown as
/// records need (memory stays near one chunk plus the largest record). ISO-8859-1 files are
/// turned into UTF-8 as they are read.
final class CSVWindow {
    private let reader: StagedFileReader
    private let format: CSVFormat
    private let chunk: Int
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var filled = 0
    private var finished = false
    private var offset = 0
    /// Bytes of the file before the window.
    private(set) var base = 0
    private var line = 1
    private var rowNumber = 0
    private var headerLeft: Int
    private var atStart = true
    /// The decoded fields of the last record, each as `"…"`, followed by a 0 byte.
    private(set) var fieldBytes: [UInt8] = []
    /// Storage the records' field lists reuse.
    private var recordFields: [JSONSlice?] = [], recordFieldStarts: [Int] = []
    private var scratch: UnsafeMutableRawBufferPointer

    init(reader: StagedFileReader, format: CSVFormat, chunk: Int = 4 * 1024 * 1024) {
        self.reader = reader
        self.format = format
        self.chunk = chunk
        headerLeft = format.skipHeader
        buffer = .allocate(capacity: chunk + 1)
        scratch = .allocate(byteCount: format.latin1 ? chunk / 2 : 0, alignment: 8)
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
    }

    /// The window's bytes: a record's start and end point into them.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer.baseAddress, count: filled) }

    /// The next record; nil at the end of the file. A record that cannot be cut is thrown as
    /// CSVRecordError, after which reading goes on at the next line.
    func next() throws -> CSVRecord? {
        while true {
            if atStart {
                if filled == 0 && !finished { try refill(keepingFrom: 0) }
                if format.skipByteOrderMark, filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { offset = 3 }
                atStart = false
            }
            if headerLeft > 0 {
                // SKIP_HEADER counts lines.
                guard let newline = firstNewline(from: offset) else {
                    if finished { offset = filled; headerLeft = 0; return nil }
                    try refill(keepingFrom: offset)
                    continue
                }
                offset = newline + 1
                line += 1
                headerLeft -= 1
                continue
            }
            if offset >= filled {
                if finished { return nil }
                try refill(keepingFrom: offset)
                continue
            }
            switch try cut(from: offset) {
            case .needMore:
                if finished { throw CSVReadError(reason: "the reader asked for more of a file that has ended") }   // never, by construction
                try refill(keepingFrom: offset)
            case .blank(let next):
                offset = next
                line += 1
            case .record(var record, let next, let lines):
                offset = next
                line += lines
                rowNumber += 1
                record.rowNumber = rowNumber
                return record
            }
        }
    }

    private enum Cut {
        case record(CSVRecord, next: Int, lines: Int)
        case blank(next: Int)
        case needMore
    }

    private func firstNewline(from start: Int) -> Int? {
        var i = start
        while i < filled { if buffer[i] == 0x0A { return i }; i += 1 }
        return nil
    }

    private func cut(from start: Int) throws -> Cut {
        // Locals, not properties, in the loop over the bytes: no exclusivity checks, no retains.
        let buffer = UnsafeBufferPointer(self.buffer), filled = self.filled, finished = self.finished
        let recordDelimiter = format.recordDelimiter, fieldDelimiter = format.fieldDelimiter ?? []
        let newlineRecords = recordDelimiter == [0x0A]
        let quote = format.enclosedBy, escape = format.escape, escapeUnenclosed = format.escapeUnenclosed
        let trimSpace = format.trimSpace
        /// The length of the delimiter `d` at `i`: 0 when it is not there, -1 when the window ends first.
        @inline(__always) func matches(_ d: [UInt8], at i: Int) -> Int {
            guard !d.isEmpty, buffer[i] == d[0] else { return 0 }
            if d.count == 1 { return 1 }
            if i + d.count > filled { return finished ? 0 : -1 }
            for k in 1..<d.count where buffer[i + k] != d[k] { return 0 }
            return d.count
        }
        /// The record delimiter at `i` ('\n' also ends at "\r\n").
        @inline(__always) func recordEnd(at i: Int) -> Int {
            guard newlineRecords else { return matches(recordDelimiter, at: i) }
            let c = buffer[i]
            if c == 0x0A { return 1 }
            if c == 0x0D {
                if i + 1 >= filled { return finished ? 0 : -1 }
                return buffer[i + 1] == 0x0A ? 2 : 0
            }
            return 0
        }
        var out: [UInt8] = [], fields: [JSONSlice?] = [], fieldStarts: [Int] = []
        swap(&out, &fieldBytes)
        swap(&fields, &recordFields)
        swap(&fieldStarts, &recordFieldStarts)
        defer {
            swap(&out, &fieldBytes)
            swap(&fields, &recordFields)
            swap(&fieldStarts, &recordFieldStarts)
        }
        out.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        fieldStarts.removeAll(keepingCapacity: true)
        var i = start
        var lines = 0
        let blank = recordEnd(at: i)
        if blank < 0 { return .needMore }
        if blank > 0 && format.skipBlankLines { return .blank(next: i + blank) }
        let first = fieldDelimiter.first, recordFirst = recordDelimiter.first
        while true {
            if trimSpace { while i < filled, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 } }
            fieldStarts.append(i)
            let open = out.count
            out.append(0x22)
            var enclosed = false
            if let quote, i < filled, buffer[i] == quote {
                enclosed = true
                i += 1
                while true {
                    guard i < filled else {
                        if !finished { return .needMore }
                        throw error("the file ends inside a field enclosed by \(Character(UnicodeScalar(quote)))", at: fieldStarts.last!,
                                    recordStart: start)
                    }
                    let c = buffer[i]
                    if let escape, c == escape, escape != quote {
                        guard i + 1 < filled else { if !finished { return .needMore }; i += 1; continue }
                        out.append(buffer[i + 1])
                        i += 2
                        continue
                    }
                    if c == quote {
                        if i + 1 >= filled && !finished { return .needMore }
                        if i + 1 < filled && buffer[i + 1] == quote { out.append(quote); i += 2; continue }
                        i += 1
                        break
                    }
                    if c == 0x0A { lines += 1 }
                    out.append(c)
                    i += 1
                }
                if trimSpace { while i < filled, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 } }
            } else {
                while i < filled {
                    let c = buffer[i]
                    // Most bytes are none of the special ones: one comparison each.
                    if c != first && c != recordFirst && c != 0x0D && c != escapeUnenclosed {
                        out.append(c)
                        i += 1
                        continue
                    }
                    let f = matches(fieldDelimiter, at: i), r = recordEnd(at: i)
                    if f < 0 || r < 0 { return .needMore }
                    if f > 0 || r > 0 { break }
                    if let escapeUnenclosed, c == escapeUnenclosed {
                        guard i + 1 < filled else { if !finished { return .needMore }; out.append(c); i += 1; continue }
                        let next = buffer[i + 1]
                        // The escape makes a delimiter, a quote, a newline or itself a plain character.
                        if next == escapeUnenclosed || next == first || next == recordFirst || next == quote || next == 0x0A || next == 0x0D {
                            if next == 0x0A { lines += 1 }
                            out.append(next)
                            i += 2
                            continue
                        }
                    }
                    out.append(c)
                    i += 1
                }
                if i >= filled && !finished { return .needMore }
                if trimSpace { while out.count > open + 1, out.last == 0x20 || out.last == 0x09 { out.removeLast() } }
            }
            out.append(0x22)
            let length = out.count - open - 2
            var isNull = !enclosed && length == 0 && format.emptyFieldAsNull
            if !isNull && !enclosed {
                // NULL_IF matches an unenclosed field as written (so an escaped `\\N` is the text \N, and
                // an enclosed "NULL" the text NULL: what an unload writes loads back the same).
                var rawEnd = i
                if trimSpace { while rawEnd > fieldStarts.last!, buffer[rawEnd - 1] == 0x20 || buffer[rawEnd - 1] == 0x09 { rawEnd -= 1 } }
                let rawStart = fieldStarts.last!
                for null in format.nullIf where null.count == rawEnd - rawStart {
                    var same = true
                    for k in 0..<null.count where buffer[rawStart + k] != null[k] { same = false; break }
                    if same { isNull = true; break }
                }
            }
            fields.append(isNull ? nil : JSONSlice(kind: .string, start: open, end: out.count, escaped: false))
            if i >= filled { break }   // the last record of the file, without a delimiter
            let f = matches(fieldDelimiter, at: i)
            if f > 0 { i += f; continue }
            let r = recordEnd(at: i)
            if r > 0 {
                out.append(0)
                let record = CSVRecord(start: start, end: i, line: line, rowNumber: 0, fields: fields, fieldStarts: fieldStarts)
                return .record(record, next: i + r, lines: lines + (recordDelimiter.contains(0x0A) ? 1 : 0))
            }
            throw error("found '\(Character(UnicodeScalar(buffer[i])))' after the closing quote instead of a field delimiter", at: i,
                        recordStart: start)
        }
        out.append(0)
        return .record(CSVRecord(start: start, end: i, line: line, rowNumber: 0, fields: fields, fieldStarts: fieldStarts),
                       next: i, lines: lines)
    }

    /// The error for a record that cannot be cut, placed at `position`; reading goes on after the
    /// newline that ends `position`'s line (the line count follows that place, not how far the
    /// record's scan got: a quote never closed runs to the end of the file).
    private func error(_ reason: String, at position: Int, recordStart: Int) -> CSVRecordError {
        var linesBefore = 0, lineStart = recordStart
        for k in recordStart..<position where buffer[k] == 0x0A { linesBefore += 1; lineStart = k + 1 }
        var end = position
        while end < filled && buffer[end] != 0x0A { end += 1 }
        let character = characters(bytes, from: lineStart, to: position) + 1
        rowNumber += 1
        let failure = CSVRecordError(reason: reason, line: line + linesBefore, character: character, rowNumber: rowNumber,
                                     start: recordStart, end: end, byteOffset: base + position)
        offset = min(end + 1, filled)
        line += linesBefore + 1
        return failure
    }

    private func refill(keepingFrom start: Int) throws {
        let keep = filled - start
        RecordWindow.keep(&buffer, from: start, count: keep, room: chunk)
        base += start
        offset -= start
        filled = keep
        while filled < keep + chunk / 2, !finished {
            let n: Int
            if format.latin1 {
                // Each byte over 0x7F becomes two: read at most half the room.
                let room = min(scratch.count, (keep + chunk - filled) / 2)
                n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<room]))
                for k in 0..<n {
                    let c = scratch[k]
                    if c < 0x80 { buffer[filled] = c; filled += 1 } else {
                        buffer[filled] = 0xC0 | (c >> 6); buffer[filled + 1] = 0x80 | (c & 0x3F); filled += 2
                    }
                }
            } else {
                n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled..<(keep + chunk)]))
                filled += n
            }
            if n == 0 { finished = true }
        }
        buffer[filled] = 0
    }
}
