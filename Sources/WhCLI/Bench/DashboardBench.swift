import ArgumentParser
import Foundation
import Warehouse
import WarehouseServer
import Workloads

/// `wh bench dashboard`: each query of the dashboard and the JSON routes on a large SCD2 history,
/// next to a full scan of that history in the same run.
struct DashboardBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Time every query the dashboard and the read routes run on a large telemetry history, against a full scan of it.",
        discussion: """
            Builds the seed's warehouse with a TRUCK_TELEMETRY_DATA of --history versions of --trucks trucks (one reading a \
            minute each, every field filled, the last current), then runs each query the page asks (the same code as the \
            JSON routes) --runs times and prints its best time, next to the best time of a full scan of the history \
            (SELECT SUM(VEHICLE_SPEED) FROM TRUCK_TELEMETRY_DATA). Goal: every query within 10 ms however long the history.
            """)

    @Option(help: "Versions in the history.") var history = 1_000_000
    @Option(help: "Trucks.") var trucks = 1_000
    @Option(help: "Runs of each query; each keeps its best time.") var runs = 3
    @OptionGroup var output: BenchOptions

    func run() throws {
        try output.inWorkingDirectory("dashboard") { try measure(in: $0) }
    }

    private func measure(in dir: String) throws {
        let warehouse = try Warehouse(path: dir + "/dashboard.db", environment: .system)
        try ProjectScripts.builtInSeed.apply(to: warehouse)
        let perTruck = max(1, history / trucks)
        let end = Date().timeIntervalSince1970
        var fleet = FleetSimulator.benchmarkFleet()
        let columns = TelemetryReading.columns + ["EFFECTIVE_END_DATE", "IS_CURRENT"]
        let start = end - Double(perTruck) * 60
        func time(_ minute: Int) -> String { CanonicalTimestamp.format(Date(timeIntervalSince1970: start + Double(minute) * 60)) }
        try warehouse.insertRows(table: "TRUCK_TELEMETRY_DATA", columns: columns, count: perTruck * trucks) { i in
            let truck = i % trucks, n = i / trucks, last = n == perTruck - 1
            var values = fleet.nextReading(at: FleetSimulator.benchmarkStart).columnValues
            values[0] = .text(String(format: "TRK%05d", truck))
            values[1] = .text(time(n))
            return values + [last ? .null : .text(time(n + 1)), .integer(last ? 1 : 0)]
        }
        try warehouse.checkpoint()
        let scan = try (0..<runs).map { _ -> Double in
            let clock = ContinuousClock(), began = clock.now
            _ = try warehouse.execute("SELECT SUM(VEHICLE_SPEED) FROM TRUCK_TELEMETRY_DATA")
            return seconds(clock.now - began) * 1000
        }.min() ?? 0
        var best: [String: (ms: Double, rows: Int)] = [:]
        var order: [String] = []
        for _ in 0..<runs {
            for timing in try DashboardTimings.timeEach(on: warehouse, truck: "TRK00000") {
                if best[timing.name] == nil { order.append(timing.name) }
                best[timing.name] = (min(best[timing.name]?.ms ?? .infinity, timing.milliseconds), timing.rows)
            }
        }
        let queries = order.map { name in (name, best[name]!) }
        output.report(json: queries.map { ($0.0, String(format: "%.3f", $0.1.ms)) }
                          + [("history_rows", "\(perTruck * trucks)"), ("trucks", "\(trucks)"), ("full_scan_ms", String(format: "%.3f", scan))],
                      text: [("history", "\(perTruck * trucks) versions of \(trucks) trucks; best of \(runs)"),
                             ("full scan of the history", String(format: "%.1f ms", scan))]
                          + queries.map { name, value in
                              (name, String(format: "%8.2f ms  (%@, %d rows)", value.ms, value.ms <= 10 ? "within 10 ms" : "OVER 10 ms", value.rows))
                          })
    }
}
