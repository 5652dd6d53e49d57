import ArrowIPC
import Foundation
import Testing

/// wh's Arrow IPC stream writer, read back by pyarrow (Tests/arrow/read_ipc.py, from scripts/setup's
/// .build/python): every column type, NULLs, empty strings, field metadata, an empty result.
@Suite struct ArrowStreamTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func readWithPyArrow(_ columns: [ArrowStream.Column]) throws -> [String: Any] {
        let python = Self.repository + "/.build/python/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "run scripts/setup: it installs pyarrow into .build/python")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("arrow-\(UUID().uuidString).arrows").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data(ArrowStream.write(columns)).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.repository + "/Tests/arrow/read_ipc.py", file]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(String(decoding: data, as: UTF8.self))")
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func everyTypeReadsBackAsWritten() throws {
        let columns: [ArrowStream.Column] = [
            .init(name: "I", kind: .int64, metadata: [("logicalType", "FIXED"), ("precision", "38"), ("scale", "0")],
                  values: [.int(1), nil, .int(-9_007_199_254_740_993)]),
            .init(name: "F", kind: .float64, metadata: [("logicalType", "REAL")], values: [.double(1.5), .double(-0.25), nil]),
            .init(name: "S", kind: .utf8, metadata: [("logicalType", "TEXT")], values: [.text("héllo"), .text(""), nil]),
            .init(name: "B", kind: .bool, metadata: [("logicalType", "BOOLEAN")], values: [.bool(true), .bool(false), nil]),
            .init(name: "D", kind: .date32, metadata: [("logicalType", "DATE")], values: [.int(19_799), .int(-1), nil]),
            .init(name: "X", kind: .binary, metadata: [("logicalType", "BINARY")], values: [.bytes([0xDE, 0xAD]), nil, .bytes([])]),
        ]
        let read = try readWithPyArrow(columns)
        let fields = read["fields"] as? [[String: Any]] ?? []
        #expect(fields.map { $0["type"] as? String } == ["int64", "double", "string", "bool", "date32[day]", "binary"])
        #expect(fields.map { $0["name"] as? String } == ["I", "F", "S", "B", "D", "X"])
        #expect((fields[0]["metadata"] as? [String: String]) == ["logicalType": "FIXED", "precision": "38", "scale": "0"])
        let rows = read["rows"] as? [[Any]] ?? []
        #expect(rows.count == 3)
        #expect(rows[0].map { "\($0)" } == ["1", "1.5", "héllo", "1", "2024-03-17", "dead"])
        #expect(rows[1].map { "\($0)" } == ["<null>", "-0.25", "", "0", "1969-12-31", "<null>"])
        #expect(rows[2].map { "\($0)" } == ["-9007199254740993", "<null>", "<null>", "<null>", "<null>", ""])
    }

    @Test func anEmptyResultHasItsSchema() throws {
        let read = try readWithPyArrow([.init(name: "EMPTY", kind: .utf8, values: [])])
        #expect((read["rows"] as? [[Any]])?.isEmpty == true)
        #expect((read["fields"] as? [[String: Any]])?.first?["name"] as? String == "EMPTY")
    }
}
