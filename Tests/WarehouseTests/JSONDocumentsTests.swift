import Foundation
import Testing
import Warehouse

@Suite struct JSONDocumentsTests {
    struct Outcome: Equatable {
        var values: [String?]
        var line: Int
        var row: Int
    }

    /// Reads every record of `text`, collecting values of path `a` and errors (reason, line, character).
    func read(_ text: String, stripOuterArray: Bool = false) -> ([Outcome], [(String, Int, Int)]) {
        let bytes = Array(text.utf8)
        var outcomes: [Outcome] = []
        var errors: [(String, Int, Int)] = []
        bytes.withUnsafeBufferPointer { buffer in
            let scanner = JSONScanner(paths: JSONPathSet(strings: ["a"]))
            var documents = JSONDocuments(buffer, scanner: scanner, stripOuterArray: stripOuterArray)
            var slots: [JSONSlice?] = [nil]
            while true {
                do {
                    guard let record = try documents.next(into: &slots) else { break }
                    let value = slots[0].map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0.start..<$0.end]), as: UTF8.self) }
                    outcomes.append(Outcome(values: [value], line: record.line, row: record.rowNumber))
                } catch let error as JSONRecordError {
                    errors.append((error.reason, error.line, error.character))
                } catch {
                    Issue.record("unexpected error \(error)")
                    break
                }
            }
        }
        return (outcomes, errors)
    }

    @Test func ndjsonWithBlankLinesAndAByteOrderMark() {
        let (records, errors) = read("\u{FEFF}{\"a\": 1}\n\n{\"a\": 2}\r\n   \n{\"b\": 3}\n")
        #expect(records == [Outcome(values: ["1"], line: 1, row: 1), Outcome(values: ["2"], line: 3, row: 2),
                            Outcome(values: [nil], line: 5, row: 3)])
        #expect(errors.isEmpty)
    }

    @Test func concatenatedAndMultiLineDocuments() {
        let (records, _) = read("{\"a\": 1}{\"a\": 2} {\n  \"a\": [3]\n}\n")
        #expect(records.map(\.values) == [["1"], ["2"], ["[3]"]])
        #expect(records.map(\.line) == [1, 1, 1])
    }

    @Test func anOuterArrayIsOneRecordUnlessStripped() {
        #expect(read("[{\"a\": 1}, {\"a\": 2}]").0.count == 1)
        let (records, errors) = read("[\n {\"a\": 1},\n {\"a\": 2}\n]\n", stripOuterArray: true)
        #expect(records.map(\.values) == [["1"], ["2"]])
        #expect(records.map(\.line) == [2, 3])
        #expect(errors.isEmpty)
        #expect(read("[]", stripOuterArray: true).0.isEmpty)
        #expect(read("{\"a\": 1}", stripOuterArray: true).1.first?.0 == "STRIP_OUTER_ARRAY = TRUE but the file does not start with [")
    }

    @Test func aBadLineIsReportedAndTheNextLinesStillLoad() {
        let (records, errors) = read("{\"a\": 1}\n{\"a\": 2\n{\"a\": 3}\n{\"a\": x}\n{\"a\": 5}\n")
        #expect(records.map(\.values) == [["1"], ["3"], ["5"]])
        #expect(records.map(\.row) == [1, 3, 5])
        #expect(errors.map(\.0) == ["expected ',' or '}' but found '{' (the record starting on line 2 is not complete)", "unexpected character 'x'"])
        #expect(errors.map(\.1) == [3, 4])
        #expect(errors.map(\.2) == [1, 7])
    }

    @Test func anEmptyFileHasNoRecords() {
        #expect(read("").0.isEmpty)
        #expect(read("\n\n  \n").1.isEmpty)
    }

    /// Mutated telemetry (bytes dropped, flipped, inserted) always ends, never crashes, and never takes
    /// more steps than the file has bytes.
    @Test func mutatedFilesAlwaysEnd() {
        let sample = "{\"truck_id\": \"TRK001\", \"gps\": {\"lat\": 35.8, \"tags\": [1, \"x\", null, true]}}\n"
        var state: UInt64 = 42
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
        let alphabet = Array("{}[]\",:\\ \n0123456789.-eEtrufalsn\u{0}é".utf8)
        for _ in 0..<500 {
            var bytes = Array(String(repeating: sample, count: 3).utf8)
            for _ in 0..<(1 + random(6)) {
                let at = random(bytes.count)
                switch random(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes[at] = alphabet[random(alphabet.count)]
                default: bytes.insert(alphabet[random(alphabet.count)], at: at)
                }
            }
            for strip in [false, true] {
                bytes.withUnsafeBufferPointer { buffer in
                    var documents = JSONDocuments(buffer, scanner: JSONScanner(paths: JSONPathSet(strings: ["gps.tags[1]"])),
                                                  stripOuterArray: strip)
                    var slots: [JSONSlice?] = [nil]
                    var steps = 0
                    while steps <= buffer.count + 2 {
                        steps += 1
                        do { if try documents.next(into: &slots) == nil { break } } catch {}
                    }
                    #expect(steps <= buffer.count + 2)
                }
            }
        }
    }
}
