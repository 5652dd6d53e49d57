import Foundation
import Warehouse

/// Kinesis operations on stages. Records go through the same durable buffers as
/// `POST /v1/stages/{stage}/records`: a put is answered only once its records are in a stage file,
/// which the stage's pipe loads exactly once. wh stages hold JSON records, so a record's Data must
/// be a JSON object (its text, as the seed's producers send `json.dumps(record)`).
struct KinesisAPI {
    let route: AWSJSONRoute
    static let shardID = "shardId-000000000000"

    func handle(_ operation: String, _ body: [String: Any]) async throws -> AWSReply {
        switch operation {
        case "PutRecord":
            let stream = try streamName(body)
            let directory = try await stage(stream)
            switch try await route.putEach([body], directory: directory)[0] {
            case .success(let number):
                return AWSReply(json: "{\"ShardId\":\"\(Self.shardID)\",\"SequenceNumber\":\"\(number)\",\"EncryptionType\":\"NONE\"}")
            case .failure(var error):
                error.message = error.message.replacingOccurrences(of: "record 0", with: "the record")
                throw error
            }
        case "PutRecords":
            let stream = try streamName(body)
            let directory = try await stage(stream)
            guard let records = body["Records"] as? [[String: Any]], !records.isEmpty, records.count <= 500 else {
                throw AWSError(type: "ValidationException", message: "Records must hold 1 to 500 records")
            }
            let outcomes = try await route.putEach(records, directory: directory)
            let entries = outcomes.map { outcome in
                switch outcome {
                case .success(let number): return "{\"SequenceNumber\":\"\(number)\",\"ShardId\":\"\(Self.shardID)\"}"
                case .failure(let error): return "{\"ErrorCode\":\"InvalidArgumentException\",\"ErrorMessage\":\(JSONString.quoted(error.message))}"
                }
            }
            let failed = outcomes.filter { if case .failure = $0 { return true } else { return false } }.count
            return AWSReply(json: "{\"FailedRecordCount\":\(failed),\"Records\":[" + entries.joined(separator: ",") + "],\"EncryptionType\":\"NONE\"}")
        case "CreateStream":
            let stream = try streamName(body)
            if try await route.stageDirectory(stream) != nil {
                throw AWSError(type: "ResourceInUseException", message: "Stream \(stream) under account 000000000000 already exists.")
            }
            let quoted = "\"" + stream.replacingEvery("\"", with: "\"\"") + "\""
            _ = try await route.writer.run { try $0.execute("CREATE STAGE \(quoted) FILE_FORMAT = (TYPE = 'JSON')") }
            return AWSReply(json: "{}")
        case "DeleteStream":
            let stream = try streamName(body)
            _ = try await stage(stream)
            let quoted = "\"" + stream.replacingEvery("\"", with: "\"\"") + "\""
            // The stage goes; an external stage's directory and files stay, as DROP STAGE leaves them.
            _ = try await route.writer.run { warehouse in
                let named = (try? warehouse.directory(ofStage: quoted)) != nil ? quoted : stream
                return try warehouse.execute("DROP STAGE \(named)")
            }
            return AWSReply(json: "{}")
        case "DescribeStream", "DescribeStreamSummary":
            let stream = try streamName(body)
            _ = try await stage(stream)
            let arn = JSONString.quoted("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream)
            let common = "\"StreamName\":\(JSONString.quoted(stream)),\"StreamARN\":\(arn),\"StreamStatus\":\"ACTIVE\","
                + "\"StreamModeDetails\":{\"StreamMode\":\"PROVISIONED\"},\"RetentionPeriodHours\":24,"
                + "\"StreamCreationTimestamp\":\(Int(Date().timeIntervalSince1970)),\"EnhancedMonitoring\":[{\"ShardLevelMetrics\":[]}],\"EncryptionType\":\"NONE\""
            if operation == "DescribeStreamSummary" {
                return AWSReply(json: "{\"StreamDescriptionSummary\":{" + common + ",\"OpenShardCount\":1,\"ConsumerCount\":0}}")
            }
            return AWSReply(json: "{\"StreamDescription\":{" + common + ",\"Shards\":[" + Self.shard + "],\"HasMoreShards\":false}}")
        case "ListShards":
            _ = try await stage(try streamName(body))
            return AWSReply(json: "{\"Shards\":[" + Self.shard + "]}")
        case "GetShardIterator":
            _ = try await stage(try streamName(body))
            guard body["ShardId"] as? String == Self.shardID else {
                throw AWSError(type: "ResourceNotFoundException", message: "Shard \(body["ShardId"] as? String ?? "") does not exist (a wh stream has one shard, \(Self.shardID))")
            }
            let position: KinesisRecords.Position
            switch body["ShardIteratorType"] as? String {
            case "TRIM_HORIZON": position = .init(sequence: "", inclusive: false)
            case "LATEST": position = KinesisRecords.position(at: Date().timeIntervalSince1970)
            case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER":
                guard let number = body["StartingSequenceNumber"] as? String, number.count == KinesisRecords.length, number.allSatisfy(\.isNumber) else {
                    throw AWSError(type: "InvalidArgumentException", message: "StartingSequenceNumber is not a sequence number of this stream")
                }
                position = .init(sequence: number, inclusive: body["ShardIteratorType"] as? String == "AT_SEQUENCE_NUMBER")
            case "AT_TIMESTAMP":
                guard let seconds = (body["Timestamp"] as? NSNumber)?.doubleValue else {
                    throw AWSError(type: "InvalidArgumentException", message: "AT_TIMESTAMP needs a Timestamp")
                }
                position = KinesisRecords.position(at: seconds)
            default:
                throw AWSError(type: "InvalidArgumentException", message: "ShardIteratorType must be TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP")
            }
            let stream = try streamName(body)
            return AWSReply(json: "{\"ShardIterator\":\(JSONString.quoted(stream + "|" + position.iterator))}")
        case "GetRecords":
            guard let iterator = body["ShardIterator"] as? String, let bar = iterator.lastIndex(of: "|"),
                  let position = KinesisRecords.Position(iterator: String(iterator[iterator.index(after: bar)...])) else {
                throw AWSError(type: "InvalidArgumentException", message: "ShardIterator is not one GetShardIterator gave")
            }
            let stream = String(iterator[..<bar])
            let directory = try await stage(stream)
            let limit = min(max((body["Limit"] as? Int) ?? 10_000, 1), 10_000)
            let (records, reachedEnd) = try KinesisRecords.read(directory: directory, from: position, limit: limit)
            let next = records.last.map { KinesisRecords.Position(sequence: $0.sequenceNumber, inclusive: false) } ?? position
            let behind = reachedEnd ? 0 : Int(max(0, (Date().timeIntervalSince1970 - (records.last?.arrival ?? 0)) * 1000))
            let entries = records.map { record in
                "{\"SequenceNumber\":\"\(record.sequenceNumber)\",\"ApproximateArrivalTimestamp\":\(record.arrival),"
                    + "\"Data\":\"\(Data(record.data).base64EncodedString())\",\"PartitionKey\":\(JSONString.quoted(record.partitionKey)),\"EncryptionType\":\"NONE\"}"
            }
            return AWSReply(json: "{\"Records\":[" + entries.joined(separator: ",") + "],\"NextShardIterator\":\(JSONString.quoted(stream + "|" + next.iterator)),"
                + "\"MillisBehindLatest\":\(behind)}")
        case "ListStreams":
            let names = try await route.readers.run { try $0.stageNames() }
            return AWSReply(json: "{\"StreamNames\":[" + names.map(JSONString.quoted).joined(separator: ",") + "],\"HasMoreStreams\":false,"
                + "\"StreamSummaries\":[" + names.map { "{\"StreamName\":\(JSONString.quoted($0)),\"StreamStatus\":\"ACTIVE\"}" }.joined(separator: ",") + "]}")
        default:
            throw AWSError(type: "UnknownOperationException",
                           message: "Kinesis \(operation) is not supported by wh yet (PutRecord, PutRecords, GetShardIterator, GetRecords, CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams and ListShards are)")
        }
    }

    static let shard = "{\"ShardId\":\"\(shardID)\",\"HashKeyRange\":{\"StartingHashKey\":\"0\",\"EndingHashKey\":\"340282366920938463463374607431768211455\"},"
        + "\"SequenceNumberRange\":{\"StartingSequenceNumber\":\"49000000000000000000000000000000\"}}"

    private func streamName(_ body: [String: Any]) throws -> String {
        if let name = body["StreamName"] as? String, !name.isEmpty { return name }
        if let arn = body["StreamARN"] as? String, let name = arn.split(separator: "/").last { return String(name) }
        throw AWSError(type: "ValidationException", message: "StreamName is required")
    }

    private func stage(_ stream: String) async throws -> String {
        guard let directory = try await route.stageDirectory(stream) else {
            throw AWSError(type: "ResourceNotFoundException", message: "Stream \(stream) under account 000000000000 not found.")
        }
        return directory
    }

    /// A record's Data (base64) as one NDJSON line: it must be a JSON object.
    static func line(fromBase64 data: Any?, which: String) throws -> ArraySlice<UInt8> {
        guard let text = data as? String, let bytes = Data(base64Encoded: text) else {
            throw AWSError(type: "ValidationException", message: "\(which) has no base64 Data")
        }
        do {
            let records = try IngestBody.records(in: Array(bytes), limit: 1)
            return IngestBody.line(records[0])
        } catch {
            throw AWSError(type: "ValidationException",
                           message: "\(which): \(error.reason.replacingOccurrences(of: "record 0 ", with: "its Data ")); a wh stream is a stage of JSON records, so Data must be a JSON object")
        }
    }
}
