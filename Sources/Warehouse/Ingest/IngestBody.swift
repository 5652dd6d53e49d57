/// The records of one ingest request: one JSON object, a JSON array of objects, or NDJSON (objects
/// one per line; blank lines are skipped). Each record comes out as one line of NDJSON, its bytes as
/// sent except that whitespace line breaks inside it become spaces. Any record that is not a JSON
/// object refuses the whole body, naming the record's index. What `wh serve`'s ingest route and
/// Kinesis's PutRecord(s) accept (here, beside the engine, so the fuzz targets reach it).
public enum IngestBody {
    /// Why a body is refused.
    public struct Refusal: Error, Equatable {
        /// The index of the first bad record (0-based), when one record is to blame.
        public var index: Int?
        public var reason: String
    }

    /// The body's records, at most `limit` of them.
    public static func records(in body: [UInt8], limit: Int) throws(Refusal) -> [ArraySlice<UInt8>] {
        guard String(validating: body, as: UTF8.self) != nil else {
            throw Refusal(index: nil, reason: "the body is not valid UTF-8")
        }
        var start = skipSpace(body, 0)
        guard start < body.count else { throw Refusal(index: nil, reason: "the body is empty; send a JSON object, an array of objects or NDJSON") }
        var pieces: [ArraySlice<UInt8>] = []
        if body[start] == UInt8(ascii: "[") {
            // A JSON array: its elements at depth one.
            start = skipSpace(body, start + 1)
            if start < body.count, body[start] == UInt8(ascii: "]") {
                guard skipSpace(body, start + 1) == body.count else { throw Refusal(index: nil, reason: "text follows the array's closing ]") }
                throw Refusal(index: nil, reason: "the array holds no records")
            }
            while true {
                guard start < body.count else { throw Refusal(index: pieces.count, reason: "the array is not closed (truncated JSON?)") }
                let end = try valueEnd(body, start, index: pieces.count)
                pieces.append(body[start..<end])
                guard pieces.count <= limit else { throw Refusal(index: nil, reason: "more than \(limit) records in one request") }
                var next = skipSpace(body, end)
                guard next < body.count else { throw Refusal(index: pieces.count - 1, reason: "the array is not closed (truncated JSON?)") }
                if body[next] == UInt8(ascii: "]") {
                    guard skipSpace(body, next + 1) == body.count else { throw Refusal(index: nil, reason: "text follows the array's closing ]") }
                    break
                }
                guard body[next] == UInt8(ascii: ",") else { throw Refusal(index: pieces.count, reason: "expected , or ] after record \(pieces.count - 1)") }
                next = skipSpace(body, next + 1)
                start = next
            }
        } else {
            // One object or NDJSON: values one after another.
            while start < body.count {
                let end = try valueEnd(body, start, index: pieces.count)
                pieces.append(body[start..<end])
                guard pieces.count <= limit else { throw Refusal(index: nil, reason: "more than \(limit) records in one request") }
                start = skipSpace(body, end)
            }
        }
        // One reader for the request: COPY's (not Foundation's parser, which takes trailing commas and
        // would let through records the load then rejects). Duplicate keys are left to the loading file
        // format's ALLOW_DUPLICATE.
        let scanner = JSONScanner(paths: JSONPathSet([]), options: JSONScanOptions(allowDuplicateKeys: true))
        for (index, piece) in pieces.enumerated() {
            guard piece.first == UInt8(ascii: "{") else {
                throw Refusal(index: index, reason: "record \(index) is a JSON \(kind(of: piece)), not an object")
            }
            guard isValid(piece, scanner) else { throw Refusal(index: index, reason: "record \(index) is not valid JSON") }
        }
        return pieces
    }

    /// Whether `record` is one whole JSON document to `scanner`.
    private static func isValid(_ record: ArraySlice<UInt8>, _ scanner: JSONScanner) -> Bool {
        var bytes = Array(record)
        bytes.append(0)   // the reader parses numbers in place and needs a 0 after the bytes
        var slots: [JSONSlice?] = []
        return bytes.withUnsafeBufferPointer { buffer in
            let document = UnsafeBufferPointer(rebasing: buffer[0..<record.count])
            guard let end = try? scanner.scan(document, from: 0, into: &slots) else { return false }
            return scanner.skipSpace(document, end) == document.count
        }
    }

    /// `record` as one NDJSON line: JSON strings hold no raw line breaks, so every one is whitespace.
    public static func line(_ record: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard record.contains(where: { $0 == 10 || $0 == 13 }) else { return record }
        return ArraySlice(record.map { $0 == 10 || $0 == 13 ? 32 : $0 })
    }

    private static func kind(of value: ArraySlice<UInt8>) -> String {
        switch value.first {
        case UInt8(ascii: "["): return "array"
        case UInt8(ascii: "\""): return "string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "boolean"
        case UInt8(ascii: "n"): return "null"
        default: return "number"
        }
    }

    private static func skipSpace(_ b: [UInt8], _ i: Int) -> Int {
        var i = i
        while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 }
        return i
    }

    /// Where the JSON value starting at `start` ends: brackets and strings balanced, a scalar up to
    /// the next structural byte or space. The value's grammar is checked afterwards by a parser.
    private static func valueEnd(_ b: [UInt8], _ start: Int, index: Int) throws(Refusal) -> Int {
        var depth = 0, i = start, inString = false
        while i < b.count {
            let c = b[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false; if depth == 0 { return i + 1 } }
            } else {
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth < 0 { throw Refusal(index: index, reason: "record \(index) has an unmatched \(Character(UnicodeScalar(c)))") }
                    if depth == 0 { return i + 1 }
                case 32, 9, 10, 13, UInt8(ascii: ","):
                    if depth == 0 {
                        guard i > start else { throw Refusal(index: index, reason: "record \(index) is not valid JSON") }
                        return i
                    }
                default: break
                }
            }
            i += 1
        }
        if depth == 0 && !inString && i > start { return i }
        throw Refusal(index: index, reason: "record \(index) is not valid JSON (truncated?)")
    }
}
