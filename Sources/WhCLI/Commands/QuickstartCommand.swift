import ArgumentParser
import Foundation
import Logging
import Warehouse
import WarehouseDaemon

struct QuickstartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quickstart",
        abstract: "Start a working pipeline: a warehouse, a stage, a pipe, the daemon, and telemetry files arriving.",
        discussion: """
            Creates the warehouse from sql/quickstart/setup.sql (the seed's TRUCK_TELEMETRY_DATA, a stage on \
            quickstart-landing/ beside the warehouse, and a pipe that flattens nested telemetry into the table), \
            starts the ingest daemon, and drops a file of nested telemetry into the stage every --every seconds. \
            Each file's line shows its rows arriving and the pipe's status. Ctrl-C stops it cleanly; the \
            warehouse stays for `wh sql`. Run it from the repository's root.
            """)

    @Option(name: .long, help: ArgumentHelp("The warehouse file.", valueName: "path"))
    var db = "quickstart.db"

    @Option(help: "Seconds between files.")
    var every: Double = 1

    @Option(help: "Records per file.")
    var records = 10

    @Option(help: "Stop after this many files (default: run until Ctrl-C).")
    var files: Int?

    @Option(help: "The setup script.")
    var setup = "sql/quickstart/setup.sql"

    func run() throws {
        guard let script = try? String(contentsOfFile: setup, encoding: .utf8) else {
            TextSink.standardError.write("Error: cannot read \(setup)\nHint: run wh quickstart from the repository's root, or give --setup PATH\n")
            throw ExitCode(1)
        }
        // The lock first: a quickstart already running on this warehouse keeps its table and pipe.
        let lock: DaemonLock
        do { lock = try DaemonLock(warehousePath: db) } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
        let warehouse = try WarehouseOptions.open(path: db)
        do {
            try warehouse.run(script: script) { _, _ in }
        } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: setup))
            throw ExitCode(1)
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

        print("Warehouse \(db): TRUCK_TELEMETRY_DATA, stage TRUCK_TELEMETRY_STAGE on \(landing)/,")
        print("pipe TRUCK_TELEMETRY_PIPE (AUTO_INGEST). The daemon is running; a file of \(records) nested telemetry records")
        print("lands every \(every) s. Ctrl-C stops. Meanwhile, try: wh --db \(db) sql   or   wh --db \(db) pipe status\n")
        var generator = TelemetryGenerator()
        var written = 0, expected: Int64 = 0
        let run = CanonicalTimestamp.format(Date()).prefix(19).filter(\.isNumber)   // file names of this run
        while !stop.isStopped && files.map({ written < $0 }) ?? true {
            let name = "telemetry-\(run)-" + String(format: "%05d.ndjson", written + 1)
            let text = (0..<records).map { TelemetryGenerator.json(generator.values(written * records + $0)) }.joined()
            let temporary = landing + "/." + name + ".tmp"
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            let dropped = Date()
            try FileManager.default.moveItem(atPath: temporary, toPath: landing + "/" + name)
            written += 1
            expected += Int64(records)
            var rows: Int64 = 0
            while !stop.isStopped, Date().timeIntervalSince(dropped) < 10 {
                rows = try warehouse.execute("SELECT count(*) FROM TRUCK_TELEMETRY_DATA").rows.first?.first?.integerValue ?? 0
                if rows >= expected { break }
                Thread.sleep(forTimeInterval: 0.001)
            }
            let milliseconds = Date().timeIntervalSince(dropped) * 1000
            let status = try warehouse.pipeStatus("TRUCK_TELEMETRY_PIPE")
            let time = String(CanonicalTimestamp.format(Date()).dropFirst(11).prefix(8))
            print("\(time)  \(name) → \(rows) rows in TRUCK_TELEMETRY_DATA, visible after \(String(format: "%.1f", milliseconds)) ms; "
                  + "pipe \(status.executionState), \(status.pendingFileCount) pending")
            let deadline = dropped.addingTimeInterval(every)
            while !stop.isStopped, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        }
        stop.stop()
        while !finished.isStopped { Thread.sleep(forTimeInterval: 0.01) }
        let total = try warehouse.execute("SELECT count(*), count(DISTINCT TRUCK_ID) FROM TRUCK_TELEMETRY_DATA").rows[0]
        print("\nStopped. \(total[0].integerValue ?? 0) rows from \(written) files (\(total[1].integerValue ?? 0) trucks) are in \(db).")
        print("Look at them: wh --db \(db) sql -c \"SELECT TRUCK_ID, count(*), max(EFFECTIVE_START_DATE) FROM TRUCK_TELEMETRY_DATA GROUP BY 1\"")
        withExtendedLifetime((lock, signals)) {}
    }
}
