import Foundation
import Warehouse

/// The questions the Truck Telemetry API and the dashboard ask, each once: the JSON routes and the
/// page both call these, so there is no second copy of the SQL. They read the seed's views and tables.
struct FleetQueries {
    let warehouse: Warehouse

    /// FLEET_CURRENT_STATE: every truck's latest reading.
    func fleet() throws -> ResultSet { try query("SELECT * FROM FLEET_CURRENT_STATE ORDER BY TRUCK_ID") }

    func truck(_ id: String) throws -> ResultSet { try query("SELECT * FROM FLEET_CURRENT_STATE WHERE TRUCK_ID = \(Self.literal(id))") }

    /// A truck's SCD2 versions newest first, `limit + 1` of them (the extra one says a page follows),
    /// with EFFECTIVE_START_DATE bounded by `from` (inclusive) and `to`/`before` (exclusive). The
    /// current version and the past ones are asked apart, each on its partial index read newest
    /// first, so the time follows the page, not the truck's history.
    func history(_ id: String, from: String?, to: String?, before: String?, limit: Int) throws -> ResultSet {
        var conditions = ["TRUCK_ID = \(Self.literal(id))"]
        for (value, op) in [(from, ">="), (to, "<"), (before, "<")] {
            if let value { conditions.append("EFFECTIVE_START_DATE \(op) \(Self.literal(value))::TIMESTAMP_NTZ") }
        }
        let condition = conditions.joined(separator: " AND ")
        return try query("""
            SELECT * FROM (
              SELECT * FROM (SELECT * FROM TRUCK_TELEMETRY_DATA WHERE \(condition) AND IS_CURRENT)
              UNION ALL
              SELECT * FROM (SELECT * FROM TRUCK_TELEMETRY_DATA WHERE \(condition) AND NOT IS_CURRENT
                             ORDER BY EFFECTIVE_START_DATE DESC LIMIT \(limit + 1)))
            ORDER BY EFFECTIVE_START_DATE DESC LIMIT \(limit + 1)
            """)
    }

    /// True when the truck has any version at all.
    func truckExists(_ id: String) throws -> Bool {
        let truck = "SELECT 1 FROM TRUCK_TELEMETRY_DATA WHERE TRUCK_ID = \(Self.literal(id))"
        return try !query("\(truck) AND IS_CURRENT UNION ALL \(truck) AND NOT IS_CURRENT LIMIT 1").rows.isEmpty
    }

    /// TRUCKS_NEEDING_MAINTENANCE: each truck with every reason, most reasons first.
    func maintenance() throws -> [(truck: String, lastReading: String, reasons: [String])] {
        let result = try query("SELECT TRUCK_ID, LAST_READING, REASON FROM TRUCKS_NEEDING_MAINTENANCE ORDER BY TRUCK_ID")
        let trucks = result.rows.map { row in
            (truck: row[0].displayText ?? "", lastReading: row[1].displayText ?? "",
             reasons: (row[2].displayText ?? "").components(separatedBy: "; ").filter { !$0.isEmpty })
        }
        return trucks.sorted { $0.reasons.count != $1.reasons.count ? $0.reasons.count > $1.reasons.count : $0.truck < $1.truck }
    }

    /// The truck's versions that showed a fault (MAINTENANCE_HISTORY), newest first. Asked in two
    /// halves, current and past, so each uses its partial index on (TRUCK_ID, EFFECTIVE_START_DATE).
    func maintenanceHistory(_ id: String, from: String?, limit: Int) throws -> [(time: String, reasons: [String])] {
        let bound = from.map { " AND READING_TIME >= \(Self.literal($0))::TIMESTAMP_NTZ" } ?? ""
        let half = "SELECT READING_TIME, REASON FROM MAINTENANCE_HISTORY WHERE TRUCK_ID = \(Self.literal(id))\(bound)"
        let result = try query("SELECT * FROM (\(half) AND IS_CURRENT UNION ALL \(half) AND NOT IS_CURRENT) ORDER BY READING_TIME DESC LIMIT \(limit)")
        return result.rows.map { row in
            (time: row[0].displayText ?? "", reasons: (row[1].displayText ?? "").components(separatedBy: "; ").filter { !$0.isEmpty })
        }
    }

    /// The most-clicked products over the last hour, day or all time.
    func topProducts(window: String, limit: Int) throws -> ResultSet {
        guard let column = Self.clickWindows[window] else {
            throw APIError(.badRequest, code: "invalid_parameter", message: "window '\(window)' is not hour, day or all",
                           hint: "use ?window=hour, ?window=day or ?window=all")
        }
        return try query("""
            SELECT ITEM_ID, ITEM_NAME, \(column) AS CLICKS FROM CLICKS_PER_PRODUCT WHERE \(column) > 0
            ORDER BY \(column) DESC, ITEM_ID LIMIT \(limit)
            """)
    }

    static let clickWindows = ["hour": "CLICKS_LAST_HOUR", "day": "CLICKS_LAST_DAY", "all": "CLICKS_ALL_TIME"]

    /// FUEL_EFFICIENCY: distance and fuel per truck from odometer and fuel-level deltas.
    func fuelEfficiency() throws -> ResultSet { try query("SELECT * FROM FUEL_EFFICIENCY ORDER BY TRUCK_ID") }

    func health() throws -> PipelineHealth { try warehouse.pipelineHealth() }

    private func query(_ sql: String) throws -> ResultSet {
        do {
            return try warehouse.execute(sql)
        } catch let error as StatementError where error.message.hasPrefix("Object '") {
            throw APIError(.serviceUnavailable, code: "seed_missing", message: error.message,
                           hint: "this reads the seed's tables and views: create them with `wh init --seed` (or run sql/seed)")
        }
    }

    /// `text` as a Snowflake string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingEvery("\\", with: "\\\\").replacingEvery("'", with: "''") + "'"
    }
}
