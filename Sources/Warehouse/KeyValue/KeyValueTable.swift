import SQLite

/// A key-value (hybrid) table as the catalog describes it: an ordinary table whose PRIMARY KEY is
/// (partition key [, sort key]); its other columns are declared attributes, and its first VARIANT
/// column that is not a key (if any) keeps the attributes no column declares.
struct KeyValueTable {
    struct Column {
        var name: String
        var type: SnowflakeType?
        /// The name as SQL (worked out once: building it per operation showed in profiles).
        let sql: String
        /// `"NAME":`, as the column starts a member of an item's JSON.
        let jsonKey: String

        init(name: String, type: SnowflakeType?) {
            self.name = name
            self.type = type
            sql = Identifier(name, quoted: true).sql
            jsonKey = JSONString.quoted(name) + ":"
        }
    }

    var name: String
    var target: String
    var columns: [Column]
    var partitionKey: Column
    var sortKey: Column?
    var ttl: Column?
    /// The VARIANT column that holds undeclared attributes as one object.
    var document: Column?

    let keys: [Column]
    let attributes: [Column]
    /// `"A", "B", …`: every column, in order (named, so a column another connection drops or
    /// renames fails the statement instead of shifting values).
    let selectList: String
    /// `"PK" = ?1 AND "SK" = ?2`, the key bound in its columns' types.
    let keyCondition: String

    init(name: String, columns: [Column], partitionKey: Column, sortKey: Column?, ttl: Column?, document: Column?) {
        self.name = name
        self.target = Identifier(name, quoted: true).sql
        self.columns = columns
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.ttl = ttl
        self.document = document
        let keys = [partitionKey] + (sortKey.map { [$0] } ?? [])
        self.keys = keys
        attributes = columns.filter { column in !keys.contains { $0.name == column.name } }
        selectList = columns.map(\.sql).joined(separator: ", ")
        byName = Dictionary(columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        byUpperName = Dictionary(columns.enumerated().map { ($1.name.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
        keyCondition = keys.enumerated().map { "\($1.sql) = \(Warehouse.converted("?\($0 + 1)", to: $1.type))" }.joined(separator: " AND ")
    }

    /// The column an item attribute fills: the same name first, then the same name ignoring case
    /// (an attribute `Item_ID` fills the column ITEM_ID), as unquoted identifiers resolve.
    func column(forAttribute attribute: String) -> Column? {
        if let index = byName[attribute] ?? byUpperName[attribute.uppercased()] { return columns[index] }
        return nil
    }

    private let byName: [String: Int]
    private let byUpperName: [String: Int]

    /// `?n` converted to the column's type, as INSERT converts.
    func bound(_ index: Int, as column: Column) -> String { Warehouse.converted("?\(index)", to: column.type) }

    /// SQL true for an item that has not expired at `now` (epoch seconds; canonical text for a timestamp column).
    func liveCondition(alias: String = "") -> String {
        guard let ttl else { return "1" }
        let column = alias + ttl.sql
        switch ttl.type?.kind {
        case .timestampNTZ?, .timestampLTZ?, .timestampTZ?, .date?: return "(\(column) IS NULL OR \(column) > ?100)"
        default: return "(\(column) IS NULL OR \(column) > ?100)"
        }
    }

    /// The key of an item as people read it: `ITEM_ID = 'MOB001', CLICK_TIME = '…'`.
    func describeKey(_ values: [Value]) -> String {
        zip(keys, values).map { column, value in
            "\(Identifier.display(column.name)) = " + (value.textValue.map { "'\($0)'" } ?? "NULL")
        }.joined(separator: ", ")
    }
}
