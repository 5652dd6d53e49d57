import ArgumentParser
import Foundation
import Warehouse
import Workloads

/// `wh bench scd2`: the shipped telemetry SCD2 merge of one batch into a 1M-row and a 10M-row
/// history, in the same run: the cost should follow the batch, not the history.
struct SCD2Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scd2",
        abstract: "Time the seed's SCD2 merge (CALL MERGE_TELEMETRY_SCD2()): a batch of readings into a small and a large history.",
        discussion: """
            Builds TRUCK_TELEMETRY_DATA with --history rows (and then 10 times as many) of --trucks trucks, each a valid \
            version chain, stages --batch newer readings (every field filled) in RAW_TELEMETRY, and times the merge. The procedure \
            is sql/seed/020_telemetry.sql's, built into wh. Building the large history takes about a minute.
            """)

    @Option(help: "Rows in the smaller history (the larger has ten times as many).") var history = 1_000_000
    @Option(help: "Readings in the batch.") var batch = 10_000
    @Option(help: "Trucks.") var trucks = 50
    @OptionGroup var output: BenchOptions
    @Flag(help: "Also print each statement's time.") var steps = false

    func run() throws {
        guard let setup = EmbeddedSeed.files.first(where: { $0.name == "020_telemetry.sql" })?.text else {
            throw ValidationError("this wh was built without sql/seed/020_telemetry.sql: run scripts/embed-sql and build again")
        }
        let merge = "CALL MERGE_TELEMETRY_SCD2();"
        try output.inWorkingDirectory("scd2") { try measure(setup: setup, merge: merge, in: $0) }
    }

    private func measure(setup: String, merge: String, in dir: String) throws {
        var results: [(rows: Int, ms: Double, inserted: Int64)] = []
        for size in [history, history * 10] {
            let warehouse = try Warehouse(path: dir + "/scd2-\(size).db", environment: .system)
            try warehouse.run(script: setup) { _, _ in }
            try buildHistory(warehouse, rows: size)
            try stageBatch(warehouse, after: size / trucks)
            // The history and the batch were just written: checkpoint them first, so the merge's
            // commit does not also copy them into the database file.
            try warehouse.checkpoint()
            let clock = ContinuousClock()
            let start = clock.now
            var last = start
            try warehouse.run(script: merge) { statement, _ in
                let now = clock.now
                if steps {
                    let ms = Double((now - last).components.attoseconds) / 1e15 + Double((now - last).components.seconds) * 1000
                    let first = statement.text.split(separator: "\n").first(where: { !$0.hasPrefix("--") && !$0.isEmpty }) ?? ""
                    print(String(format: "  %8.1f ms  %@", ms, String(first.prefix(90))))
                }
                last = now
            }
            let elapsed = clock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            let total = try warehouse.execute("SELECT count(*) FROM TRUCK_TELEMETRY_DATA").rows[0][0].integerValue ?? 0
            let current = try warehouse.execute("SELECT count(*) FROM TRUCK_TELEMETRY_DATA WHERE IS_CURRENT").rows[0][0].integerValue ?? 0
            guard total == Int64(size + batch), current == Int64(trucks) else {
                throw ValidationError("the merge left \(total) rows (\(current) current); expected \(size + batch) (\(trucks))")
            }
            results.append((size, ms, total - Int64(size)))
            try? FileManager.default.removeItem(atPath: dir + "/scd2-\(size).db")
        }
        let ratio = results[1].ms / results[0].ms
        output.report(json: ["batch": "\(batch)", "trucks": "\(trucks)", "history_rows": "[\(results[0].rows), \(results[1].rows)]",
                             "merge_ms": String(format: "[%.1f, %.1f]", results[0].ms, results[1].ms), "ratio": String(format: "%.2f", ratio)],
                      text: ["batch": "\(batch) readings of \(trucks) trucks, newer than their current versions",
                             "history \(results[0].rows) rows": String(format: "merge %.1f ms", results[0].ms),
                             "history \(results[1].rows) rows": String(format: "merge %.1f ms", results[1].ms),
                             "ratio": String(format: "%.2fx (large history / small history)", ratio)])
    }

    /// `rows` versions: each truck's chain of readings one minute apart, the last current.
    private func buildHistory(_ warehouse: Warehouse, rows: Int) throws {
        let perTruck = rows / trucks
        let base = 1_700_000_000.0
        func time(_ minute: Int) -> SQLValue { .text(CanonicalTimestamp.format(Date(timeIntervalSince1970: base + Double(minute) * 60))) }
        try warehouse.insertRows(table: "TRUCK_TELEMETRY_DATA",
                                 columns: ["TRUCK_ID", "EFFECTIVE_START_DATE", "EFFECTIVE_END_DATE", "IS_CURRENT", "VEHICLE_SPEED", "FUEL_LEVEL"],
                                 count: perTruck * trucks) { i in
            let truck = i % trucks, n = i / trucks
            let last = n == perTruck - 1
            return [.text(String(format: "TRK%03d", truck)), time(n), last ? .null : time(n + 1), .integer(last ? 1 : 0),
                    .real(Double(n % 90)), .real(Double(100 - n % 100))]
        }
    }

    /// `batch` new readings with every field filled (as the pipe lands them), spread over the
    /// trucks, after each truck's current version.
    private func stageBatch(_ warehouse: Warehouse, after minutes: Int) throws {
        let base = 1_700_000_000.0
        var fleet = FleetSimulator.benchmarkFleet()
        let columns = ["READING_TIME"] + TelemetryReading.columns.filter { $0 != "EFFECTIVE_START_DATE" }
        try warehouse.insertRows(table: "RAW_TELEMETRY", columns: columns, count: batch) { i in
            let truck = i % trucks, n = minutes + i / trucks
            var values = fleet.nextReading(at: FleetSimulator.benchmarkStart).columnValues
            values[0] = .text(String(format: "TRK%03d", truck))
            values.remove(at: 1)
            return [.text(CanonicalTimestamp.format(Date(timeIntervalSince1970: base + Double(n) * 60)))] + values
        }
    }
}
