import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Warehouse

/// `POST /` with `X-Amz-Target`: the AWS JSON protocol, as boto3 speaks it (Kinesis, Firehose, DynamoDB). A
/// Kinesis stream is a stage: the stage of that exact name, or of its name upper-cased; the seed
/// names its stages after its Kinesis streams too. Requests are SigV4-signed by boto3; like AWS's own
/// emulators, wh does not check the signature (it listens on loopback unless given a token).
struct AWSJSONRoute: Sendable {
    let readers: ReaderPool
    let writer: WarehouseWorker
    let buffers: StageBuffers
    let limits: ServerConfiguration.Limits

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        let requestID = context.id
        guard let target = request.headers[HTTPField.Name("X-Amz-Target")!] else {
            return AWSError(type: "UnknownOperationException", message: "no X-Amz-Target header: wh's AWS door answers the JSON protocol's POST /").response(requestID)
        }
        let parts = target.split(separator: ".", maxSplits: 1).map(String.init)
        guard let bytes = try await request.collectedBody(upTo: limits.bodyBytes) else {
            return AWSError(type: "ValidationException", message: "the request is larger than \(limits.bodyBytes) bytes").response(requestID)
        }
        if parts.first == "DynamoDB_20120810" {
            guard let body = JSONValue.parse(Array(bytes.readableBytesView)), body.members != nil else {
                return AWSError(type: "SerializationException", message: "the body is not a JSON object").response(requestID)
            }
            do { return try await DynamoDBAPI(route: self).handle(parts.count > 1 ? parts[1] : "", body).response(requestID) } catch let error as AWSError {
                return error.response(requestID)
            }
        }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] else {
            return AWSError(type: "SerializationException", message: "the body is not a JSON object").response(requestID)
        }
        do {
            switch (parts.first, parts.count > 1 ? parts[1] : "") {
            case ("Kinesis_20131202", let operation):
                return try await KinesisAPI(route: self).handle(operation, body).response(requestID)
            case ("Firehose_20150804", let operation):
                return try await FirehoseAPI(route: self).handle(operation, body).response(requestID)
            default:
                throw AWSError(type: "UnknownOperationException",
                               message: "\(target) is not supported by wh yet: its AWS door answers Kinesis (Kinesis_20131202.*), Firehose (Firehose_20150804.*) and DynamoDB (DynamoDB_20120810.*)")
            }
        } catch let error as AWSError {
            return error.response(requestID)
        }
    }

    /// Puts each record's base64 Data (a JSON object) into the stage's buffer, all in one durable
    /// file; per record, in order, the number it was given or why it was refused.
    func putEach(_ records: [[String: Any]], directory: String) async throws -> [Result<String, AWSError>] {
        var lines: [ArraySlice<UInt8>] = []
        var keys: [String] = []
        var outcomes: [AWSError?] = []
        for (index, record) in records.enumerated() {
            do {
                lines.append(try KinesisAPI.line(fromBase64: record["Data"], which: "record \(index)"))
                keys.append(record["PartitionKey"] as? String ?? "")
                outcomes.append(nil)
            } catch let error as AWSError {
                outcomes.append(error)
            }
        }
        guard !lines.isEmpty else { return outcomes.map { .failure($0!) } }
        let placement = try await buffers.place(lines, keys: keys, directory: directory)
        var line = placement.firstLine
        return outcomes.map { error in
            if let error { return .failure(error) }
            defer { line += 1 }
            return .success(KinesisRecords.sequenceNumber(file: placement.file, line: line) ?? "")
        }
    }

    /// The directory of the stage a stream or bucket name stands for.
    func stageDirectory(_ name: String) async throws -> String? {
        try await readers.stage(named: name)?.directory
    }
}

/// An AWS JSON-protocol answer: 200 with a JSON body (DynamoDB speaks JSON 1.0, the others 1.1).
struct AWSReply {
    var json: String
    var contentType = "application/x-amz-json-1.1"

    func response(_ requestID: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(json)
        return Response(status: .ok, headers: [.contentType: contentType, HTTPField.Name("x-amzn-RequestId")!: requestID],
                        body: .init(byteBuffer: buffer))
    }
}

/// An AWS JSON-protocol error: status 400 (or as given) and `{"__type": …, "message": …}`, from
/// which botocore raises the modelled exception.
struct AWSError: Error, Equatable {
    var type: String
    var message: String
    var status: HTTPResponse.Status = .badRequest

    func response(_ requestID: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString("{\"__type\":\(JSONString.quoted(type)),\"message\":\(JSONString.quoted(message))}")
        return Response(status: status, headers: [.contentType: "application/x-amz-json-1.1", HTTPField.Name("x-amzn-RequestId")!: requestID],
                        body: .init(byteBuffer: buffer))
    }
}
