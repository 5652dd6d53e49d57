import Foundation
import Warehouse

/// DynamoDB operations on key-value tables (`DynamoDB_20120810.*`, JSON 1.0). Parses the request,
/// calls one engine method, writes the answer; the items' semantics live in the engine.
struct DynamoDBAPI {
    let route: AWSJSONRoute

    func handle(_ operation: String, _ body: JSONValue) async throws -> AWSReply {
        do {
            return try await answer(operation, body)
        } catch let error as DynamoDBError {
            throw AWSError(type: error.type, message: error.message)
        } catch let error as WarehouseError {
            // What the table itself refuses (NOT NULL, a value its column's type cannot hold).
            throw AWSError(type: "ValidationException", message: error.message + (error.hint.map { " (\($0))" } ?? ""))
        }
    }

    private func answer(_ operation: String, _ body: JSONValue) async throws -> AWSReply {
        let placeholders = try Self.placeholders(body)
        let conditions = DynamoDBConditions(condition: body["ConditionExpression"]?.stringValue, placeholders: placeholders)
        let returnValues = body["ReturnValues"]?.stringValue ?? "NONE"
        switch operation {
        case "PutItem":
            let table = try Self.tableName(body)
            let item = try AttributeValue.item(body["Item"], what: "item")
            let old = try await route.writer.run { try $0.dynamoDBPutItem(table: table, item: item, conditions: conditions) }
            return reply([("Attributes", returnValues == "ALL_OLD" ? old.map(AttributeValue.itemJSON) : nil)])
        case "GetItem":
            let table = try Self.tableName(body)
            let key = try AttributeValue.item(body["Key"], what: "key")
            let projection = body["ProjectionExpression"]?.stringValue
            let item = try await route.readers.run { try $0.dynamoDBGetItem(table: table, key: key, projection: projection, names: placeholders.names) }
            return reply([("Item", item.map(AttributeValue.itemJSON))])
        case "DeleteItem":
            let table = try Self.tableName(body)
            let key = try AttributeValue.item(body["Key"], what: "key")
            let old = try await route.writer.run { try $0.dynamoDBDeleteItem(table: table, key: key, conditions: conditions) }
            return reply([("Attributes", returnValues == "ALL_OLD" ? old.map(AttributeValue.itemJSON) : nil)])
        case "UpdateItem":
            let table = try Self.tableName(body)
            let key = try AttributeValue.item(body["Key"], what: "key")
            let update = body["UpdateExpression"]?.stringValue
            let result = try await route.writer.run { try $0.dynamoDBUpdateItem(table: table, key: key, update: update, conditions: conditions) }
            let attributes: [String: AttributeValue]?
            switch returnValues {
            case "ALL_OLD": attributes = result.old
            case "ALL_NEW": attributes = result.new
            case "UPDATED_OLD": attributes = result.old?.filter { result.changed.contains($0.key) }
            case "UPDATED_NEW": attributes = result.new.filter { result.changed.contains($0.key) }
            default: attributes = nil
            }
            return reply([("Attributes", attributes.map(AttributeValue.itemJSON))])
        case "Query", "Scan":
            let table = try Self.tableName(body)
            let filter = body["FilterExpression"]?.stringValue
            let limit = body["Limit"]?.intValue
            let start = try body["ExclusiveStartKey"].map { try AttributeValue.item($0, what: "exclusiveStartKey") }
            let projection = body["ProjectionExpression"]?.stringValue
            let page: DynamoDBPage
            if operation == "Query" {
                guard let keyCondition = body["KeyConditionExpression"]?.stringValue else {
                    throw AWSError(type: "ValidationException", message: "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
                }
                let forward = body["ScanIndexForward"]?.boolValue ?? true
                page = try await route.readers.run {
                    try $0.dynamoDBQuery(table: table, keyCondition: keyCondition, filter: filter, placeholders: placeholders,
                                         limit: limit, startKey: start, forward: forward, projection: projection)
                }
            } else {
                page = try await route.readers.run {
                    try $0.dynamoDBScan(table: table, filter: filter, placeholders: placeholders, limit: limit, startKey: start, projection: projection)
                }
            }
            let countOnly = body["Select"]?.stringValue == "COUNT"
            return reply([("Items", countOnly ? nil : .array(page.items.map(AttributeValue.itemJSON))),
                          ("Count", .number(String(page.items.count))), ("ScannedCount", .number(String(page.scannedCount))),
                          ("LastEvaluatedKey", page.lastEvaluatedKey.map(AttributeValue.itemJSON))])
        case "BatchWriteItem":
            guard let tables = body["RequestItems"]?.members, !tables.isEmpty else {
                throw AWSError(type: "ValidationException", message: "RequestItems must name at least one table")
            }
            var writes: [(String, [String: AttributeValue], Bool)] = []
            for (table, requests) in tables {
                for request in requests.elements ?? [] {
                    if let put = request["PutRequest"] {
                        writes.append((table, try AttributeValue.item(put["Item"], what: "PutRequest.Item"), true))
                    } else if let delete = request["DeleteRequest"] {
                        writes.append((table, try AttributeValue.item(delete["Key"], what: "DeleteRequest.Key"), false))
                    } else {
                        throw AWSError(type: "ValidationException", message: "each request of \(table) must be a PutRequest or a DeleteRequest")
                    }
                }
            }
            guard writes.count <= 25 else {
                throw AWSError(type: "ValidationException", message: "Too many items requested for the BatchWriteItem call (at most 25)")
            }
            let batch = writes
            try await route.writer.run { warehouse in
                for (table, item, isPut) in batch {
                    if isPut { _ = try warehouse.dynamoDBPutItem(table: table, item: item) } else { _ = try warehouse.dynamoDBDeleteItem(table: table, key: item) }
                }
            }
            return reply([("UnprocessedItems", .object([]))])
        case "BatchGetItem":
            guard let tables = body["RequestItems"]?.members, !tables.isEmpty else {
                throw AWSError(type: "ValidationException", message: "RequestItems must name at least one table")
            }
            var requests: [(String, [[String: AttributeValue]], String?, [String: String])] = []
            for (table, request) in tables {
                let keys = try (request["Keys"]?.elements ?? []).map { try AttributeValue.item($0, what: "Keys") }
                requests.append((table, keys, request["ProjectionExpression"]?.stringValue, try Self.placeholders(request).names))
            }
            guard requests.map(\.1.count).reduce(0, +) <= 100 else {
                throw AWSError(type: "ValidationException", message: "Too many items requested for the BatchGetItem call (at most 100)")
            }
            let batch = requests
            let found = try await route.readers.run { warehouse in
                try batch.map { table, keys, projection, names in
                    (table, try keys.compactMap { try warehouse.dynamoDBGetItem(table: table, key: $0, projection: projection, names: names) })
                }
            }
            return reply([("Responses", .object(found.map { ($0.0, .array($0.1.map(AttributeValue.itemJSON))) })),
                          ("UnprocessedKeys", .object([]))])
        case "CreateTable":
            let table = try Self.tableName(body)
            let types = Dictionary((body["AttributeDefinitions"]?.elements ?? []).compactMap { d -> (String, String)? in
                guard let n = d["AttributeName"]?.stringValue, let t = d["AttributeType"]?.stringValue else { return nil }
                return (n, t)
            }, uniquingKeysWith: { a, _ in a })
            let schema = (body["KeySchema"]?.elements ?? []).compactMap { k -> (String, String)? in
                guard let n = k["AttributeName"]?.stringValue, let t = k["KeyType"]?.stringValue else { return nil }
                return (n, t)
            }.sorted { $0.1 == "HASH" && $1.1 != "HASH" }
            let keys = try schema.map { name, _ -> (name: String, type: String) in
                guard let type = types[name] else {
                    throw AWSError(type: "ValidationException", message: "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [\(name)]")
                }
                return (name, type)
            }
            try await route.writer.run { try $0.dynamoDBCreateTable(name: table, keys: keys) }
            let description = try await route.readers.run { try $0.dynamoDBDescribeTable(name: table) }
            return reply([("TableDescription", Self.describe(description))])
        case "DescribeTable":
            let table = try Self.tableName(body)
            let description = try await route.readers.run { try $0.dynamoDBDescribeTable(name: table) }
            return reply([("Table", Self.describe(description))])
        case "DeleteTable":
            let table = try Self.tableName(body)
            let description = try await route.writer.run { try $0.dynamoDBDeleteTable(name: table) }
            return reply([("TableDescription", Self.describe(description, status: "DELETING"))])
        case "ListTables":
            let names = try await route.readers.run { try $0.dynamoDBListTables() }
            let start = body["ExclusiveStartTableName"]?.stringValue
            let after = names.filter { start == nil || $0 > start! }
            let limit = body["Limit"]?.intValue ?? 100
            let page = Array(after.prefix(limit))
            return reply([("TableNames", .array(page.map(JSONValue.string))),
                          ("LastEvaluatedTableName", after.count > limit ? page.last.map(JSONValue.string) : nil)])
        default:
            throw AWSError(type: "UnknownOperationException",
                           message: "DynamoDB_20120810.\(operation) is not supported by wh yet: see docs/aws.md for the DynamoDB operations wh answers")
        }
    }

    private func reply(_ members: [(String, JSONValue?)]) -> AWSReply {
        AWSReply(json: JSONValue.object(members.compactMap { name, value in value.map { (name, $0) } }).text, contentType: "application/x-amz-json-1.0")
    }

    private static func tableName(_ body: JSONValue) throws -> String {
        guard let name = body["TableName"]?.stringValue, !name.isEmpty else {
            throw AWSError(type: "ValidationException", message: "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
        }
        return name
    }

    private static func placeholders(_ body: JSONValue) throws -> DynamoDBPlaceholders {
        var names: [String: String] = [:]
        for (key, value) in body["ExpressionAttributeNames"]?.members ?? [] { names[key] = value.stringValue ?? "" }
        var values: [String: AttributeValue] = [:]
        for (key, value) in body["ExpressionAttributeValues"]?.members ?? [] { values[key] = try AttributeValue(value, attribute: key) }
        return DynamoDBPlaceholders(names: names, values: values)
    }

    private static func describe(_ table: DynamoDBTableDescription, status: String = "ACTIVE") -> JSONValue {
        let arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + table.name
        return .object([
            ("TableName", .string(table.name)), ("TableStatus", .string(status)), ("TableArn", .string(arn)),
            ("KeySchema", .array(table.keys.map { .object([("AttributeName", .string($0.name)), ("KeyType", .string($0.isSortKey ? "RANGE" : "HASH"))]) })),
            ("AttributeDefinitions", .array(table.keys.map { .object([("AttributeName", .string($0.name)), ("AttributeType", .string($0.type))]) })),
            ("ItemCount", .number(String(table.itemCount))), ("TableSizeBytes", .number("0")),
            ("CreationDateTime", .number(String(format: "%.3f", table.createdAt.timeIntervalSince1970))),
            ("BillingModeSummary", .object([("BillingMode", .string("PAY_PER_REQUEST"))])),
            ("ProvisionedThroughput", .object([("ReadCapacityUnits", .number("0")), ("WriteCapacityUnits", .number("0")), ("NumberOfDecreasesToday", .number("0"))])),
        ])
    }
}
