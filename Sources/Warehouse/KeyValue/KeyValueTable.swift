import SQLite

/// A key-value (hybrid) table as the catalog describes it: an ordinary table whose PRIMARY KEY is
/// (partition key [, sort key]); its other columns are declared attributes, and its first VARIANT
/// column that is not a key (if any) keeps the attributes no column declares.
struct KeyValueTable {
    struct Column {
        var name: String
        var type: SnowflakeType?
        var sql: String { Identifier(name, quoted: true).sql }
    }

    var name: String
    var target: String
    var columns: [Column]
    var partitionKey: Column
    var sortKey: Column?
    var ttl: Column?
    /// The VARIANT column that holds undeclared attributes as one object.
    var document: Column?

    var keys: [Column] { [partitionKey] + (sortKey.map { [$0] } ?? []) }
    var attributes: [Column] { columns.filter { column in !keys.contains { $0.name == column.name } } }

    /// The column an item attribute fills: the same name first, then the same name ignoring case
    /// (an attribute `Item_ID` fills the column ITEM_ID), as unquoted identifiers resolve.
    func column(forAttribute attribute: String) -> Column? {
        columns.first { $0.name == attribute } ?? columns.first { $0.name.caseInsensitiveCompare(attribute) == .orderedSame }
    }

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
