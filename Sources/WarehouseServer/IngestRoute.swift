import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Warehouse

/// `POST /v1/stages/{stage}/records`: the Kinesis/Firehose door. Records are buffered per stage and
/// answered 200 once durable in a stage file, where the stage's pipe loads them exactly once.
struct IngestRoute: Sendable {
    let readers: ReaderPool
    let writer: WarehouseWorker
    let buffers: StageBuffers
    let limits: ServerConfiguration.Limits
    let gate = IdempotencyGate()

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        let stage = context.parameters.get("stage") ?? ""
        guard Self.isPlainName(stage) else {
            throw APIError(.badRequest, code: "invalid_stage_name", message: "'\(stage)' is not a stage name",
                           hint: "a stage name is letters, digits, _ and $, starting with a letter or _ (no '/', no '..')")
        }
        if let type = request.headers[.contentType], !Self.acceptedContentTypes.contains(where: { type.lowercased().hasPrefix($0) }) {
            throw APIError(.unsupportedMediaType, code: "unsupported_content_type", message: "content type '\(type)' is not JSON",
                           hint: "send application/json (an object or an array of objects) or application/x-ndjson (one object per line)")
        }
        guard let body = try await request.collectedBody(upTo: limits.bodyBytes).map({ Array($0.readableBytesView) }) else {
            throw APIError.bodyTooLarge(limit: limits.bodyBytes, hint: "split the records over several requests (the server's --max-body-bytes sets the limit)")
        }
        let records: [ArraySlice<UInt8>]
        do {
            records = try IngestBody.records(in: body, limit: limits.recordsPerRequest)
        } catch {
            var refusal = APIError(.badRequest, code: "invalid_records", message: error.reason + "; nothing of this request was accepted",
                                   hint: "send one JSON object, a JSON array of objects, or NDJSON with one object per line")
            if let index = error.index { refusal.extra = [("record_index", String(index))] }
            throw refusal
        }
        guard let (stage, directory) = try await readers.stage(named: stage) else {
            let names = try await readers.run { try $0.stageNames() }
            throw APIError(.notFound, code: "unknown_stage", message: "stage '\(stage.uppercased())' does not exist",
                           hint: names.isEmpty ? "create one with CREATE STAGE (wh init --seed makes the seed's)"
                                               : "stages: " + names.joined(separator: ", "))
        }
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else {
            return Response.json(try await stageRecords(records, stage: stage, directory: directory))
        }
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let answer = try await gate.once(key: key) {
            if let previous = try await readers.run({ try $0.rememberedIngestRequest(key: key) }) {
                guard previous.bodySHA256 == digest else {
                    throw APIError(.unprocessableContent, code: "idempotency_key_reused",
                                   message: "Idempotency-Key '\(key)' was used within 24 hours for a different body",
                                   hint: "use a new key for a new request; a retry must send the same body")
                }
                return previous.response
            }
            let response = try await stageRecords(records, stage: stage, directory: directory)
            let remembered = RememberedIngestRequest(bodySHA256: digest, status: 200, response: response)
            try await writer.run { try $0.rememberIngestRequest(key: key, remembered) }
            return response
        }
        return Response.json(answer)
    }

    private func stageRecords(_ records: [ArraySlice<UInt8>], stage: String, directory: String) async throws -> String {
        let file = try await buffers.append(records.map(IngestBody.line), directory: directory)
        return "{\"stage\":\(JSONString.quoted(stage)),\"accepted\":\(records.count),\"file\":\(JSONString.quoted(file))}"
    }

    /// JSON's types, and the form type `curl -d` sends unless told otherwise (the body must still be
    /// JSON records). CSV, XML, multipart forms and the like are refused.
    static let acceptedContentTypes = ["application/json", "application/x-ndjson", "application/ndjson", "application/jsonl",
                                       "application/x-jsonlines", "text/plain", "application/x-www-form-urlencoded"]

    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "$") }
            && name.count <= 255
    }
}

/// Requests with the same Idempotency-Key run one at a time, so two copies arriving together do not
/// both write: the second waits and finds the first's answer.
actor IdempotencyGate {
    private var running: [String: Task<String, Error>] = [:]

    func once(key: String, _ body: @escaping @Sendable () async throws -> String) async throws -> String {
        while let task = running[key] { _ = try? await task.value }
        let task = Task { try await body() }
        running[key] = task
        defer { running[key] = nil }
        return try await task.value
    }
}
