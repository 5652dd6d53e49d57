import Foundation
import Testing
@testable import Warehouse

@Suite struct JSONScannerTests {
    /// Scans `json` for `paths` and returns each path's value text (nil when missing).
    func project(_ json: String, _ paths: [String], options: JSONScanOptions = JSONScanOptions()) throws -> [String?] {
        let bytes = Array(json.utf8)
        let scanner = JSONScanner(paths: JSONPathSet(strings: paths), options: options)
        var slots = [JSONSlice?](repeating: nil, count: paths.count)
        return try bytes.withUnsafeBufferPointer { buffer in
            let end = try scanner.scan(buffer, from: 0, into: &slots)
            #expect(scanner.skipSpace(buffer, end) == buffer.count)
            return slots.map { slot in
                guard let slot else { return nil }
                if slot.kind == .string { return decodeString(buffer, slot.start, slot.end) }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[slot.start..<slot.end]), as: UTF8.self)
            }
        }
    }

    func error(_ json: String, options: JSONScanOptions = JSONScanOptions()) -> JSONScanError? {
        #expect(throws: JSONScanError.self) { try project(json, ["a"], options: options) }
        do { _ = try project(json, ["a"], options: options) } catch let error as JSONScanError { return error } catch {}
        return nil
    }

    @Test func projectsNestedPathsOfTheSeedsTelemetry() throws {
        let record = """
            {"truck_id": "TRK001", "gps_location": {"latitude": 35.8335, "longitude": -83.8281},
             "vehicle_health_and_maintenance": {"tire_pressure": {"front_left": 30.9}, "brake_status": "Good"},
             "tags": ["a", {"x": [1, 2]}], "nothing": null, "ok": true}
            """
        let values = try project(record, ["truck_id", "gps_location.latitude", "vehicle_health_and_maintenance.tire_pressure.front_left",
                                          "tags[1].x", "tags[0]", "nothing", "ok", "missing.path", "gps_location", "Truck_ID"])
        #expect(values == ["TRK001", "35.8335", "30.9", "[1, 2]", "a", "null", "true", nil,
                           "{\"latitude\": 35.8335, \"longitude\": -83.8281}", nil])
    }

    @Test func decodesEscapesInValuesAndKeys() throws {
        #expect(try project(#"{"\u0061b": "x\ty\u00e9\ud83d\ude9a", "c": "\\"}"#, ["ab", "c"]) == ["x\ty\u{e9}\u{1F69A}", "\\"])
    }

    @Test func theWholeDocumentIsTheEmptyPath() throws {
        #expect(try project(" [1, 2] ", [""]) == ["[1, 2]"])
    }

    @Test(arguments: [
        (#"{"a": 1"#, "unexpected end of data (truncated JSON)"),
        (#"{"a": "x"#, "unterminated string (truncated JSON)"),
        (#"{"a": nul}"#, "unexpected character 'n'"),
        (#"{"a": 1,}"#, "expected a key in double quotes but found '}'"),
        (#"{"a" 1}"#, "expected ':' after a key but found '1'"),
        (#"[1 2]"#, "expected ',' or ']' but found '2'"),
        ("{\"a\": \"x\u{0}\"}", "NUL byte in a string"),
        (#"{"a": 1, "a": 2}"#, #"duplicate key "a" (ALLOW_DUPLICATE = FALSE)"#),
        (#"{"a": -}"#, "invalid number"),
        ("", "empty document"),
    ])
    func malformedDocumentsAreErrorsWithAnOffset(json: String, reason: String) {
        #expect(error(json)?.reason == reason)
    }

    @Test func duplicatesAreAllowedWhenAsked() throws {
        #expect(try project(#"{"a": 1, "a": 2}"#, ["a"], options: JSONScanOptions(allowDuplicateKeys: true)) == ["2"])
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(error(deep)?.reason == "JSON nested more than 1000 levels deep")
        #expect(error(deep)?.offset == 1000)
        let fine = String(repeating: "[", count: 999) + String(repeating: "]", count: 999)
        #expect(throws: Never.self) { try project(fine, ["a"]) }
    }

    @Test func theOffsetPointsAtTheProblem() {
        #expect(error(#"{"a": 1, "b": tru}"#)?.offset == 14)
    }
}


@Suite struct JSONDeduplicateTests {
    @Test func theLastValueOfARepeatedKeyWinsAtAnyDepth() throws {
        let json = #"{"a": 1, "b": {"x": "\"q\"", "x": [1, {"y": 1, "y": null}]}, "a": 2}"#
        let bytes = Array(json.utf8)
        let scanner = JSONScanner(paths: JSONPathSet(strings: ["a"]), options: JSONScanOptions(allowDuplicateKeys: true))
        var slots: [JSONSlice?] = [nil]
        try bytes.withUnsafeBufferPointer { buffer in
            let end = try scanner.scan(buffer, from: 0, into: &slots)
            #expect(scanner.lastDocumentHadDuplicateKeys)
            #expect(slots[0].map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0.start..<$0.end]), as: UTF8.self) } == "2")
            #expect(JSONDeduplicate.rewrite(buffer, from: 0, to: end) == #"{"a":2,"b":{"x":[1,{"y":null}]}}"#)
        }
        let clean = Array(#"{"a": 1}"#.utf8)
        try clean.withUnsafeBufferPointer { buffer in
            _ = try scanner.scan(buffer, from: 0, into: &slots)
            #expect(!scanner.lastDocumentHadDuplicateKeys)
        }
    }
}
