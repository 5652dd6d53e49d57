import Foundation
import FuzzSupport
import Warehouse
import WarehouseSystem

/// One warehouse for the whole run, with a DynamoDB table (partition key pk, sort key sk) that fuzzed
/// requests read and write.
nonisolated(unsafe) private var warehouse: Warehouse? = {
    let path = scratchPath("requests.db")
    guard let w = try? Warehouse(path: path, environment: .system) else { return nil }
    try? w.dynamoDBCreateTable(name: "T", keys: [(name: "pk", type: "S"), (name: "sk", type: "N")])
    return w
}()
nonisolated(unsafe) private var executions = 0

/// SwiftPM's name for this program's main: hands the run to libFuzzer.
@_cdecl("FuzzRequests_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzRequest(data, Int(size)) }
}

/// Any bytes as the body of a request to `wh serve`:
/// - the JSON parser of the AWS JSON and SQL API bodies agrees with Foundation's on what is JSON and
///   on every value, and reads its own output back to the same value;
/// - the ingest route's record splitter never crashes, gives only objects lying inside the body, and
///   as many records as Foundation finds in an array of objects;
/// - a DynamoDB request (Item, Key, the expressions and their placeholders) gets a result or a
///   DynamoDB or wh error, never another failure.
func fuzzRequest(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer, size < 20_000 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value = JSONValue.parse(bytes)
    let reference = foundationDiffers(bytes) ? nil : try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    if let reference {
        // wh's parser stops at depth 200 (a request is never that deep); Foundation goes further, and
        // takes a trailing comma (`[2,]`), which JSON does not allow.
        if let value { check(value, equals: reference, at: "$") } else if depth(of: reference) < 200 && !hasTrailingComma(bytes) {
            fatalError("Foundation reads the body as JSON; JSONValue.parse refuses it")
        }
    } else if let value, !foundationDiffers(bytes) {
        fatalError("JSONValue.parse accepts what Foundation refuses: \(value.text.prefix(200))")
    }
    if let value { require(JSONValue.parse(value.text) == value, "the parser does not read its own output back") }

    checkIngestBody(bytes, reference: reference)
    if let value, value.members != nil { checkDynamoDB(value) }
    return 0
}

func check(_ value: JSONValue, equals reference: Any, at path: String) {
    switch value {
    case .null: require(reference is NSNull, "\(path): null where Foundation reads \(reference)")
    case .bool(let b):
        guard let number = reference as? NSNumber, isBoolean(number) else { fatalError("\(path): a boolean where Foundation reads \(reference)") }
        require(number.boolValue == b, "\(path): \(b) where Foundation reads \(number)")
    case .number(let text):
        guard let number = reference as? NSNumber, !isBoolean(number) else { fatalError("\(path): a number where Foundation reads \(reference)") }
        require(sameNumber(text, number), "\(path): \(text) where Foundation reads \(number)")
    case .string(let s):
        guard let text = reference as? String else { fatalError("\(path): a string where Foundation reads \(reference)") }
        require(s == text, "\(path): \(s.debugDescription) where Foundation reads \(text.debugDescription)")
    case .array(let elements):
        guard let array = reference as? [Any], array.count == elements.count else { fatalError("\(path): an array where Foundation reads \(reference)") }
        for (i, element) in elements.enumerated() { check(element, equals: array[i], at: "\(path)[\(i)]") }
    case .object(let members):
        guard let object = reference as? [String: Any] else { fatalError("\(path): an object where Foundation reads \(reference)") }
        // Foundation keeps the last of duplicate keys; so does a lookup of the parsed members.
        let last = Dictionary(members, uniquingKeysWith: { _, b in b })
        require(Set(last.keys) == Set(object.keys), "\(path): keys \(last.keys.sorted()) where Foundation reads \(object.keys.sorted())")
        for (key, member) in last { check(member, equals: object[key]!, at: "\(path).\(key)") }
    }
}

func depth(of value: Any) -> Int {
    if let array = value as? [Any] { return 1 + (array.map(depth).max() ?? 0) }
    if let object = value as? [String: Any] { return 1 + (object.values.map(depth).max() ?? 0) }
    return 0
}

func checkIngestBody(_ bytes: [UInt8], reference: Any?) {
    let limit = 50
    guard let records = try? IngestBody.records(in: bytes, limit: limit) else { return }
    for record in records {
        require(record.startIndex >= 0 && record.endIndex <= bytes.count, "a record outside the body")
        require(record.first == UInt8(ascii: "{") && record.last == UInt8(ascii: "}"), "a record that is not an object")
        let line = IngestBody.line(record)
        require(!line.contains(10) && !line.contains(13), "a record line with a line break")
        // (Like COPY's reader, and Snowflake, the splitter takes a lone surrogate escape; Foundation does not.)
        require((try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any] || hasSurrogateEscape(Array(line)) || foundationDiffers(Array(line)),
                "a record line Foundation cannot read")
    }
    if let array = reference as? [Any] {
        require(records.count == array.count, "\(records.count) records where Foundation reads an array of \(array.count)")
    } else if reference is [String: Any] {
        require(records.count == 1, "\(records.count) records where Foundation reads one object")
    }
}

func checkDynamoDB(_ body: JSONValue) {
    guard let warehouse else { return }
    executions += 1
    if executions % 1000 == 0 { _ = try? warehouse.execute("DELETE FROM \"T\"") }   // keeps the table small
    do {
        var names: [String: String] = [:]
        for (key, value) in body["ExpressionAttributeNames"]?.members ?? [] { names[key] = value.stringValue ?? "" }
        var values: [String: AttributeValue] = [:]
        for (key, value) in body["ExpressionAttributeValues"]?.members ?? [] { values[key] = try AttributeValue(value, attribute: key) }
        let placeholders = DynamoDBPlaceholders(names: names, values: values)
        let conditions = DynamoDBConditions(condition: body["ConditionExpression"]?.stringValue, placeholders: placeholders)
        let projection = body["ProjectionExpression"]?.stringValue
        let limit = body["Limit"]?.intValue
        let start = try body["ExclusiveStartKey"].map { try AttributeValue.item($0, what: "exclusiveStartKey") }
        if body["Item"] != nil {
            _ = try warehouse.dynamoDBPutItem(table: "T", item: try AttributeValue.item(body["Item"], what: "item"), conditions: conditions)
        }
        if body["Key"] != nil {
            let key = try AttributeValue.item(body["Key"], what: "key")
            if let update = body["UpdateExpression"]?.stringValue {
                _ = try warehouse.dynamoDBUpdateItem(table: "T", key: key, update: update, conditions: conditions)
            } else if conditions.condition != nil {
                _ = try warehouse.dynamoDBDeleteItem(table: "T", key: key, conditions: conditions)
            } else {
                _ = try warehouse.dynamoDBGetItem(table: "T", key: key, projection: projection, names: names)
            }
        }
        let filter = body["FilterExpression"]?.stringValue
        if let keyCondition = body["KeyConditionExpression"]?.stringValue {
            _ = try warehouse.dynamoDBQuery(table: "T", keyCondition: keyCondition, filter: filter, placeholders: placeholders, limit: limit,
                                            startKey: start, forward: body["ScanIndexForward"]?.boolValue ?? true, projection: projection)
        } else if filter != nil || projection != nil || limit != nil {
            _ = try warehouse.dynamoDBScan(table: "T", filter: filter, placeholders: placeholders, limit: limit, startKey: start, projection: projection)
        }
    } catch is DynamoDBError {
        // DynamoDB's own answer to a bad request.
    } catch let error as WarehouseError {
        _ = error   // what the table refuses, as a wh error with a hint
    } catch {
        fatalError("a DynamoDB request failed with neither a DynamoDB nor a wh error: \(error)")
    }
}
