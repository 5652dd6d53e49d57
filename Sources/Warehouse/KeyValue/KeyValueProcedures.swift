import SQLite

/// wh's built-in key-value procedures, the SQL face of `wh kv`: CALL KV_PUT / KV_GET / KV_DELETE /
/// KV_UPDATE / KV_QUERY / KV_SCAN, with arguments by position or by name (`LIMIT => 10`). A user
/// procedure of the same name comes first.
enum KeyValueProcedure: String, CaseIterable {
    case put = "KV_PUT", get = "KV_GET", delete = "KV_DELETE", update = "KV_UPDATE", query = "KV_QUERY", scan = "KV_SCAN"

    /// The parameters, in positional order; the first `required` must be given.
    var parameters: (names: [String], required: Int) {
        switch self {
        case .put: return (["TABLE_NAME", "ITEM", "CONDITION"], 2)
        case .get: return (["TABLE_NAME", "PARTITION_KEY", "SORT_KEY"], 2)
        case .delete: return (["TABLE_NAME", "PARTITION_KEY", "SORT_KEY", "CONDITION"], 2)
        case .update: return (["TABLE_NAME", "PARTITION_KEY", "SORT_KEY", "ADD", "SET", "CONDITION"], 2)
        case .query: return (["TABLE_NAME", "PARTITION_KEY", "OPERATOR", "VALUE", "VALUE2", "FILTER", "LIMIT", "AFTER", "DESCENDING"], 2)
        case .scan: return (["TABLE_NAME", "FILTER", "LIMIT", "AFTER"], 1)
        }
    }

    var usage: String {
        "CALL \(rawValue)(" + parameters.names.enumerated().map { $0 < parameters.required ? $1 : "[\($1) => …]" }.joined(separator: ", ") + ")"
    }
}

extension Warehouse {
    /// Runs a built-in KV_ procedure, or returns nil when `statement` names none.
    func callKeyValueProcedure(_ statement: CallStatement) throws -> ResultSet? {
        guard let procedure = KeyValueProcedure(rawValue: statement.name.name) else { return nil }
        let (names, required) = procedure.parameters
        var given = [Value?](repeating: nil, count: names.count)
        for (index, expression) in statement.arguments.enumerated() {
            let label = statement.argumentNames.indices.contains(index) ? statement.argumentNames[index] : nil
            guard let slot = label.map({ names.firstIndex(of: $0.uppercased()) }) ?? index, slot < names.count else {
                throw KeyValueError.badArguments(procedure: procedure.rawValue, usage: procedure.usage)
            }
            given[slot] = try evaluate(try renderer.render(expression))
        }
        guard given.prefix(required).allSatisfy({ $0 != nil && !$0!.isNull }) else {
            throw KeyValueError.badArguments(procedure: procedure.rawValue, usage: procedure.usage)
        }
        func text(_ i: Int) -> String? { given[i].flatMap { $0.isNull ? nil : $0.textValue } }
        func condition(_ i: Int) throws -> KeyValueCondition {
            guard let word = text(i) else { return .none }
            guard let parsed = KeyValueCondition(rawValue: word.uppercased().replacingOccurrences(of: " ", with: "_")) else {
                throw KeyValueError.badArguments(procedure: procedure.rawValue, usage: "CONDITION is 'NOT_EXISTS' or 'EXISTS'")
            }
            return parsed
        }
        let table = text(0)!
        let key = [given[1] ?? .null] + (procedure == .put || procedure == .scan ? [] : [given[2] ?? .null])
        func one(_ name: String, _ value: Value, variant: Bool = false) -> ResultSet {
            ResultSet(columns: [ResultColumn(name: name, declaredType: variant ? "VARIANT" : nil)], sqliteRows: [[value]], isQuery: true)
        }
        func page(_ page: KeyValuePage) -> ResultSet {
            let rows: [[Value]] = page.items.enumerated().map { index, item in
                [.text(item), index == page.items.count - 1 ? page.nextToken.map { .text($0) } ?? .null : .null]
            }
            return ResultSet(columns: [ResultColumn(name: "ITEM", declaredType: "VARIANT"), ResultColumn(name: "NEXT_TOKEN")], sqliteRows: rows, isQuery: true)
        }
        switch procedure {
        case .put:
            return one(procedure.rawValue, .text(try kvPut(table: table, item: text(1)!, condition: try condition(2))))
        case .get:
            return one("ITEM", try kvGet(table: table, key: key.map(SQLValue.init)).map { .text($0) } ?? .null, variant: true)
        case .delete:
            return one(procedure.rawValue, .text(try kvDelete(table: table, key: key.map(SQLValue.init), condition: try condition(3)) ? "deleted" : "not found"))
        case .update:
            let add = try members(text(3), procedure).map { name, json in
                guard let amount = Double(json) else { throw KeyValueError.notNumeric(table: table, attribute: name) }
                return (name, amount)
            }
            return one("ITEM", .text(try kvUpdate(table: table, key: key.map(SQLValue.init), add: add, set: try members(text(4), procedure),
                                                  condition: try condition(5))), variant: true)
        case .query:
            var sort: SortKeyCondition?
            if let op = text(2) {
                let value = SQLValue(given[3] ?? .null)
                switch op.uppercased().replacingOccurrences(of: " ", with: "_") {
                case "=": sort = .equal(value)
                case "<": sort = .less(value)
                case "<=": sort = .lessOrEqual(value)
                case ">": sort = .greater(value)
                case ">=": sort = .greaterOrEqual(value)
                case "BETWEEN": sort = .between(value, SQLValue(given[4] ?? .null))
                case "BEGINS_WITH": sort = .beginsWith(value.textValue ?? "")
                default: throw KeyValueError.badArguments(procedure: procedure.rawValue, usage: "OPERATOR is one of =, <, <=, >, >=, BETWEEN, BEGINS_WITH")
                }
            }
            return page(try kvQuery(table: table, partition: SQLValue(given[1]!), sort: sort, filter: text(5), limit: given[6]?.integerValue.map(Int.init),
                                    after: text(7), descending: (given[8]?.integerValue ?? 0) != 0))
        case .scan:
            return page(try kvScan(table: table, filter: text(1), limit: given[2]?.integerValue.map(Int.init), after: text(3)))
        }
    }

    /// The members of a JSON object argument (`ADD => {'CLICK_COUNTS': 1}`), values as JSON text.
    private func members(_ json: String?, _ procedure: KeyValueProcedure) throws -> [(String, String)] {
        guard let json else { return [] }
        let statement = try connection.prepare("SELECT key, json_quote(value) FROM json_each(?1) WHERE json_type(?1) = 'object'")
        try statement.bind([.text(json)])
        do {
            return try statement.all().map { ($0[0].textValue ?? "", $0[1].textValue ?? "null") }
        } catch {
            throw KeyValueError.badArguments(procedure: procedure.rawValue, usage: "ADD and SET take an object: {'CLICK_COUNTS': 1}")
        }
    }
}
