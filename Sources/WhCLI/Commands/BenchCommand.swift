import ArgumentParser
import Foundation
import Warehouse
import Workloads
import WarehouseSystem

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print a ratio against a baseline measured in the same run.",
        subcommands: [CopyBench.self, PipeLatencyBench.self, SCD2Bench.self, KVBench.self, SumBench.self])
}

/// `wh bench copy`: nested telemetry loaded by COPY, against the SQLite ceiling.
struct CopyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Load generated nested telemetry with COPY INTO and compare with a bare prepared-statement loop.",
        discussion: """
            Writes N nested telemetry records (about 700 bytes each) as NDJSON, loads them with the seed's COPY (23 typed \
            columns flattened from $1 paths), then inserts the same number of rows into an identical table through one \
            prepared statement over values built beforehand (no parsing at all: the SQLite ceiling). Prints both rates, \
            their ratio and the process's peak memory. Build with -c release for meaningful figures.
            """)

    @Option(help: "How many records to load.") var records = 1_000_000
    @Option(help: "Rounds of both loads; each keeps its best time.") var runs = 3
    @OptionGroup var output: BenchOptions

    func run() throws {
        try output.inWorkingDirectory("copy", subdirectories: ["landing"]) { try measure(in: $0) }
    }

    private func measure(in dir: String) throws {
        var fleet = FleetSimulator.benchmarkFleet()
        let size = try fleet.write(records: records, to: dir + "/landing/telemetry.ndjson")

        let beforeCopy = PeakMemory.megabytes()
        var pool = FleetSimulator.benchmarkFleet()
        let rows = (0..<min(records, 4096)).map { _ in pool.nextReading(at: FleetSimulator.benchmarkStart).columnValues }
        var copySeconds = Double.infinity, baselineSeconds = Double.infinity
        var peak: Double?
        // The two loads take turns, and each keeps its best time: a busy moment on the machine
        // then slows one run of each rather than deciding the ratio.
        for round in 1...runs {
            copySeconds = min(copySeconds, try timeCopy(dir: dir, round: round))
            if peak == nil { peak = PeakMemory.megabytes() }
            baselineSeconds = min(baselineSeconds, try timeBaseline(dir: dir, round: round, rows: rows))
        }

        let copyRate = Double(records) / copySeconds, baselineRate = Double(records) / baselineSeconds
        let ratio = copyRate / baselineRate
        let megabytes = { (value: Double?) in value.map { String(format: "%.1f MB", $0) } ?? "unknown" }
        output.report(json: ["records": "\(records)", "file_bytes": "\(size)", "copy_seconds": "\(round3(copySeconds))",
                             "copy_rows_per_second": "\(Int(copyRate))", "baseline_seconds": "\(round3(baselineSeconds))",
                             "baseline_rows_per_second": "\(Int(baselineRate))", "ratio": "\(round3(ratio))", "runs": "\(runs)",
                             "peak_memory_mb": peak.map { String(round3($0)) } ?? "null"],
                      text: ["records": "\(records) (\(String(format: "%.1f", Double(size) / 1_048_576)) MB of NDJSON)",
                             "COPY INTO": "\(String(format: "%.2f", copySeconds)) s, \(Int(copyRate)) rows/s (best of \(runs))",
                             "baseline (SQLite)": "\(String(format: "%.2f", baselineSeconds)) s, \(Int(baselineRate)) rows/s (best of \(runs))",
                             "ratio": String(format: "%.2fx of the prepared-statement ceiling", ratio),
                             "peak memory": "\(megabytes(peak)) after COPY, \(megabytes(beforeCopy)) before it"])
    }

    /// Loads the staged file with COPY into a fresh warehouse; its time in seconds.
    private func timeCopy(dir: String, round: Int) throws -> Double {
        let loader = try Warehouse(path: dir + "/copy-\(round).db", environment: .system)
        _ = try loader.execute("CREATE STAGE landing URL = 'landing/'")
        _ = try loader.execute(CopyBenchmarkSQL.createTable)
        let clock = ContinuousClock()
        let start = clock.now
        let result = try loader.execute(CopyBenchmarkSQL.copy)
        let elapsed = seconds(clock.now - start)
        guard result.rows.first?[3] == .integer(Int64(records)) else {
            throw ValidationError("COPY loaded \(result.rows.first?[3].textValue ?? "no") rows of \(records)")
        }
        try? FileManager.default.removeItem(atPath: dir + "/copy-\(round).db")
        return elapsed
    }

    /// Inserts the same number of rows from values built beforehand into a fresh warehouse.
    private func timeBaseline(dir: String, round: Int, rows: [[SQLValue]]) throws -> Double {
        let baseline = try Warehouse(path: dir + "/baseline-\(round).db", environment: .system)
        _ = try baseline.execute(CopyBenchmarkSQL.createTable)
        let clock = ContinuousClock()
        let start = clock.now
        try baseline.insertBaseline(table: "TRUCK_TELEMETRY_DATA", columns: TelemetryReading.columns, rows: rows, count: records)
        let elapsed = seconds(clock.now - start)
        try? FileManager.default.removeItem(atPath: dir + "/baseline-\(round).db")
        return elapsed
    }

}

/// The process's peak resident memory (VmHWM), from /proc.
enum PeakMemory {
    static func megabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }
}

/// A figure rounded to three decimals for --json output.
func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
