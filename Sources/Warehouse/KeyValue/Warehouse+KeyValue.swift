import Foundation
import SQLite

/// What a put or delete requires of the item already stored under the key.
public enum KeyValueCondition: String, Sendable {
    /// No requirement (put replaces, delete does nothing when absent).
    case none
    /// The key must be free (DynamoDB's `attribute_not_exists(pk)`).
    case notExists = "NOT_EXISTS"
    /// An item must be there.
    case exists = "EXISTS"

    var failure: String { self == .notExists ? "the item must not exist" : "the item must exist" }
}

/// A condition on the sort key of a query.
public enum SortKeyCondition: Equatable, Sendable {
    case equal(SQLValue), less(SQLValue), lessOrEqual(SQLValue), greater(SQLValue), greaterOrEqual(SQLValue)
    case between(SQLValue, SQLValue)
    case beginsWith(String)
}

/// One page of a query or scan: items as JSON objects, in key order, and the token that continues
/// after the last one (nil on the last page).
public struct KeyValuePage: Equatable, Sendable {
    public var items: [String]
    public var nextToken: String?
}

/// Key-value operations on hybrid tables: the engine behind `wh kv` and CALL KV_…. Point operations
/// use the PRIMARY KEY's index; each write is one transaction (a savepoint inside BEGIN … COMMIT).
extension Warehouse {
    /// Stores an item (a JSON object): attributes fill the columns of the same name (ignoring case),
    /// undeclared ones go into the table's VARIANT column. An item already under the key is replaced
    /// whole, as DynamoDB's PutItem does. Returns "inserted" or "replaced".
    private func kvPutOnce(table name: String, item: String, condition: KeyValueCondition = .none) throws -> String {
        let table = try keyValueTable(named: name)
        var values: [(KeyValueTable.Column, Value)] = []
        var extras: [String] = []
        for (attribute, value, json) in try attributes(of: item, table: table.name) {
            if let column = table.column(forAttribute: attribute) {
                if values.contains(where: { $0.0.name == column.name }) {
                    throw KeyValueError.invalidItem(table: table.name, reason: "attributes '\(attribute)' and '\(column.name)' fill the same column")
                }
                values.append((column, Self.storable(value, json: json, for: column)))
            } else if table.document != nil {
                extras.append(JSONString.quoted(attribute) + ":" + json)
            } else {
                throw KeyValueError.undeclaredAttribute(table: table.name, attribute: attribute)
            }
        }
        if let document = table.document, !extras.isEmpty {
            if values.contains(where: { $0.0.name == document.name }) {
                throw KeyValueError.invalidItem(table: table.name, reason: "it sets \(document.name), which keeps the undeclared attributes, and has undeclared attributes too")
            }
            values.append((document, .text("{" + extras.joined(separator: ",") + "}")))
        }
        let key = try table.keys.map { column in
            guard let value = values.first(where: { $0.0.name == column.name })?.1, !value.isNull else {
                throw KeyValueError.missingKey(table: table.name, attribute: column.name)
            }
            return value
        }
        return try writing {
            let existed = try exists(key, in: table)
            if condition == .notExists && existed || condition == .exists && !existed {
                throw KeyValueError.conditionFailed(table: table.name, key: table.describeKey(key), condition: condition.failure)
            }
            let columns = values.map(\.0)
            let updates = table.attributes.map { "\($0.sql) = excluded.\($0.sql)" }
            let sql = "INSERT INTO \(table.target) (\(columns.map(\.sql).joined(separator: ", "))) VALUES ("
                + columns.enumerated().map { table.bound($0 + 1, as: $1) }.joined(separator: ", ") + ") ON CONFLICT ("
                + table.keys.map(\.sql).joined(separator: ", ") + ") DO "
                + (updates.isEmpty ? "NOTHING" : "UPDATE SET " + updates.joined(separator: ", "))
            try run(sql, values.map(\.1), table: table.name)
            return existed ? "replaced" : "inserted"
        }
    }

    /// The item under `key` (partition value [, sort value]) as a JSON object, or nil.
    private func kvGetOnce(table name: String, key: [Value]) throws -> String? {
        let table = try keyValueTable(named: name)
        let key = try fullKey(key, of: table)
        let statement = try cachedStatement("SELECT \(table.selectList) FROM \(table.target) WHERE \(table.keyCondition) AND \(table.liveCondition())")
        defer { statement.reset() }
        try bind(statement, key, table: table)
        do { return try statement.step() ? item(statement.row(), table: table) : nil } catch let error as SQLiteError {
            throw KeyValueError.refused(table: table.name, reason: error.message)
        }
    }

    /// Deletes the item under `key`; true when there was one.
    private func kvDeleteOnce(table name: String, key: [Value], condition: KeyValueCondition = .none) throws -> Bool {
        let table = try keyValueTable(named: name)
        let key = try fullKey(key, of: table)
        return try writing {
            let existed = try exists(key, in: table)
            if condition == .exists && !existed {
                throw KeyValueError.conditionFailed(table: table.name, key: table.describeKey(key), condition: condition.failure)
            }
            try run("DELETE FROM \(table.target) WHERE \(table.keyCondition)", key, table: table.name)
            return existed
        }
    }

    /// Updates attributes of the item under `key` in place, creating it when absent (as DynamoDB's
    /// UpdateItem): `add` adds numbers atomically (a missing attribute counts as 0), `set` replaces
    /// values (given as JSON). Returns the item afterwards.
    private func kvUpdateOnce(table name: String, key: [Value], add: [(String, Double)] = [], set: [(String, String)] = [],
                         condition: KeyValueCondition = .none) throws -> String {
        let table = try keyValueTable(named: name)
        let key = try fullKey(key, of: table)
        var assignments: [String: String] = [:]
        var order: [String] = []
        var bindings = key
        func assign(_ column: KeyValueTable.Column, _ expression: (String) -> String) {
            if assignments[column.name] == nil { order.append(column.name) }
            assignments[column.name] = expression(assignments[column.name] ?? column.sql)
        }
        func parameter(_ value: Value) -> Int { bindings.append(value); return bindings.count }
        var documentAdds: [String] = []
        for (attribute, amount) in add {
            if let column = table.column(forAttribute: attribute), column.name != table.document?.name {
                guard [.number, .float].contains(column.type?.kind) || column.type == nil, !table.keys.contains(where: { $0.name == column.name }) else {
                    throw KeyValueError.notNumeric(table: table.name, attribute: attribute)
                }
                let n = parameter(Self.number(amount))
                assign(column) { Warehouse.converted("coalesce(\($0), 0) + ?\(n)", to: column.type) }
            } else if let document = table.document {
                let path = parameter(.text(Self.jsonPath(attribute))), n = parameter(Self.number(amount))
                documentAdds.append(attribute)
                assign(document) { "json_set(coalesce(\($0), '{}'), ?\(path), coalesce(json_extract(\($0), ?\(path)), 0) + ?\(n))" }
            } else {
                throw KeyValueError.undeclaredAttribute(table: table.name, attribute: attribute)
            }
        }
        for (attribute, json) in set {
            let parsed = try attributes(of: "{\"v\":\(json)}", table: table.name).first
            if let column = table.column(forAttribute: attribute), column.name != table.document?.name {
                guard !table.keys.contains(where: { $0.name == column.name }) else {
                    throw KeyValueError.invalidItem(table: table.name, reason: "\(column.name) is part of the key; put a new item instead")
                }
                let n = parameter(parsed.map { Self.storable($0.1, json: $0.2, for: column) } ?? .null)
                assign(column) { _ in table.bound(n, as: column) }
            } else if let document = table.document {
                let path = parameter(.text(Self.jsonPath(attribute))), n = parameter(.text(parsed?.2 ?? "null"))
                assign(document) { "json_set(coalesce(\($0), '{}'), ?\(path), json(?\(n)))" }
            } else {
                throw KeyValueError.undeclaredAttribute(table: table.name, attribute: attribute)
            }
        }
        return try writing {
            let existed = try exists(key, in: table)
            if condition == .exists && !existed {
                throw KeyValueError.conditionFailed(table: table.name, key: table.describeKey(key), condition: condition.failure)
            }
            if !existed {
                try run("DELETE FROM \(table.target) WHERE \(table.keyCondition)", key, table: table.name)   // an expired item goes first
                try run("INSERT INTO \(table.target) (\(table.keys.map(\.sql).joined(separator: ", "))) VALUES ("
                        + table.keys.enumerated().map { table.bound($0 + 1, as: $1) }.joined(separator: ", ") + ")", key, table: table.name)
            }
            if let document = table.document {
                for attribute in documentAdds {
                    let kind = try cachedStatement("SELECT json_type(\(document.sql), ?\(table.keys.count + 1)) FROM \(table.target) WHERE \(table.keyCondition)")
                    defer { kind.reset() }
                    kind.clearBindings()
                    try kind.bind(key + [.text(Self.jsonPath(attribute))])
                    if try kind.step(), let type = kind.value(0).textValue, type != "integer", type != "real", type != "null" {
                        throw KeyValueError.notNumeric(table: table.name, attribute: attribute)
                    }
                }
            }
            if !order.isEmpty {
                let sets = order.map { "\(Identifier($0, quoted: true).sql) = \(assignments[$0]!)" }.joined(separator: ", ")
                try run("UPDATE \(table.target) SET \(sets) WHERE \(table.keyCondition)", bindings, table: table.name)
            }
            return try kvGetOnce(table: table.name, key: key) ?? "{}"
        }
    }

    /// The items of one partition in sort-key order, `limit` at a time (after the filter, a SQL
    /// condition in Snowflake's dialect); pass the page's token back to continue.
    func kvQueryOnce(table name: String, partition: Value, sort: SortKeyCondition? = nil, filter: String? = nil,
                     limit: Int? = nil, after token: String? = nil, afterKey: [Value]? = nil, descending: Bool = false) throws -> KeyValuePage {
        let table = try keyValueTable(named: name)
        var conditions = ["\(table.partitionKey.sql) = \(table.bound(1, as: table.partitionKey))"]
        var bindings: [Value] = [partition]
        func parameter(_ value: Value) -> Int { bindings.append(value); return bindings.count }
        if let sort {
            guard let key = table.sortKey else { throw KeyValueError.noSortKey(table.name) }
            func compare(_ op: String, _ value: SQLValue) -> String { "\(key.sql) \(op) \(table.bound(parameter(value.sqlite), as: key))" }
            switch sort {
            case .equal(let v): conditions.append(compare("=", v))
            case .less(let v): conditions.append(compare("<", v))
            case .lessOrEqual(let v): conditions.append(compare("<=", v))
            case .greater(let v): conditions.append(compare(">", v))
            case .greaterOrEqual(let v): conditions.append(compare(">=", v))
            case .between(let a, let b): conditions.append(compare(">=", a) + " AND " + compare("<=", b))
            case .beginsWith(let prefix):
                let n = parameter(.text(prefix))
                conditions.append("\(key.sql) >= ?\(n) AND substr(\(key.sql), 1, length(?\(n))) = ?\(n)")
            }
        }
        let query = "query|\(table.name)|\(Self.json(partition, type: nil))|\(sort.map { "\($0)" } ?? "")|\(filter ?? "")|\(descending)"
        if let last = try afterKey ?? token.map({ try decodeToken($0, count: table.keys.count, query: query) }) {
            if let key = table.sortKey {
                conditions.append("\(key.sql) \(descending ? "<" : ">") ?\(parameter(last[1]))")
            } else {
                conditions.append("0")   // one item per partition: nothing follows it
            }
        }
        let order = (table.sortKey.map { [$0] } ?? []).map { $0.sql + (descending ? " DESC" : "") }
        return try page(table, conditions: conditions, bindings: bindings, filter: filter, query: query, order: order, limit: limit)
    }

    /// Every item in key order, `limit` at a time, optionally filtered.
    func kvScanOnce(table name: String, filter: String? = nil, limit: Int? = nil, after token: String? = nil, afterKey: [Value]? = nil) throws -> KeyValuePage {
        let table = try keyValueTable(named: name)
        var conditions: [String] = []
        var bindings: [Value] = []
        let query = "scan|\(table.name)|\(filter ?? "")"
        if let last = try afterKey ?? token.map({ try decodeToken($0, count: table.keys.count, query: query) }) {
            bindings = last
            let columns = table.keys.map(\.sql).joined(separator: ", ")
            let parameters = bindings.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
            conditions.append(table.keys.count == 1 ? "\(columns) > ?1" : "(\(columns)) > (\(parameters))")
        }
        return try page(table, conditions: conditions, bindings: bindings, filter: filter, query: query, order: table.keys.map(\.sql), limit: limit)
    }

    // The public operations: each retried once with a fresh description of the table when another
    // connection changed it under the kept one.

    /// Stores an item (a JSON object), replacing any under its key; "inserted" or "replaced".
    public func kvPut(table: String, item: String, condition: KeyValueCondition = .none) throws -> String {
        try retryingStale { try kvPutOnce(table: table, item: item, condition: condition) }
    }

    /// The item under `key` (partition value [, sort value]) as a JSON object, or nil.
    public func kvGet(table: String, key: [SQLValue]) throws -> String? {
        try retryingStale { try kvGetOnce(table: table, key: key.map(\.sqlite)) }
    }

    /// Deletes the item under `key`; true when there was one.
    public func kvDelete(table: String, key: [SQLValue], condition: KeyValueCondition = .none) throws -> Bool {
        try retryingStale { try kvDeleteOnce(table: table, key: key.map(\.sqlite), condition: condition) }
    }

    /// Adds to (`add`) and sets (`set`, JSON values) attributes of the item under `key`, creating it
    /// when absent; the item afterwards.
    public func kvUpdate(table: String, key: [SQLValue], add: [(String, Double)] = [], set: [(String, String)] = [],
                         condition: KeyValueCondition = .none) throws -> String {
        try retryingStale { try kvUpdateOnce(table: table, key: key.map(\.sqlite), add: add, set: set, condition: condition) }
    }

    /// One page of a partition's items in sort-key order.
    public func kvQuery(table: String, partition: SQLValue, sort: SortKeyCondition? = nil, filter: String? = nil,
                        limit: Int? = nil, after token: String? = nil, descending: Bool = false) throws -> KeyValuePage {
        try retryingStale { try kvQueryOnce(table: table, partition: partition.sqlite, sort: sort, filter: filter, limit: limit, after: token, descending: descending) }
    }

    /// One page of every item in key order.
    public func kvScan(table: String, filter: String? = nil, limit: Int? = nil, after token: String? = nil) throws -> KeyValuePage {
        try retryingStale { try kvScanOnce(table: table, filter: filter, limit: limit, after: token) }
    }

    /// Deletes the items whose time to live has passed, in every key-value table; how many went.
    @discardableResult
    public func kvPurgeExpired() throws -> Int {
        let tables = try connection.prepare("SELECT table_name FROM _wh_kv_tables WHERE ttl_column IS NOT NULL").all().compactMap { $0.first?.textValue }
        var removed = 0
        for name in tables {
            let table = try keyValueTable(named: Identifier(name, quoted: true))
            try writing { try run("DELETE FROM \(table.target) WHERE NOT \(table.liveCondition())", [], table: table.name, ttl: table) }
            removed += connection.changes
        }
        return removed
    }

    // MARK: - Pieces

    private func page(_ table: KeyValueTable, conditions: [String], bindings: [Value], filter: String?, query: String,
                      order: [String], limit: Int?) throws -> KeyValuePage {
        var conditions = conditions + [table.liveCondition()]
        if let filter {
            do {
                var parser = try Parser(filter)
                let expression = try parser.expression()
                try parser.expectEnd()
                conditions.append("(" + (try renderer.render(expression)) + ")")
            } catch let error as SyntaxError {
                throw KeyValueError.badFilter(filter: filter, reason: "\(error.message) (column \(error.location.column))")
            } catch let error as LexerError {
                throw KeyValueError.badFilter(filter: filter, reason: error.message)
            } catch let error as WarehouseError {
                throw KeyValueError.badFilter(filter: filter, reason: error.message)
            }
        }
        if let limit, limit < 1 { throw KeyValueError.badLimit(limit) }
        var sql = "SELECT \(table.selectList) FROM \(table.target) WHERE " + conditions.joined(separator: " AND ")
        if !order.isEmpty { sql += " ORDER BY " + order.joined(separator: ", ") }
        if let limit { sql += " LIMIT \(limit + 1)" }
        let statement: Statement
        do { statement = try filter == nil ? cachedStatement(sql) : connection.prepare(sql) } catch let error as SQLiteError {
            throw KeyValueError.badFilter(filter: filter ?? "", reason: error.message)
        }
        defer { statement.reset() }
        statement.clearBindings()
        try statement.bind(bindings)
        if table.ttl != nil { try bindNow(statement, table: table) }
        var rows: [[Value]] = []
        do {
            while try statement.step() { rows.append(statement.row()) }
        } catch let error as SQLiteError { throw KeyValueError.refused(table: table.name, reason: error.message) }
        var next: String?
        if let limit, rows.count > limit {
            rows.removeLast(rows.count - limit)
            next = rows.last.map { row in encodeToken(table.keys.map { key in row[table.columns.firstIndex { $0.name == key.name }!] }, query: query) }
        }
        return KeyValuePage(items: rows.map { item($0, table: table) }, nextToken: next)
    }

    /// Runs `body` as one transaction, or as a savepoint inside the caller's.
    func writing<T>(_ body: () throws -> T) throws -> T {
        let own = connection.isAutocommit
        try step(own ? "BEGIN IMMEDIATE" : "SAVEPOINT wh_kv")
        do {
            let result = try body()
            try step(own ? "COMMIT" : "RELEASE wh_kv")
            return result
        } catch {
            if own { try? connection.execute("ROLLBACK") } else {
                try? connection.execute("ROLLBACK TO wh_kv")
                try? connection.execute("RELEASE wh_kv")
            }
            throw error
        }
    }

    /// One statement without bindings, kept prepared (BEGIN, COMMIT …).
    private func step(_ sql: String) throws {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        _ = try statement.step()
    }

    private func run(_ sql: String, _ bindings: [Value], table: String, ttl: KeyValueTable? = nil) throws {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        statement.clearBindings()
        try statement.bind(bindings)
        if let ttl { try bindNow(statement, table: ttl) }
        do { _ = try statement.step() } catch let error as SQLiteError { throw KeyValueError.refused(table: table, reason: error.message) }
    }

    private func exists(_ key: [Value], in table: KeyValueTable) throws -> Bool {
        let statement = try cachedStatement("SELECT 1 FROM \(table.target) WHERE \(table.keyCondition) AND \(table.liveCondition())")
        defer { statement.reset() }
        try bind(statement, key, table: table)
        do { return try statement.step() } catch let error as SQLiteError {
            throw KeyValueError.refused(table: table.name, reason: error.message)
        }
    }

    private func keyCondition(_ table: KeyValueTable) -> String {
        table.keys.enumerated().map { "\($1.sql) = \(table.bound($0 + 1, as: $1))" }.joined(separator: " AND ")
    }

    private func bind(_ statement: Statement, _ key: [Value], table: KeyValueTable) throws {
        statement.clearBindings()
        try statement.bind(key)
        if table.ttl != nil { try bindNow(statement, table: table) }
    }

    private func bindNow(_ statement: Statement, table: KeyValueTable) throws {
        let now = environment.clock.now()
        switch table.ttl?.type?.kind {
        case .timestampNTZ?, .timestampLTZ?, .timestampTZ?, .date?: try statement.bind(.text(CanonicalTimestamp.format(now)), at: 100)
        default: try statement.bind(.real(now.timeIntervalSince1970), at: 100)
        }
    }

    private func fullKey(_ key: [Value], of table: KeyValueTable) throws -> [Value] {
        guard key.count >= table.keys.count, !key.prefix(table.keys.count).contains(where: \.isNull) else {
            throw KeyValueError.missingKey(table: table.name, attribute: table.keys[min(key.count, table.keys.count - 1)].name)
        }
        return Array(key.prefix(table.keys.count))
    }

    /// An item's attributes: name, value (as json_each gives it) and the value as JSON text.
    private func attributes(of item: String, table: String) throws -> [(String, Value, String)] {
        let kind = try cachedStatement("SELECT json_type(?1)")
        defer { kind.reset() }
        try kind.bind([.text(item)])
        do { _ = try kind.step() } catch { throw KeyValueError.invalidItem(table: table, reason: "malformed JSON") }
        guard kind.value(0).textValue == "object" else {
            throw KeyValueError.invalidItem(table: table, reason: "it is " + (kind.value(0).textValue.map { "a JSON \($0)" } ?? "empty"))
        }
        let members = try cachedStatement("SELECT key, CASE type WHEN 'true' THEN 1 WHEN 'false' THEN 0 ELSE value END, json_quote(value), type FROM json_each(?1)")
        defer { members.reset() }
        try members.bind([.text(item)])
        var result: [(String, Value, String)] = []
        while try members.step() {
            let type = members.value(3).textValue
            let json = type == "true" ? "true" : type == "false" ? "false" : members.value(2).textValue ?? "null"
            let value: Value = (type == "true" || type == "false") ? .text(json) : members.value(1)
            result.append((members.value(0).textValue ?? "", value, json))
        }
        return result
    }

    /// An attribute's value as its column stores it (wh's conversions then apply the column's type).
    private static func storable(_ value: Value, json: String, for column: KeyValueTable.Column) -> Value {
        switch column.type?.kind {
        case .variant?, .object?, .array?: return .text(json)
        default: return json.hasPrefix("{") || json.hasPrefix("[") ? .text(json) : value
        }
    }

    /// A row as the item people get back: columns by name, undeclared attributes spliced in.
    private func item(_ row: [Value], table: KeyValueTable) -> String {
        var members: [String] = []
        for (column, value) in zip(table.columns, row) where !value.isNull {
            if column.name == table.document?.name, case .text(let text) = value, text.hasPrefix("{") {
                let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if !inner.isEmpty { members.append(inner) }
                continue
            }
            members.append(column.jsonKey + Self.json(value, type: column.type))
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func json(_ value: Value, type: SnowflakeType?) -> String {
        switch (type?.kind, value) {
        case (.boolean?, _): return value.integerValue.map { $0 != 0 ? "true" : "false" } ?? JSONString.quoted(value.textValue ?? "")
        case (.variant?, .text(let text)), (.object?, .text(let text)), (.array?, .text(let text)): return text
        case (_, .integer(let i)): return String(i)
        case (_, .real(let d)) where d.isFinite: return Value.format(real: d)
        default: return JSONString.quoted(value.textValue ?? "")
        }
    }

    private static func number(_ amount: Double) -> Value {
        amount == amount.rounded() && abs(amount) < 9e15 ? .integer(Int64(amount)) : .real(amount)
    }

    private static func jsonPath(_ attribute: String) -> String { "$." + JSONString.quoted(attribute) }

    /// A continuation token: the last key given, base64 of its JSON, then `.` and a fingerprint of
    /// the query it continues, so the token cannot continue another query by mistake.
    private func encodeToken(_ key: [Value], query: String) -> String {
        let json = "[" + key.map { Self.json($0, type: nil) }.joined(separator: ",") + "]"
        return Data(json.utf8).base64EncodedString() + "." + Self.fingerprint(query)
    }

    private func decodeToken(_ token: String, count: Int, query: String) throws -> [Value] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let data = Data(base64Encoded: String(parts[0])), let json = String(data: data, encoding: .utf8) else {
            throw KeyValueError.badToken(token)
        }
        guard parts[1] == Self.fingerprint(query) else { throw KeyValueError.tokenOfAnotherQuery(token) }
        let statement = try cachedStatement("SELECT value FROM json_each(?1) WHERE json_type(?1) = 'array'")
        defer { statement.reset() }
        try statement.bind([.text(json)])
        var values: [Value] = []
        do { while try statement.step() { values.append(statement.value(0)) } } catch { throw KeyValueError.badToken(token) }
        guard values.count == count else { throw KeyValueError.badToken(token) }
        return values
    }

    /// FNV-1a of `text`, as 16 hex digits: stable across runs and processes.
    private static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
