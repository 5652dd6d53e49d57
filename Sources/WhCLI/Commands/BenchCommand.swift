import ArgumentParser
import Foundation
import Warehouse
import Workloads
import WarehouseSystem

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print a ratio against a baseline measured in the same run.",
        subcommands: [CopyBench.self, PipeLatencyBench.self, ServeBench.self, AWSBench.self, ConnectorBench.self, DashboardBench.self, SCD2Bench.self, KVBench.self, SumBench.self])
}

/// `wh bench copy`: nested telemetry loaded by COPY, against SQLite's ceiling and the sqlite3 shell.
struct CopyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Load generated nested telemetry with COPY INTO; compare with SQLite's insert loop and the sqlite3 shell.",
        discussion: """
            Writes N nested telemetry records (about 700 bytes each) as NDJSON and loads them with the seed's COPY (23 \
            typed columns flattened from $1 paths) into a fresh warehouse, and again in the seed pipe's form \
            (COALESCE of the nested path and the flat key per column), with and without a stream on the table. In the same run, taking turns: the ceiling — \
            the raw SQLite API binding values built beforehand through one prepared INSERT, in one transaction, into a \
            plain 26-column table with no constraint, with wh's pragmas — and, when sqlite3 is on PATH, the sqlite3 \
            shell loading the same file (.import of the lines, then INSERT … SELECT json_extract per column). Prints each \
            load's best time, COPY's ratio to both, and the process's peak memory. The same readings as CSV (23 fields a \
            line) are loaded by COPY … FILE_FORMAT = (TYPE = CSV) and by the sqlite3 shell's .import --csv, against the same \
            ceiling. Build with -c release.
            """)

    @Option(help: "How many records to load.") var records = 1_000_000
    @Option(help: "Rounds of each load; each keeps its best time.") var runs = 3
    @Flag(help: "Leave out the sqlite3 shell's load.") var noShell = false
    @OptionGroup var output: BenchOptions

    func run() throws {
        try output.inWorkingDirectory("copy", subdirectories: ["landing"]) { try measure(in: $0) }
    }

    private func measure(in dir: String) throws {
        var fleet = FleetSimulator.benchmarkFleet()
        let file = dir + "/landing/telemetry.ndjson"
        let size = try fleet.write(records: records, to: file)
        var csvFleet = FleetSimulator.benchmarkFleet()
        let csvFile = dir + "/landing-csv/telemetry.csv"
        try FileManager.default.createDirectory(atPath: dir + "/landing-csv", withIntermediateDirectories: true)
        let csvSize = try csvFleet.writeCSV(records: records, to: csvFile)

        let beforeCopy = PeakMemory.megabytes()
        var pool = FleetSimulator.benchmarkFleet()
        let loadedAt = CanonicalTimestamp.format(Date())
        let rows = (0..<min(records, 4096)).map { _ in CopyBenchmarkSQL.plainRow(pool.nextReading(at: FleetSimulator.benchmarkStart), loadedAt: loadedAt) }
        let shell = noShell ? nil : SQLiteShellBaseline.shell
        var copy = Double.infinity, twoShapes = Double.infinity, streamed = Double.infinity, ceiling = Double.infinity, shellSeconds = Double.infinity
        var csvCopy = Double.infinity, csvShell = Double.infinity
        var peak: Double?
        // The loads take turns, and each keeps its best time: a busy moment on the machine then
        // slows one run of each rather than deciding a ratio.
        for round in 1...runs {
            copy = min(copy, try timeCopy(CopyBenchmarkSQL.copy, dir: dir, round: round))
            if peak == nil { peak = PeakMemory.megabytes() }
            twoShapes = min(twoShapes, try timeCopy(CopyBenchmarkSQL.twoShapeCopy, dir: dir, round: round))
            // As the seed runs it: RAW_TELEMETRY's stream records every row COPY inserts.
            streamed = min(streamed, try timeCopy(CopyBenchmarkSQL.twoShapeCopy, dir: dir, round: round,
                                                  setup: "CREATE STREAM TELEMETRY_CHANGES ON TABLE TRUCK_TELEMETRY_DATA"))
            csvCopy = min(csvCopy, try timeCopy(CopyBenchmarkSQL.csvCopy, dir: dir, round: round))
            let path = dir + "/ceiling-\(round).db"
            ceiling = min(ceiling, try RawInsertBaseline.seconds(path: path, table: "TRUCK_TELEMETRY_DATA",
                                                                  columns: CopyBenchmarkSQL.plainColumns, rows: rows, count: records))
            removeDatabase(path)
            if let shell {
                let path = dir + "/shell-\(round).db"
                shellSeconds = min(shellSeconds, try SQLiteShellBaseline.seconds(shell: shell, path: path, file: file, table: "TRUCK_TELEMETRY_DATA",
                                                                                  columns: CopyBenchmarkSQL.shellColumns, expected: records))
                removeDatabase(path)
                let csvPath = dir + "/shell-csv-\(round).db"
                csvShell = min(csvShell, try SQLiteShellBaseline.csvSeconds(shell: shell, path: csvPath, file: csvFile, table: "TRUCK_TELEMETRY_DATA",
                                                                          columns: CopyBenchmarkSQL.plainColumns, fields: TelemetryReading.columns.count,
                                                                          extra: ["strftime('%Y-%m-%d %H:%M:%f', 'now')", "NULL", "1"], expected: records))
                removeDatabase(csvPath)
            }
        }

        let rate = { (seconds: Double) in Double(records) / seconds }
        let megabytes = { (value: Double?) in value.map { String(format: "%.1f MB", $0) } ?? "unknown" }
        let shellMeasured = shell != nil && shellSeconds.isFinite, csvShellMeasured = shell != nil && csvShell.isFinite
        output.report(json: ["records": "\(records)", "file_bytes": "\(size)", "runs": "\(runs)",
                             "copy_seconds": "\(round3(copy))", "copy_rows_per_second": "\(Int(rate(copy)))",
                             "ceiling_seconds": "\(round3(ceiling))", "ceiling_rows_per_second": "\(Int(rate(ceiling)))",
                             "ratio_to_ceiling": "\(round3(ceiling / copy))",
                             "two_shape_copy_seconds": "\(round3(twoShapes))", "two_shape_ratio_to_copy": "\(round3(copy / twoShapes))",
                             "two_shape_with_stream_seconds": "\(round3(streamed))", "stream_cost": "\(round3(streamed / twoShapes - 1))",
                             "sqlite3_shell_seconds": shellMeasured ? "\(round3(shellSeconds))" : "null",
                             "ratio_to_sqlite3_shell": shellMeasured ? "\(round3(shellSeconds / copy))" : "null",
                             "peak_memory_mb": peak.map { String(round3($0)) } ?? "null",
                             "csv_file_bytes": "\(csvSize)", "csv_copy_seconds": "\(round3(csvCopy))", "csv_copy_rows_per_second": "\(Int(rate(csvCopy)))",
                             "csv_ratio_to_ceiling": "\(round3(ceiling / csvCopy))",
                             "csv_sqlite3_shell_seconds": csvShellMeasured ? "\(round3(csvShell))" : "null",
                             "csv_ratio_to_sqlite3_shell": csvShellMeasured ? "\(round3(csvShell / csvCopy))" : "null"],
                      text: ["records": "\(records) (\(String(format: "%.1f", Double(size) / 1_048_576)) MB of NDJSON), best of \(runs)",
                             "COPY INTO": String(format: "%.2f s, %d rows/s", copy, Int(rate(copy))),
                             "seed pipe's COPY": String(format: "%.2f s, %d rows/s (COALESCE of both shapes per column: %.2fx the plain paths' rate)",
                                                        twoShapes, Int(rate(twoShapes)), copy / twoShapes),
                             "seed pipe's COPY + stream": String(format: "%.2f s, %d rows/s (the stream's change capture costs %+.0f%%)",
                                                         streamed, Int(rate(streamed)), (streamed / twoShapes - 1) * 100),
                             "ceiling (raw SQLite)": String(format: "%.2f s, %d rows/s", ceiling, Int(rate(ceiling))),
                             "sqlite3 shell": shellMeasured ? String(format: "%.2f s, %d rows/s", shellSeconds, Int(rate(shellSeconds)))
                                                            : (noShell ? "left out (--no-shell)" : "not measured: no sqlite3 on PATH"),
                             "COPY / ceiling": String(format: "%.2fx", ceiling / copy),
                             "COPY / sqlite3 shell": shellMeasured ? String(format: "%.2fx", shellSeconds / copy) : "-",
                             "peak memory": "\(megabytes(peak)) after COPY, \(megabytes(beforeCopy)) before it",
                             "CSV COPY INTO": String(format: "%.2f s, %d rows/s (%.1f MB of CSV)", csvCopy, Int(rate(csvCopy)), Double(csvSize) / 1_048_576),
                             "CSV sqlite3 shell (.import --csv)": csvShellMeasured ? String(format: "%.2f s, %d rows/s", csvShell, Int(rate(csvShell))) : "-",
                             "CSV COPY / ceiling": String(format: "%.2fx", ceiling / csvCopy),
                             "CSV COPY / sqlite3 shell": csvShellMeasured ? String(format: "%.2fx", csvShell / csvCopy) : "-"])
    }

    /// Loads the staged file with COPY into a fresh warehouse; its time in seconds.
    private func timeCopy(_ statement: String, dir: String, round: Int, setup: String? = nil) throws -> Double {
        let path = dir + "/copy-\(round).db"
        let loader = try Warehouse(path: path, environment: .system)
        _ = try loader.execute("CREATE STAGE landing URL = 'landing/'")
        _ = try loader.execute("CREATE STAGE landing_csv URL = 'landing-csv/' FILE_FORMAT = (TYPE = CSV)")
        _ = try loader.execute(CopyBenchmarkSQL.createTable)
        if let setup { _ = try loader.execute(setup) }
        let clock = ContinuousClock()
        let start = clock.now
        let result = try loader.execute(statement)
        let elapsed = seconds(clock.now - start)
        guard result.rows.first?[3] == .integer(Int64(records)) else {
            throw ValidationError("COPY loaded \(result.rows.first?[3].textValue ?? "no") rows of \(records)")
        }
        removeDatabase(path)
        return elapsed
    }

    private func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
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
