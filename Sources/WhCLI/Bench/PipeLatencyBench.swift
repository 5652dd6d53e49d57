import ArgumentParser
import Foundation
import Logging
import Warehouse
import Workloads
import WarehouseDaemon

/// `wh bench pipe`: how long from a file renamed into a stage to its rows visible from another
/// connection, with the daemon running; against the same files loaded by a COPY the benchmark runs
/// itself (no watcher, no second process: the work alone).
struct PipeLatencyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipe",
        abstract: "Latency of auto-ingest: file renamed into the stage → its rows visible, p50/p90/p99.",
        discussion: """
            Runs the ingest daemon in this process on its own connection, renames N files of nested telemetry into its \
            stage one at a time, and polls another connection until each file's rows are visible. In the same run it \
            loads the same files with a direct COPY INTO … FILES = ('name') on the benchmark's connection (the \
            baseline: parsing, inserting and committing without the daemon's event path) and prints both \
            percentiles and their ratio.
            """)

    @Option(help: "How many files.") var files = 1000
    @Option(help: "Records per file.") var rows = 100
    @OptionGroup var output: BenchOptions

    func run() throws {
        try output.inWorkingDirectory("pipe", subdirectories: ["landing", "direct"]) { try measure(in: $0) }
    }

    private func measure(in dir: String) throws {
        let path = dir + "/pipe.db"
        let setup = try Warehouse(path: path, environment: .system)
        _ = try setup.execute("CREATE STAGE landing URL = 'landing/'")
        _ = try setup.execute("CREATE STAGE direct URL = 'direct/'")
        _ = try setup.execute(CopyBenchmarkSQL.createTable)
        _ = try setup.execute("CREATE PIPE telemetry AUTO_INGEST = TRUE AS " + CopyBenchmarkSQL.copy)

        // The same files for both: made once, in memory.
        var fleet = FleetSimulator.benchmarkFleet()
        let texts = (0..<files).map { _ in Data((0..<rows).map { _ in fleet.nextReading(at: FleetSimulator.benchmarkStart).json(.nested) + "\n" }.joined().utf8) }

        let baseline = try measureDirect(setup: setup, dir: dir, texts: texts)
        let daemonLatencies = try measureDaemon(path: path, dir: dir, texts: texts)
        let p = percentiles(daemonLatencies), b = percentiles(baseline)
        output.report(json: ["files": "\(files)", "rows_per_file": "\(rows)", "daemon_ms": p.json, "direct_copy_ms": b.json,
                             "p50_ratio": "\(round(p.p50 / b.p50 * 100) / 100)"],
                      text: ["files": "\(files) of \(rows) nested records, renamed into the stage one at a time",
                             "daemon (auto-ingest)": p.text, "direct COPY INTO": b.text,
                             "ratio (p50)": String(format: "%.2fx the direct load's latency", p.p50 / b.p50)])
    }

    /// Baseline: rename, then COPY INTO … FILES = ('name') here; the time until it returns.
    private func measureDirect(setup: Warehouse, dir: String, texts: [Data]) throws -> [Double] {
        _ = try setup.execute("CREATE TABLE DIRECT_COPY AS SELECT * FROM TRUCK_TELEMETRY_DATA WHERE 0")
        let copy = CopyBenchmarkSQL.copy.replacingOccurrences(of: "INTO TRUCK_TELEMETRY_DATA", with: "INTO DIRECT_COPY")
            .replacingOccurrences(of: "@landing", with: "@direct")
        var latencies: [Double] = []
        for (i, text) in texts.enumerated() {
            let name = String(format: "f%05d.ndjson", i)
            try text.write(to: URL(fileURLWithPath: dir + "/direct/." + name))
            let start = DispatchTime.now().uptimeNanoseconds
            try FileManager.default.moveItem(atPath: dir + "/direct/." + name, toPath: dir + "/direct/" + name)
            _ = try setup.execute(copy + " FILES = ('\(name)')")
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return latencies
    }

    /// The daemon on its own thread and connection; this connection polls for each file's rows.
    private func measureDaemon(path: String, dir: String, texts: [Data]) throws -> [Double] {
        let lock = try DaemonLock(warehousePath: path)
        var logger = Logger(label: "wh.bench") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let daemon = IngestDaemon(warehouse: try Warehouse(path: path, environment: .system), logger: logger)
        let stop = StopFlag(), finished = StopFlag()
        let thread = Thread { [daemon] in
            do { try daemon.run(stop: stop) } catch { TextSink.standardError.write(ErrorReport.text(for: error, source: nil)) }
            finished.stop()
        }
        thread.start()
        defer {
            stop.stop()
            while !finished.isStopped { Thread.sleep(forTimeInterval: 0.01) }
            withExtendedLifetime(lock) {}
        }
        let reader = try Warehouse(path: path, environment: .system)
        // max(rowid) is one index probe; count(*) would scan a table that grows with every file.
        let count = "SELECT coalesce(max(rowid), 0) FROM TRUCK_TELEMETRY_DATA"
        Thread.sleep(forTimeInterval: 0.3)   // the daemon is watching
        var latencies: [Double] = []
        for (i, text) in texts.enumerated() {
            let name = String(format: "f%05d.ndjson", i)
            try text.write(to: URL(fileURLWithPath: dir + "/landing/." + name))
            let expected = Int64((i + 1) * rows)
            let start = DispatchTime.now().uptimeNanoseconds
            try FileManager.default.moveItem(atPath: dir + "/landing/." + name, toPath: dir + "/landing/" + name)
            while try reader.execute(count).rows.first?.first?.integerValue ?? 0 < expected {
                if Double(DispatchTime.now().uptimeNanoseconds - start) > 30e9 {
                    throw ValidationError("file \(name) was not loaded within 30 s: see `wh pipe status`")
                }
                usleep(100)
            }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return latencies
    }
}
