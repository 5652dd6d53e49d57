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

    private func milliseconds(_ work: () throws -> Void) throws -> Double {
        let clock = ContinuousClock(), began = clock.now
        try work()
        return seconds(clock.now - began) * 1000
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
        // The history was written directly, not through the merge: sum it once, as after a restore.
        let rebuild = try milliseconds { _ = try warehouse.execute("CALL REBUILD_FUEL_EFFICIENCY()") }
        // One more reading of every truck through the seed's merge, as the task would merge it: what
        // keeping FUEL_EFFICIENCY up to date costs per batch at this length of history.
        let batchColumns = ["TRUCK_ID", "READING_TIME"] + TelemetryReading.columns.dropFirst(2)
        try warehouse.insertRows(table: "RAW_TELEMETRY", columns: Array(batchColumns), count: trucks) { truck in
            var values = fleet.nextReading(at: FleetSimulator.benchmarkStart).columnValues
            values[0] = .text(String(format: "TRK%05d", truck))
            values[1] = .text(time(perTruck))
            return values
        }
        try warehouse.checkpoint()
        let merge = try milliseconds { _ = try warehouse.execute("CALL MERGE_TELEMETRY_SCD2()") }
        let differing = try warehouse.execute("""
            SELECT count(*) FROM (SELECT * FROM FUEL_EFFICIENCY EXCEPT SELECT * FROM (\(Self.fuelEfficiencyFromHistory))
                                  UNION ALL SELECT * FROM (\(Self.fuelEfficiencyFromHistory)) EXCEPT SELECT * FROM FUEL_EFFICIENCY)
            """).rows.first?.first?.integerValue ?? -1
        try warehouse.checkpoint()
        let scan = try (0..<runs).map { _ in
            try milliseconds { _ = try warehouse.execute("SELECT SUM(VEHICLE_SPEED) FROM TRUCK_TELEMETRY_DATA") }
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
                          + [("history_rows", "\(perTruck * trucks)"), ("trucks", "\(trucks)"), ("full_scan_ms", String(format: "%.3f", scan)),
                             ("fuel_rebuild_ms", String(format: "%.3f", rebuild)), ("merge_batch_ms", String(format: "%.3f", merge)),
                             ("fuel_rows_differing_from_history", "\(differing)")],
                      text: [("history", "\(perTruck * trucks) versions of \(trucks) trucks; best of \(runs)"),
                             ("full scan of the history", String(format: "%.1f ms", scan)),
                             ("fuel sums rebuilt from the history", String(format: "%.1f ms (once, after a restore)", rebuild)),
                             ("merge of \(trucks) new readings", String(format: "%.1f ms (with FUEL_EFFICIENCY kept up to date)", merge)),
                             ("FUEL_EFFICIENCY vs summing the history", differing == 0 ? "equal" : "\(differing) rows DIFFER")]
                          + queries.map { name, value in
                              (name, String(format: "%8.2f ms  (%@, %d rows)", value.ms, value.ms <= 10 ? "within 10 ms" : "OVER 10 ms", value.rows))
                          })
    }

    /// FUEL_EFFICIENCY as the seed's view computed it before the merge kept its sums: LAG over the
    /// whole history on each call. The bench checks the kept figures against it.
    static let fuelEfficiencyFromHistory = """
        SELECT TRUCK_ID, READINGS, ROUND(DISTANCE_KM, 1) AS DISTANCE_KM, ROUND(FUEL_USED_LITRES, 1) AS FUEL_USED_LITRES,
               ROUND(DISTANCE_KM / NULLIF(FUEL_USED_LITRES, 0), 2) AS KM_PER_LITRE,
               ROUND(100 * FUEL_USED_LITRES / NULLIF(DISTANCE_KM, 0), 1) AS LITRES_PER_100_KM
        FROM (SELECT TRUCK_ID, COUNT(*) + 1 AS READINGS, SUM(KM) AS DISTANCE_KM,
                     SUM(IFF(FUEL_DROP > 0, FUEL_DROP, 0)) * 400 / 100 AS FUEL_USED_LITRES
              FROM (SELECT TRUCK_ID,
                           ODOMETER_READING - LAG(ODOMETER_READING) OVER (PARTITION BY TRUCK_ID ORDER BY EFFECTIVE_START_DATE) AS KM,
                           LAG(FUEL_LEVEL) OVER (PARTITION BY TRUCK_ID ORDER BY EFFECTIVE_START_DATE) - FUEL_LEVEL AS FUEL_DROP
                    FROM TRUCK_TELEMETRY_DATA)
              WHERE KM IS NOT NULL
              GROUP BY TRUCK_ID)
        """
}
