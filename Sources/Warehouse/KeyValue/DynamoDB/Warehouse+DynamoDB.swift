import Foundation
import SQLite

/// A key-value table as DynamoDB clients see it: its DynamoDB name and attribute names. The tag
/// DYNAMODB_NAME on the table gives the name it answers to, and on a column the attribute it holds
/// (the seed's CLICKSTREAM_DATA answers as ClickStreamData, EVENT_TIMESTAMP as Timestamp); without
/// tags a table answers to its own name (exactly, else ignoring case) and a column to its name.
struct DynamoDBTable {
    var table: KeyValueTable
    var name: String
    var attributeOfColumn: [String: String]
    var columnOfAttribute: [String: String]

    func attribute(_ column: String) -> String { attributeOfColumn[column] ?? column }
    var keyAttributes: [String] { table.keys.map { attribute($0.name) } }

    /// An item as the table stores it (plain JSON, columns by name).
    func stored(_ item: [String: AttributeValue]) -> String {
        JSONValue.object(item.keys.sorted().map { (columnOfAttribute[$0] ?? $0, item[$0]!.stored) }).text
    }

    /// A stored item as DynamoDB gives it.
    func item(_ json: String) -> [String: AttributeValue] {
        var item: [String: AttributeValue] = [:]
        for (key, value) in JSONValue.parse(json)?.members ?? [] where value != .null || table.column(forAttribute: key) == nil {
            item[attribute(key)] = AttributeValue(stored: value)
        }
        return item
    }

    /// The key of an item, as SQL values, in key order; refuses a key that is missing or mistyped.
    func key(of item: [String: AttributeValue], exactly: Bool) throws -> [SQLValue] {
        let names = keyAttributes
        if exactly, item.count != names.count || !names.allSatisfy({ item[$0] != nil }) {
            throw DynamoDBError.validation("The provided key element does not match the schema (the key of \(name) is \(names.joined(separator: ", ")))")
        }
        return try zip(names, table.keys).map { name, column in
            let numeric = [.number, .float].contains(column.type?.kind)
            if let value = item[name], (value.typeName == "N") != numeric, value.typeName == "S" || value.typeName == "N" {
                throw DynamoDBError.validation("One or more parameter values were invalid: Type mismatch for key \(name) expected: \(numeric ? "N" : "S") actual: \(value.typeName)")
            }
            switch item[name] {
            case .s(let s)?: return .text(s)
            case .n(let n)?: return Int64(n).map(SQLValue.integer) ?? .real(Double(n) ?? 0)
            case nil: throw DynamoDBError.validation("One or more parameter values were invalid: Missing the key \(name) in the item")
            case let other?:
                throw DynamoDBError.validation("One or more parameter values were invalid: Type mismatch for key \(name): wh keys are S or N, not \(other.typeName)")
            }
        }
    }
}

/// One page of a Query or Scan.
public struct DynamoDBPage: Sendable {
    public var items: [[String: AttributeValue]]
    public var scannedCount: Int
    public var lastEvaluatedKey: [String: AttributeValue]?
}

/// A table as DescribeTable tells it.
public struct DynamoDBTableDescription: Sendable {
    public var name: String
    public var keys: [(name: String, type: String, isSortKey: Bool)]
    public var itemCount: Int
    public var createdAt: Date
}

/// What a write request asks besides the write: its condition and placeholders.
public struct DynamoDBConditions: Sendable {
    public var condition: String?
    public var placeholders: DynamoDBPlaceholders
    public init(condition: String? = nil, placeholders: DynamoDBPlaceholders = DynamoDBPlaceholders()) {
        self.condition = condition
        self.placeholders = placeholders
    }
}

/// DynamoDB's operations on key-value tables: the engine behind `wh serve`'s DynamoDB door. Each
/// write, with its condition, is one transaction.
extension Warehouse {
    static let dynamoDBTag = "DYNAMODB_NAME"

    func dynamoDBTable(_ name: String) throws -> DynamoDBTable {
        let tags = try tagged(Self.dynamoDBTag)
        var tableName = tags.first { $0.column == nil && $0.value == name }?.table
        if tableName == nil {
            let taggedAway = Set(tags.filter { $0.column == nil }.map(\.table))
            let lookup = try connection.prepare("SELECT table_name FROM _wh_kv_tables WHERE table_name = ?1 COLLATE NOCASE ORDER BY table_name = ?1 DESC")
            try lookup.bind([.text(name)])
            tableName = try lookup.all().compactMap { $0.first?.textValue }.first { !taggedAway.contains($0) }
        }
        guard let tableName else {
            throw DynamoDBError.resourceNotFound("Requested resource not found: Table: \(name) not found (wh answers for its key-value tables: CREATE HYBRID TABLE, or CreateTable)")
        }
        let table = try keyValueTable(named: Identifier(tableName, quoted: true))
        var attributeOfColumn: [String: String] = [:]
        for tag in tags where tag.table == table.name { if let column = tag.column { attributeOfColumn[column] = tag.value } }
        return DynamoDBTable(table: table, name: name, attributeOfColumn: attributeOfColumn,
                             columnOfAttribute: Dictionary(attributeOfColumn.map { ($1, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    private func check(_ conditions: DynamoDBConditions, on item: [String: AttributeValue]?) throws {
        guard let text = conditions.condition else { return }
        var parser = try DynamoDBExpressionParser(text, placeholders: conditions.placeholders, what: "ConditionExpression")
        let condition = try parser.condition()
        try parser.expectEnd()
        guard try condition.holds(for: item ?? [:]) else { throw DynamoDBError.conditionalCheckFailed }
    }

    private func currentItem(_ table: DynamoDBTable, key: [SQLValue]) throws -> [String: AttributeValue]? {
        try kvGet(table: table.table.name, key: key).map(table.item)
    }

    /// PutItem: stores the item whole; returns the item it replaced.
    public func dynamoDBPutItem(table name: String, item: [String: AttributeValue], conditions: DynamoDBConditions = .init()) throws -> [String: AttributeValue]? {
        try retryingStale {
            let table = try dynamoDBTable(name)
            let key = try table.key(of: item, exactly: false)
            return try writing {
                let old = try currentItem(table, key: key)
                try check(conditions, on: old)
                _ = try kvPut(table: table.table.name, item: table.stored(item))
                return old
            }
        }
    }

    public func dynamoDBGetItem(table name: String, key: [String: AttributeValue], projection: String? = nil,
                                names: [String: String] = [:]) throws -> [String: AttributeValue]? {
        try retryingStale {
            let table = try dynamoDBTable(name)
            return try currentItem(table, key: try table.key(of: key, exactly: true)).map { try Self.project($0, projection, names: names) }
        }
    }

    /// DeleteItem; returns the item it deleted.
    public func dynamoDBDeleteItem(table name: String, key: [String: AttributeValue], conditions: DynamoDBConditions = .init()) throws -> [String: AttributeValue]? {
        try retryingStale {
            let table = try dynamoDBTable(name)
            let key = try table.key(of: key, exactly: true)
            return try writing {
                let old = try currentItem(table, key: key)
                try check(conditions, on: old)
                if old != nil { _ = try kvDelete(table: table.table.name, key: key) }
                return old
            }
        }
    }

    /// UpdateItem: the item before and after (created when absent, as DynamoDB does).
    public func dynamoDBUpdateItem(table name: String, key: [String: AttributeValue], update text: String?, conditions: DynamoDBConditions = .init())
        throws -> (old: [String: AttributeValue]?, new: [String: AttributeValue], changed: [String]) {
        try retryingStale {
            let table = try dynamoDBTable(name)
            let sqlKey = try table.key(of: key, exactly: true)
            var update = DynamoDBUpdate()
            if let text {
                var parser = try DynamoDBExpressionParser(text, placeholders: conditions.placeholders, what: "UpdateExpression")
                update = try parser.update()
                try parser.expectEnd()
            }
            if update.paths.contains(where: { table.keyAttributes.contains($0.top) }) {
                throw DynamoDBError.validation("One or more parameter values were invalid: Cannot update attribute \(update.paths.first { table.keyAttributes.contains($0.top) }!.top). This attribute is part of the key")
            }
            return try writing {
                let old = try currentItem(table, key: sqlKey)
                try check(conditions, on: old)
                var new = try update.apply(to: old ?? key)
                for (name, value) in key { new[name] = value }
                _ = try kvPut(table: table.table.name, item: table.stored(new))
                let stored = try currentItem(table, key: sqlKey) ?? new
                return (old, stored, Array(Set(update.paths.map(\.top))).sorted())
            }
        }
    }

    /// Query: one partition's items in sort-key order (KeyConditionExpression), then the filter.
    public func dynamoDBQuery(table name: String, keyCondition: String, filter: String?, placeholders: DynamoDBPlaceholders,
                              limit: Int?, startKey: [String: AttributeValue]?, forward: Bool, projection: String? = nil) throws -> DynamoDBPage {
        try Self.checkLimit(limit)
        return try retryingStale {
            let table = try dynamoDBTable(name)
            var parser = try DynamoDBExpressionParser(keyCondition, placeholders: placeholders, what: "KeyConditionExpression")
            let condition = try parser.condition()
            try parser.expectEnd()
            let (partition, sort) = try Self.keyParts(condition, table: table)
            let after = try startKey.map { try table.key(of: $0, exactly: true).map(\.sqlite) }
            let page = try kvQueryOnce(table: table.table.name, partition: partition.sqlite, sort: sort, limit: limit,
                                       afterKey: after, descending: !forward)
            return try finish(page, table: table, filter: filter, placeholders: placeholders, projection: projection)
        }
    }

    /// Scan: every item in key order, then the filter.
    public func dynamoDBScan(table name: String, filter: String?, placeholders: DynamoDBPlaceholders, limit: Int?,
                             startKey: [String: AttributeValue]?, projection: String? = nil) throws -> DynamoDBPage {
        try Self.checkLimit(limit)
        return try retryingStale {
            let table = try dynamoDBTable(name)
            let after = try startKey.map { try table.key(of: $0, exactly: true).map(\.sqlite) }
            let page = try kvScanOnce(table: table.table.name, limit: limit, afterKey: after)
            return try finish(page, table: table, filter: filter, placeholders: placeholders, projection: projection)
        }
    }

    private func finish(_ page: KeyValuePage, table: DynamoDBTable, filter: String?, placeholders: DynamoDBPlaceholders,
                        projection: String?) throws -> DynamoDBPage {
        var condition: DynamoDBCondition?
        if let filter {
            var parser = try DynamoDBExpressionParser(filter, placeholders: placeholders, what: "FilterExpression")
            condition = try parser.condition()
            try parser.expectEnd()
        }
        let items = page.items.map(table.item)
        var last: [String: AttributeValue]?
        if page.nextToken != nil, let final = items.last {
            last = final.filter { table.keyAttributes.contains($0.key) }
        }
        let kept = try items.filter { try condition?.holds(for: $0) ?? true }.map { try Self.project($0, projection, names: placeholders.names) }
        return DynamoDBPage(items: kept, scannedCount: items.count, lastEvaluatedKey: last)
    }

    private static func project(_ item: [String: AttributeValue], _ projection: String?, names: [String: String]) throws -> [String: AttributeValue] {
        guard let projection else { return item }
        var parser = try DynamoDBExpressionParser(projection, placeholders: DynamoDBPlaceholders(names: names), what: "ProjectionExpression")
        let paths = try parser.projection()
        try parser.expectEnd()
        var result: [String: AttributeValue] = [:]
        for path in paths {
            guard let value = path.value(in: item) else { continue }
            // A nested path gives its value inside the maps leading to it, as DynamoDB does.
            var wrapped = value
            for step in path.steps.dropFirst().reversed() {
                guard case .name(let name) = step else {
                    throw DynamoDBError.validation("wh projects attributes and paths through maps; a list index (\(projection)) is not supported by wh yet")
                }
                wrapped = .m([name: wrapped])
            }
            if case .m(let existing)? = result[path.top], case .m(let more) = wrapped {
                result[path.top] = .m(existing.merging(more) { a, _ in a })
            } else {
                result[path.top] = wrapped
            }
        }
        return result
    }

    /// The partition key's value and the sort key's condition of a KeyConditionExpression.
    private static func keyParts(_ condition: DynamoDBCondition, table: DynamoDBTable) throws -> (SQLValue, SortKeyCondition?) {
        var parts: [DynamoDBCondition] = []
        func flatten(_ c: DynamoDBCondition) { if case .and(let a, let b) = c { flatten(a); flatten(b) } else { parts.append(c) } }
        flatten(condition)
        let partitionName = table.keyAttributes[0]
        let sortName = table.keyAttributes.count > 1 ? table.keyAttributes[1] : nil
        func sql(_ value: AttributeValue) throws -> SQLValue {
            switch value {
            case .s(let s): return .text(s)
            case .n(let n): return Int64(n).map(SQLValue.integer) ?? .real(Double(n) ?? 0)
            default: throw DynamoDBError.validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
            }
        }
        var partition: SQLValue?
        var sort: SortKeyCondition?
        let invalid = DynamoDBError.validation("Query key condition not supported (the key of \(table.name) is \(table.keyAttributes.joined(separator: ", ")): partition key = :v [AND a condition on the sort key])")
        for part in parts {
            switch part {
            case .compare(let op, .path(let p), .value(let v)) where p.steps.count == 1:
                if p.top == partitionName, op == "=", partition == nil { partition = try sql(v); continue }
                guard p.top == sortName, sort == nil else { throw invalid }
                let value = try sql(v)
                switch op {
                case "=": sort = .equal(value)
                case "<": sort = .less(value)
                case "<=": sort = .lessOrEqual(value)
                case ">": sort = .greater(value)
                case ">=": sort = .greaterOrEqual(value)
                default: throw invalid
                }
            case .between(.path(let p), .value(let a), .value(let b)) where p.top == sortName && sort == nil:
                sort = .between(try sql(a), try sql(b))
            case .function("begins_with", let arguments) where sort == nil:
                guard case .path(let p) = arguments[0], p.top == sortName, case .value(.s(let prefix)) = arguments[1] else { throw invalid }
                sort = .beginsWith(prefix)
            default: throw invalid
            }
        }
        guard let partition else { throw invalid }
        return (partition, sort)
    }

    // MARK: - Tables

    /// DynamoDB's own check of Limit, in its words.
    private static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 1 {
            throw DynamoDBError.validation("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
    }

    /// CreateTable: a key-value table named as given, with its key attributes as columns (S →
    /// STRING, N → FLOAT) and a VARIANT column ATTRIBUTES for the rest.
    public func dynamoDBCreateTable(name: String, keys: [(name: String, type: String)]) throws {
        if (try? dynamoDBTable(name)) != nil { throw DynamoDBError.resourceInUse("Table already exists: \(name)") }
        guard (1...2).contains(keys.count) else { throw DynamoDBError.validation("a key schema has a HASH key and at most one RANGE key") }
        let columns = try keys.map { key -> String in
            let type: String
            switch key.type {
            case "S": type = "STRING"
            case "N": type = "FLOAT"
            default: throw DynamoDBError.validation("wh keys are of type S or N, not \(key.type) (attribute \(key.name))")
            }
            return Identifier(key.name, quoted: true).sql + " " + type + " NOT NULL"
        }
        let document = keys.contains { $0.name.uppercased() == "ATTRIBUTES" } ? "\"__ATTRIBUTES\"" : "ATTRIBUTES"
        try run(script: "CREATE HYBRID TABLE \(Identifier(name, quoted: true).sql) (\(columns.joined(separator: ", ")), \(document) VARIANT, PRIMARY KEY ("
                + keys.map { Identifier($0.name, quoted: true).sql }.joined(separator: ", ") + "))") { _, _ in }
    }

    public func dynamoDBDescribeTable(name: String) throws -> DynamoDBTableDescription {
        let table = try dynamoDBTable(name)
        let count = try connection.prepare("SELECT count(*) FROM \(table.table.target)").all().first?.first?.integerValue ?? 0
        let created = try connection.prepare("SELECT created_at FROM _wh_tables WHERE table_name = ?")
        try created.bind([.text(table.table.name)])
        let createdAt = try created.all().first?.first?.textValue.flatMap(CanonicalTimestamp.parse) ?? Date(timeIntervalSince1970: 0)
        let keys = table.table.keys.enumerated().map { index, column in
            (table.attribute(column.name), [.number, .float].contains(column.type?.kind) ? "N" : "S", index == 1)
        }
        return DynamoDBTableDescription(name: name, keys: keys, itemCount: Int(count), createdAt: createdAt)
    }

    /// The names DynamoDB clients know the key-value tables by, sorted.
    public func dynamoDBListTables() throws -> [String] {
        let tags = try tagged(Self.dynamoDBTag).filter { $0.column == nil }
        let tables = try connection.prepare("SELECT table_name FROM _wh_kv_tables").all().compactMap { $0.first?.textValue }
        return tables.map { table in tags.first { $0.table == table }?.value ?? table }.sorted()
    }

    public func dynamoDBDeleteTable(name: String) throws -> DynamoDBTableDescription {
        let description = try dynamoDBDescribeTable(name: name)
        let table = try dynamoDBTable(name)
        try run(script: "DROP TABLE \(table.table.target)") { _, _ in }
        return description
    }
}
