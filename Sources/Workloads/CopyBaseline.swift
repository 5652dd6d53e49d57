import SQLite
import Warehouse

extension Warehouse {
    /// The SQLite ceiling the COPY benchmark compares against: `count` rows inserted into `table`
    /// by one prepared statement in one transaction, cycling through values built beforehand, with
    /// no parsing or conversion at all.
    public func insertBaseline(table: String, columns: [String], rows: [[SQLValue]], count: Int) throws {
        guard !rows.isEmpty else { return }
        try insertRows(table: table, columns: columns, count: count) { rows[$0 % rows.count] }
    }
}
