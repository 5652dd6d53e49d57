import Foundation
import Warehouse

/// Times each question the dashboard and the JSON routes ask (`wh bench dashboard`).
public enum DashboardTimings {
    /// Each query once on `warehouse`, with `truck` as the one truck opened: name, milliseconds, rows.
    public static func timeEach(on warehouse: Warehouse, truck: String) throws -> [(name: String, milliseconds: Double, rows: Int)] {
        let queries = FleetQueries(warehouse: warehouse)
        var results: [(String, Double, Int)] = []
        func time(_ name: String, _ body: () throws -> Int) throws {
            let start = DispatchTime.now().uptimeNanoseconds
            let rows = try body()
            results.append((name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, rows))
        }
        try time("fleet now (FLEET_CURRENT_STATE)") { try queries.fleet().rows.count }
        try time("one truck") { try queries.truck(truck).rows.count }
        try time("maintenance (TRUCKS_NEEDING_MAINTENANCE)") { try queries.maintenance().count }
        try time("top products, last hour") { try queries.topProducts(window: "hour", limit: 10).rows.count }
        try time("top products, all time") { try queries.topProducts(window: "all", limit: 10).rows.count }
        try time("truck history, newest 100") { try queries.history(truck, from: nil, to: nil, before: nil, limit: 100).rows.count }
        let latest = try queries.truck(truck).rows.first?[1].displayText ?? ""
        let dayBefore = CanonicalTime.seconds(latest).map { CanonicalTime.text($0 - 86_400) }
        try time("truck chart over a day") { try queries.history(truck, from: dayBefore, to: nil, before: nil, limit: 1999).rows.count }
        try time("truck maintenance history") { try queries.maintenanceHistory(truck, from: nil, limit: 20).count }
        try time("fuel efficiency (FUEL_EFFICIENCY)") { try queries.fuelEfficiency().rows.count }
        try time("pipeline health") { try queries.health().pipes.count }
        var options = DashboardOptions()
        options.truck = truck
        try time("the whole page (all of the above)") { try DashboardData.read(warehouse, options: options).fleet.rows.count }
        return results
    }
}
