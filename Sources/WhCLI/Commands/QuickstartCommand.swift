import ArgumentParser
import Foundation
import Logging
import Warehouse
import WarehouseDaemon

struct QuickstartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quickstart",
        abstract: "Start a working pipeline: files → pipe → raw table → stream → task → SCD2 history, live.",
        discussion: """
            Creates quickstart.db (afresh: a previous one is removed) from sql/scd2/setup.sql (RAW_TELEMETRY, its stream, \
            the seed's TRUCK_TELEMETRY_DATA and the SCD2 merge procedure) and sql/quickstart/setup.sql (a stage on \
            quickstart-landing/ beside the warehouse, a pipe that flattens nested telemetry into RAW_TELEMETRY, and a task \
            that merges new readings into the history every second), starts the ingest daemon, and drops a file of nested \
            telemetry into the stage every --every seconds. Each file's line shows its readings arriving and the history \
            growing. Ctrl-C stops it cleanly; the warehouse stays for `wh sql`. Run it from the repository's root.
            """)

    @Option(name: .long, help: ArgumentHelp("The warehouse file.", valueName: "path"))
    var db = "quickstart.db"

    @Option(help: "Seconds between files.")
    var every: Double = 1

    @Option(help: "Records per file.")
    var records = 10

    @Option(help: "Trucks in the fleet (each file has a reading of each, in turn).")
    var trucks = 5

    @Option(help: "Stop after this many files (default: run until Ctrl-C).")
    var files: Int?

    @Option(help: "The setup scripts, run in order.")
    var setup = ["sql/scd2/setup.sql", "sql/quickstart/setup.sql"]

    func run() throws {
        var scripts: [(String, String)] = []
        for path in setup {
            guard let script = try? String(contentsOfFile: path, encoding: .utf8) else {
                TextSink.standardError.write("Error: cannot read \(path)\nHint: run wh quickstart from the repository's root, or give --setup PATH\n")
                throw ExitCode(1)
            }
            scripts.append((path, script))
        }
        // The lock first: a quickstart already running on this warehouse keeps its table and pipe.
        let lock: DaemonLock
        do { lock = try DaemonLock(warehousePath: db) } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
        if FileManager.default.fileExists(atPath: db) && (db as NSString).lastPathComponent != "quickstart.db" {
            // Only the quickstart's own file is ever replaced: never a warehouse given with --db.
            TextSink.standardError.write("Error: \(db) exists\nHint: the quickstart starts a new warehouse; remove \(db) or give another --db\n")
            throw ExitCode(1)
        }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
            try FileManager.default.removeItem(atPath: db + suffix)   // the quickstart's own warehouse starts afresh
        }
        let warehouse = try WarehouseOptions.open(path: db)
        for (path, script) in scripts {
            do {
                try warehouse.run(script: script) { _, _ in }
            } catch {
                TextSink.standardError.write(ErrorReport.text(for: error, source: path))
                throw ExitCode(1)
            }
        }
        let landing = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(
            ((db as NSString).deletingLastPathComponent as NSString).appendingPathComponent("quickstart-landing"))
        try FileManager.default.createDirectory(atPath: landing, withIntermediateDirectories: true)

        let stop = StopFlag()
        let signals = SignalWatch(stop: stop)
        var logger = Logger(label: "wh.daemon") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let daemon = IngestDaemon(warehouse: try WarehouseOptions.open(path: db), logger: logger,
                                  options: IngestDaemon.Options(settle: 0.5, poll: 1))
        let finished = StopFlag()
        let thread = Thread { [daemon] in
            do { try daemon.run(stop: stop) } catch { TextSink.standardError.write(ErrorReport.text(for: error, source: nil)) }
            finished.stop()
        }
        thread.start()

        print("Warehouse \(db): stage TRUCK_TELEMETRY_STAGE on \(landing)/ → pipe TRUCK_TELEMETRY_PIPE → RAW_TELEMETRY")
        print("→ stream RAW_TELEMETRY_STREAM → task TRUCK_TELEMETRY_SCD2 (every second) → CALL MERGE_TELEMETRY_SCD2()")
        print("→ TRUCK_TELEMETRY_DATA (Type 2 history). A file of \(records) nested readings lands every \(every) s. Ctrl-C stops.")
        print("Meanwhile, try: wh --db \(db) sql   or   wh --db \(db) pipe status\n")
        var generator = TelemetryGenerator()
        var written = 0, expected: Int64 = 0
        let run = CanonicalTimestamp.format(Date()).prefix(19).filter(\.isNumber)   // file names of this run
        while !stop.isStopped && files.map({ written < $0 }) ?? true {
            let name = "telemetry-\(run)-" + String(format: "%05d.ndjson", written + 1)
            let text = (0..<records).map { k -> String in
                var values = generator.values(written * records + k)
                values[0] = .text(String(format: "TRK%03d", k % trucks + 1))   // a small fleet: each truck gets a new version per file
                return TelemetryGenerator.json(values)
            }.joined()
            let temporary = landing + "/." + name + ".tmp"
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            let dropped = Date()
            try FileManager.default.moveItem(atPath: temporary, toPath: landing + "/" + name)
            written += 1
            expected += Int64(records)
            var rows: Int64 = 0
            while !stop.isStopped, Date().timeIntervalSince(dropped) < 10 {
                rows = try warehouse.execute("SELECT count(*) FROM RAW_TELEMETRY").rows.first?.first?.integerValue ?? 0
                if rows >= expected { break }
                Thread.sleep(forTimeInterval: 0.001)
            }
            let milliseconds = Date().timeIntervalSince(dropped) * 1000
            let status = try warehouse.pipeStatus("TRUCK_TELEMETRY_PIPE")
            let history = try warehouse.execute("SELECT count(*), count_if(IS_CURRENT) FROM TRUCK_TELEMETRY_DATA").rows[0]
            let time = String(CanonicalTimestamp.format(Date()).dropFirst(11).prefix(8))
            print("\(time)  \(name) → \(rows) readings in RAW_TELEMETRY after \(String(format: "%.1f", milliseconds)) ms; "
                  + "history \(history[0].integerValue ?? 0) versions, \(history[1].integerValue ?? 0) current; pipe \(status.executionState)")
            let deadline = dropped.addingTimeInterval(every)
            while !stop.isStopped, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        }
        stop.stop()
        while !finished.isStopped { Thread.sleep(forTimeInterval: 0.01) }
        _ = try warehouse.execute("CALL MERGE_TELEMETRY_SCD2()")   // what arrived after the task's last run
        let total = try warehouse.execute("SELECT count(*), count(DISTINCT TRUCK_ID), count_if(IS_CURRENT) FROM TRUCK_TELEMETRY_DATA").rows[0]
        print("\nStopped. \(written) files; TRUCK_TELEMETRY_DATA holds \(total[0].integerValue ?? 0) versions of \(total[1].integerValue ?? 0) trucks, "
              + "\(total[2].integerValue ?? 0) of them current, in \(db).")
        print("Look: wh --db \(db) sql -c \"SELECT TRUCK_ID, EFFECTIVE_START_DATE, EFFECTIVE_END_DATE, IS_CURRENT FROM TRUCK_TELEMETRY_DATA ORDER BY 1, 2 LIMIT 12\"")
        withExtendedLifetime((lock, signals)) {}
    }
}
