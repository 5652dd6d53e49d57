import Foundation
import SQLite
import Warehouse

/// `wh bench sum`'s baseline: SQLite's own `sum()` of the same column, on a connection of its own
/// (what wh ran before SUM of a NUMBER(p,s) became exact).
public enum AggregateBaseline {
    /// Seconds to run `SELECT sum(column) FROM table` on the file, and the sum.
    public static func plainSum(path: String, table: String, column: String) throws -> (seconds: Double, value: SQLValue) {
        let connection = try Connection(path: path)
        let statement = try connection.prepare("SELECT sum(\(column)) FROM \(table)")
        let clock = ContinuousClock()
        let start = clock.now
        let value = try statement.all().first?.first ?? .null
        return (seconds(clock.now - start), SQLValue(value))
    }
}
