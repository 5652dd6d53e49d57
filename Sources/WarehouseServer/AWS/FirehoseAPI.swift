import Foundation
import Warehouse

/// Firehose operations on stages: a delivery stream is a stage (found as a Kinesis stream is), and
/// its records go through the same durable buffers — which is what Firehose itself is.
struct FirehoseAPI {
    let route: AWSJSONRoute

    func handle(_ operation: String, _ body: [String: Any]) async throws -> AWSReply {
        switch operation {
        case "PutRecord":
            let directory = try await stage(try name(body))
            switch try await route.putEach([(body["Record"] as? [String: Any]) ?? [:]], directory: directory)[0] {
            case .success(let id): return AWSReply(json: "{\"RecordId\":\(JSONString.quoted(id)),\"Encrypted\":false}")
            case .failure(var error):
                error.message = error.message.replacingOccurrences(of: "record 0", with: "the record")
                throw error
            }
        case "PutRecordBatch":
            let directory = try await stage(try name(body))
            guard let records = body["Records"] as? [[String: Any]], !records.isEmpty, records.count <= 500 else {
                throw AWSError(type: "InvalidArgumentException", message: "Records must hold 1 to 500 records")
            }
            let outcomes = try await route.putEach(records, directory: directory)
            let entries = outcomes.map { outcome in
                switch outcome {
                case .success(let id): return "{\"RecordId\":\(JSONString.quoted(id))}"
                case .failure(let error): return "{\"ErrorCode\":\"InvalidArgumentException\",\"ErrorMessage\":\(JSONString.quoted(error.message))}"
                }
            }
            let failed = outcomes.filter { if case .failure = $0 { return true } else { return false } }.count
            return AWSReply(json: "{\"FailedPutCount\":\(failed),\"Encrypted\":false,\"RequestResponses\":[" + entries.joined(separator: ",") + "]}")
        case "ListDeliveryStreams":
            let names = try await route.readers.run { try $0.stageNames() }
            return AWSReply(json: "{\"DeliveryStreamNames\":[" + names.map(JSONString.quoted).joined(separator: ",") + "],\"HasMoreDeliveryStreams\":false}")
        case "DescribeDeliveryStream":
            let stream = try name(body)
            _ = try await stage(stream)
            return AWSReply(json: "{\"DeliveryStreamDescription\":{\"DeliveryStreamName\":\(JSONString.quoted(stream)),"
                + "\"DeliveryStreamARN\":\(JSONString.quoted("arn:aws:firehose:us-east-1:000000000000:deliverystream/" + stream)),"
                + "\"DeliveryStreamStatus\":\"ACTIVE\",\"DeliveryStreamType\":\"DirectPut\",\"VersionId\":\"1\",\"Destinations\":[],\"HasMoreDestinations\":false}}")
        case "CreateDeliveryStream":
            let stream = try name(body)
            if try await route.stageDirectory(stream) != nil {
                throw AWSError(type: "ResourceInUseException", message: "Firehose \(stream) under account 000000000000 already exists.")
            }
            let quoted = "\"" + stream.replacingEvery("\"", with: "\"\"") + "\""
            _ = try await route.writer.run { try $0.execute("CREATE STAGE \(quoted) FILE_FORMAT = (TYPE = 'JSON')") }
            return AWSReply(json: "{\"DeliveryStreamARN\":\(JSONString.quoted("arn:aws:firehose:us-east-1:000000000000:deliverystream/" + stream))}")
        default:
            throw AWSError(type: "UnknownOperationException",
                           message: "Firehose \(operation) is not supported by wh yet (PutRecord, PutRecordBatch, CreateDeliveryStream, DescribeDeliveryStream and ListDeliveryStreams are)")
        }
    }

    private func name(_ body: [String: Any]) throws -> String {
        guard let name = body["DeliveryStreamName"] as? String, !name.isEmpty else {
            throw AWSError(type: "InvalidArgumentException", message: "DeliveryStreamName is required")
        }
        return name
    }

    private func stage(_ stream: String) async throws -> String {
        guard let directory = try await route.stageDirectory(stream) else {
            throw AWSError(type: "ResourceNotFoundException", message: "Firehose \(stream) under account 000000000000 not found.")
        }
        return directory
    }
}
