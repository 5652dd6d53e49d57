import Foundation
import Warehouse

/// What the page is asked to show: the click window, the fleet table's order, the truck opened and
/// its time range, and when a truck counts as silent.
struct DashboardOptions: Sendable {
    var window = "hour"
    var sort = "truck"
    var descending = false
    var truck: String?
    var range = "1h"
    var silentAfter: Double = 60

    static let ranges: [(key: String, label: String, seconds: Double?)] = [
        ("15m", "15 min", 900), ("1h", "1 hour", 3600), ("6h", "6 hours", 21_600), ("24h", "24 hours", 86_400), ("all", "all", nil),
    ]
    static let sortable = ["truck", "reading", "speed", "fuel", "odometer", "status"]

    init() {}

    init(query: [String: String]) {
        if let window = query["window"], FleetQueries.clickWindows[window] != nil { self.window = window }
        if let sort = query["sort"], Self.sortable.contains(sort) { self.sort = sort }
        descending = query["dir"] == "desc"
        truck = query["truck"].flatMap { $0.isEmpty ? nil : $0 }
        if let range = query["range"], Self.ranges.contains(where: { $0.key == range }) { self.range = range }
        if let silent = query["silent"].flatMap(Double.init), silent > 0 { silentAfter = silent }
    }

    /// These options as a query string, with some changed.
    func query(_ changes: [String: String?] = [:]) -> String {
        var items: [String: String?] = ["window": window, "sort": sort, "dir": descending ? "desc" : nil, "truck": truck,
                                        "range": range, "silent": silentAfter == 60 ? nil : Format.number(silentAfter)]
        for (key, value) in changes { items[key] = value }
        let parts = items.keys.sorted().compactMap { key in items[key]!.map { "\(key)=\(ReadRoutes.percentEncoded($0))" } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

/// Everything one rendering of the page shows, read in one go on one read connection (one
/// consistent moment of the warehouse).
struct DashboardData {
    var products: ResultSet
    var fleet: ResultSet
    var maintenance: [(truck: String, lastReading: String, reasons: [String])]
    var efficiency: ResultSet
    var health: PipelineHealth
    var truck: String?
    var truckHistory: ResultSet?
    var truckMaintenance: [(time: String, reasons: [String])]
    /// The warehouse clock's time, in seconds since 1970.
    var now: Double

    static func read(_ warehouse: Warehouse, options: DashboardOptions) throws -> DashboardData {
        let queries = FleetQueries(warehouse: warehouse)
        let fleet = try queries.fleet()
        let maintenance = try queries.maintenance()
        let health = try queries.health()
        let truck = options.truck ?? maintenance.first?.truck ?? fleet.rows.first?[0].displayText
        var history: ResultSet?
        var events: [(time: String, reasons: [String])] = []
        if let truck, let latest = try queries.truck(truck).rows.first?[1].displayText {
            let seconds = DashboardOptions.ranges.first { $0.key == options.range }?.seconds
            let from = seconds.flatMap { span in CanonicalTime.seconds(latest).map { CanonicalTime.text($0 - span) } }
            history = try queries.history(truck, from: from, to: nil, before: nil, limit: 1999)
            events = try queries.maintenanceHistory(truck, from: from, limit: 20)
        }
        return DashboardData(products: try queries.topProducts(window: options.window, limit: 10), fleet: fleet, maintenance: maintenance,
                             efficiency: try queries.fuelEfficiency(), health: health, truck: truck, truckHistory: history,
                             truckMaintenance: events, now: CanonicalTime.seconds(health.now) ?? Date().timeIntervalSince1970)
    }
}
