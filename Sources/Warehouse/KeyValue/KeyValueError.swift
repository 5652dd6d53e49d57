/// Errors of key-value operations (`wh kv`, CALL KV_…): the table, key or attribute involved, and
/// what to do next.
public enum KeyValueError: WarehouseError, Equatable {
    case notKeyValueTable(String)
    case hybridNeedsKey(String)
    case invalidItem(table: String, reason: String)
    case missingKey(table: String, attribute: String)
    case undeclaredAttribute(table: String, attribute: String)
    case conditionFailed(table: String, key: String, condition: String)
    case notNumeric(table: String, attribute: String)
    case badToken(String)
    case tokenOfAnotherQuery(String)
    case noSortKey(String)
    case badArguments(procedure: String, usage: String)
    case refused(table: String, reason: String)
    case badFilter(filter: String, reason: String)
    case badLimit(Int)

    public var message: String {
        switch self {
        case .notKeyValueTable(let table): return "table '\(table)' is not a key-value table"
        case .hybridNeedsKey(let table): return "hybrid table '\(table)' needs a PRIMARY KEY of one or two columns (partition key [, sort key])"
        case .invalidItem(let table, let reason): return "item for '\(table)' is not a JSON object: \(reason)"
        case .missingKey(let table, let attribute): return "item for '\(table)' has no value for its key attribute \(attribute)"
        case .undeclaredAttribute(let table, let attribute): return "attribute '\(attribute)' is not a column of '\(table)'"
        case .conditionFailed(let table, let key, let condition): return "The conditional request failed: \(condition) for \(key) in '\(table)'"
        case .notNumeric(let table, let attribute): return "cannot ADD to attribute '\(attribute)' of '\(table)': it is not a number"
        case .badToken(let token): return "continuation token '\(token)' is not one wh gave"
        case .tokenOfAnotherQuery(let token): return "continuation token '\(token)' belongs to another query"
        case .noSortKey(let table): return "table '\(table)' has no sort key"
        case .badArguments(let procedure, _): return "wrong arguments for \(procedure)"
        case .refused(let table, let reason): return "'\(table)' refused the operation: \(reason)"
        case .badFilter(let filter, let reason): return "filter '\(filter)' is not a condition wh can run: \(reason)"
        case .badLimit(let limit): return "a page's limit must be 1 or more, not \(limit)"
        }
    }

    public var hint: String? {
        switch self {
        case .notKeyValueTable: return "create it with CREATE HYBRID TABLE t (…, PRIMARY KEY (partition_key [, sort_key]))"
        case .hybridNeedsKey: return "add PRIMARY KEY (partition_key) or PRIMARY KEY (partition_key, sort_key)"
        case .invalidItem: return "give one JSON object, like '{\"ITEM_ID\": \"MOB001\", \"CLICK_COUNTS\": 3}'"
        case .missingKey: return "every item needs its table's PRIMARY KEY attributes; DESC TABLE lists them"
        case .undeclaredAttribute: return "add the column (ALTER TABLE … ADD COLUMN), or add a VARIANT column to keep undeclared attributes"
        case .conditionFailed(_, _, let condition):
            return condition == "the item must not exist" ? "the item is already there: put without the condition to replace it"
                : "the item is not there: put without the condition to create it"
        case .notNumeric: return "ADD works on numbers; use SET to replace a value of another type"
        case .badToken: return "pass the token printed by the previous page unchanged, or start again without one"
        case .tokenOfAnotherQuery:
            return "a token continues the query that printed it: repeat that query exactly (table, partition, sort-key condition, filter, order) with the token, or start again without one"
        case .noSortKey: return "sort-key conditions need a table with PRIMARY KEY (partition_key, sort_key)"
        case .badArguments(_, let usage): return usage
        case .refused: return "give each attribute and key a value its column's type accepts; DESC TABLE lists the types"
        case .badFilter: return "write a SQL condition over the table's columns, like \"CLICK_COUNTS > 100 AND ITEM_NAME ILIKE 'm%'\""
        case .badLimit: return "give a limit of 1 or more, or none for every item"
        }
    }
}
