import Foundation
import Testing
@testable import Warehouse

/// Reads bytes from memory, at most `piece` at a time, as a slow pipe would.
final class MemoryReader: ByteReader {
    let bytes: [UInt8]
    let piece: Int
    var offset = 0

    init(_ bytes: [UInt8], piece: Int = .max) {
        self.bytes = bytes
        self.piece = piece
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, piece, bytes.count - offset)
        for k in 0..<n { buffer[k] = bytes[offset + k] }
        offset += n
        return n
    }
}

/// COPY reads files through a window that is refilled and grown: whatever the chunk size, it must
/// cut the file into exactly the records (and errors) that reading the whole file at once gives.
@Suite struct RecordWindowTests {
    enum Item: Equatable {
        case record(value: String?, line: Int, row: Int, text: String)
        case error(reason: String, line: Int, character: Int, row: Int)
    }

    func wholeFile(_ text: String, stripOuterArray: Bool) -> [Item] {
        let bytes = Array(text.utf8)
        var items: [Item] = []
        bytes.withUnsafeBufferPointer { buffer in
            let scanner = JSONScanner(paths: JSONPathSet(strings: ["a"]))
            var documents = JSONDocuments(buffer, scanner: scanner, stripOuterArray: stripOuterArray)
            var slots: [JSONSlice?] = [nil]
            while true {
                do {
                    guard let record = try documents.next(into: &slots) else { break }
                    items.append(item(record, slots, buffer))
                } catch let error as JSONRecordError {
                    items.append(.error(reason: error.reason, line: error.line, character: error.character, row: error.rowNumber))
                } catch {
                    Issue.record("\(error)")
                    break
                }
            }
        }
        return items
    }

    func windowed(_ text: String, stripOuterArray: Bool, chunk: Int, piece: Int) throws -> [Item] {
        let reader = StagedFileReader(source: MemoryReader(Array(text.utf8), piece: piece), compression: .none)
        let window = RecordWindow(reader: reader, scanner: JSONScanner(paths: JSONPathSet(strings: ["a"])),
                                  stripOuterArray: stripOuterArray, skipByteOrderMark: true, chunk: chunk)
        var slots: [JSONSlice?] = [nil]
        var items: [Item] = []
        while true {
            do {
                guard let record = try window.next(into: &slots) else { break }
                items.append(item(record, slots, window.bytes))
            } catch let error as JSONRecordError {
                items.append(.error(reason: error.reason, line: error.line, character: error.character, row: error.rowNumber))
            }
        }
        return items
    }

    func item(_ record: JSONRecord, _ slots: [JSONSlice?], _ buffer: UnsafeBufferPointer<UInt8>) -> Item {
        let value = slots[0].map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0.start..<$0.end]), as: UTF8.self) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[record.start..<record.end]), as: UTF8.self)
        return .record(value: value, line: record.line, row: record.rowNumber, text: text)
    }

    static let files: [(String, Bool)] = [
        ("{\"a\": 1}\n{\"a\": \"two\"}\n\n{\"a\": [1, 2, {\"b\": 3}]}\n", false),
        ("\u{FEFF}{\"a\": 12345}\n{\"a\": 2.5e10}\r\n", false),
        ("{\"a\": 1}{\"a\": 2} {\"a\": 3}\n{\"a\":\n  4\n}\n", false),
        ("{\"a\": 1}\n{\"a\": \n{\"a\": 3}\n{\"a\": nul}\n{\"a\": \"é — ü\"}\n", false),
        ("[\n {\"a\": 1},\n {\"a\": 2} , {\"a\": 3}\n]\n", true),
        ("[{\"a\": 1}, {\"a\": 2}", true),
        ("  123  \n  \"text\"  \n", false),
        ("{\"a\": \"unterminated\n{\"a\": 2}\n", false),
        // An element followed by something other than ',' or ']': handed on however the windows are cut.
        ("[{\"a\": 1}, {\"a\": 2} x", true),
        ("[{\"a\": 1}, {\"a\": 2} ", true),
        // A second array after a window that ends at (or in the space after) the first one's ']' was
        // dropped with no error: the window's end was taken for the file's.
        ("[{\"a\": 1}, {\"a\": 2}]\n[{\"a\": 3}] [", true),
        // An empty array ended the file: what followed it was dropped with no error (found by the json
        // fuzz target); and a window ending between its '[' and ']' made the ']' an error.
        ("[]\n[{\"a\": 1}]", true),
        ("\n[\n\n \n\n\n]\n[{\"a\": 1}] []", true),
        ("[] x", true),
    ]

    @Test(arguments: 0..<files.count)
    func everyChunkSizeCutsTheSameRecords(_ index: Int) throws {
        let (text, strip) = Self.files[index]
        let expected = wholeFile(text, stripOuterArray: strip)
        for chunk in [1, 2, 3, 5, 8, 13, 64] {
            for piece in [1, 3, 1000] {
                let actual = try windowed(text, stripOuterArray: strip, chunk: chunk, piece: piece)
                #expect(actual == expected, "chunk \(chunk), piece \(piece)")
            }
        }
    }

    @Test func aRecordLargerThanTheLimitIsAnErrorAndTheNextRecordStillLoads() throws {
        let big = "{\"a\": \"" + String(repeating: "x", count: 300) + "\"}\n{\"a\": 2}\n"
        let reader = StagedFileReader(source: MemoryReader(Array(big.utf8)), compression: .none)
        let window = RecordWindow(reader: reader, scanner: JSONScanner(paths: JSONPathSet(strings: ["a"])),
                                  stripOuterArray: false, skipByteOrderMark: true, chunk: 16)
        window.documents.maximumRecordSize = 100
        var slots: [JSONSlice?] = [nil]
        #expect(throws: JSONRecordError.self) { _ = try window.next(into: &slots) }
        let record = try #require(try window.next(into: &slots))
        #expect(record.line == 2)
        #expect(record.rowNumber == 2)
        #expect(try window.next(into: &slots) == nil)
    }
}
