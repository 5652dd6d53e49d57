import ArgumentParser
import Foundation
import Logging
import Warehouse
import Workloads
import WarehouseDaemon
import WarehouseSystem

struct QuickstartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quickstart",
        abstract: "Run the seed's whole pipeline live: generated telemetry and clicks → pipes → streams → tasks → SCD2 history and click table.",
        discussion: """
            Creates quickstart.db (afresh: a previous one is removed) from the seed's warehouse in sql/seed (stages, \
            pipes, streams, tasks, the SCD2 procedure, the clickstream key-value table and the views), starts the ingest \
            daemon, and every --every seconds writes a file of telemetry and a file of click events into the stages, as \
            `wh generate` does. Each line shows both arriving; every fifth, the fleet's current state. Ctrl-C stops it \
            cleanly; the warehouse stays for `wh sql` (which may query it meanwhile, from a second terminal). The seed's \
            SQL is built into wh, so it runs from any directory; --project DIR applies your own copy instead.
            """)

    @Option(name: .long, help: ArgumentHelp("The warehouse file.", valueName: "path"))
    var db = "quickstart.db"

    @Option(help: "Seconds between files.")
    var every: Double = 1

    @Option(help: "Records per file (readings, and click events).")
    var records = 10

    @Option(help: "Trucks in the fleet.")
    var trucks = 5

    @Option(help: "Stop after this many files of each source (default: run until Ctrl-C).")
    var files: Int?

    @Option(help: ArgumentHelp("Apply this folder's .sql files in name order instead of the built-in seed (sql/seed).", valueName: "dir"))
    var project: String?

    @Option(help: "The port of the HTTP server (wh serve's API) on 127.0.0.1; a free one when it is taken.")
    var port = 8080

    @Flag(help: "Do not start the HTTP server.")
    var noServe = false

    func run() throws {
        let scripts = try project.map { try ProjectScripts(directory: $0, hint: "give the folder that holds the .sql files, like --project sql/seed") }
            ?? ProjectScripts.builtInSeed
        // The lock first: a quickstart already running on this warehouse keeps its tables and pipes.
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
        try scripts.apply(to: warehouse)
        let telemetryStage = try warehouse.directory(ofStage: "TELEMETRY_STAGE")
        let clicksStage = try warehouse.directory(ofStage: "CLICKSTREAM_STAGE")

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
        let server = noServe ? nil : try QuickstartServer(db: db, port: port)

        print("Warehouse \(db), from \(scripts.directory). Every \(every) s a file of \(records) telemetry readings (\(trucks) trucks) lands in")
        print("TELEMETRY_STAGE and a file of \(records) click events in CLICKSTREAM_STAGE; the daemon's pipes load them, and tasks")
        print("merge them every second: readings into the SCD2 history TRUCK_TELEMETRY_DATA, clicks into the key-value table")
        print("CLICKSTREAM_DATA (bad events into CLICKSTREAM_REJECTS). Ctrl-C stops.")
        let wh = WhExecutable.invocation
        print("Meanwhile, in another terminal here: \(wh) --db \(db) sql -c 'SELECT * FROM TOP_PRODUCTS'   or   \(wh) --db \(db) pipe status")
        if let server {
            print("Dashboard: \(server.url)/   API: curl \(server.url)/v1/trucks   (post records to \(server.url)/v1/stages/TELEMETRY_STAGE/records; docs/api.md)")
        }
        print(WhExecutable.installNote.map { $0 + "\n" } ?? "")
        var generator = DataGenerator(seed: 42, trucks: trucks, shape: .nested, interval: 0.001, environment: .system)
        var written = 0
        var expected = (telemetry: Int64(0), clicks: Int64(0))
        while !stop.isStopped && files.map({ written < $0 }) ?? true {
            let dropped = Date()
            let telemetry = try generator.writeFile(.telemetry, records: records, into: telemetryStage)
            _ = try generator.writeFile(.clicks, records: records, into: clicksStage)
            written += 1
            expected.telemetry += Int64(records)
            expected.clicks += Int64(records)
            var landed = (telemetry: Int64(0), clicks: Int64(0))
            while !stop.isStopped, Date().timeIntervalSince(dropped) < 10 {
                let row = try warehouse.execute("SELECT (SELECT count(*) FROM RAW_TELEMETRY), (SELECT count(*) FROM RAW_CLICKSTREAM)").rows[0]
                landed = (row[0].integerValue ?? 0, row[1].integerValue ?? 0)
                if landed.telemetry >= expected.telemetry && landed.clicks >= expected.clicks { break }
                Thread.sleep(forTimeInterval: 0.001)
            }
            let milliseconds = Date().timeIntervalSince(dropped) * 1000
            let state = try warehouse.execute("""
                SELECT (SELECT count(*) FROM TRUCK_TELEMETRY_DATA), (SELECT count_if(IS_CURRENT) FROM TRUCK_TELEMETRY_DATA),
                       (SELECT count(*) FROM CLICKSTREAM_DATA), (SELECT count(*) FROM CLICKSTREAM_REJECTS)
                """).rows[0].map { $0.integerValue ?? 0 }
            let pipes = try ["TELEMETRY_PIPE", "CLICKSTREAM_PIPE"].map { try warehouse.pipeStatus($0).executionState }
            let time = String(CanonicalTimestamp.format(Date()).dropFirst(11).prefix(8))
            print("\(time)  \((telemetry.path as NSString).lastPathComponent) + clicks: raw \(landed.telemetry) readings, \(landed.clicks) events "
                  + "after \(String(format: "%.1f", milliseconds)) ms; history \(state[0]) versions (\(state[1]) current); "
                  + "clicks \(state[2]) (\(state[3]) rejected); pipes \(pipes.joined(separator: "/"))")
            if written % 5 == 0 { try printFleet(warehouse) }
            let deadline = dropped.addingTimeInterval(every)
            while !stop.isStopped, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        }
        stop.stop()
        server?.stop()
        while !finished.isStopped { Thread.sleep(forTimeInterval: 0.01) }
        _ = try warehouse.execute("CALL MERGE_TELEMETRY_SCD2()")   // what arrived after the tasks' last runs
        _ = try warehouse.execute("CALL MERGE_CLICKSTREAM()")
        let total = try warehouse.execute("""
            SELECT (SELECT count(*) FROM TRUCK_TELEMETRY_DATA), (SELECT count(DISTINCT TRUCK_ID) FROM TRUCK_TELEMETRY_DATA),
                   (SELECT count_if(IS_CURRENT) FROM TRUCK_TELEMETRY_DATA), (SELECT count(*) FROM CLICKSTREAM_DATA),
                   (SELECT coalesce(sum(CLICK_COUNTS), 0) FROM CLICKSTREAM_DATA)
            """).rows[0].map { $0.integerValue ?? 0 }
        print("\nStopped. \(written) files of each; TRUCK_TELEMETRY_DATA holds \(total[0]) versions of \(total[1]) trucks, \(total[2]) of them current; "
              + "CLICKSTREAM_DATA holds \(total[3]) events, \(total[4]) clicks; in \(db).")
        print("Look: \(WhExecutable.invocation) --db \(db) sql -c \"SELECT * FROM FLEET_CURRENT_STATE\"   (also TRUCKS_NEEDING_MAINTENANCE, FUEL_EFFICIENCY, TOP_PRODUCTS)")
        withExtendedLifetime((lock, signals)) {}
    }

    /// The fleet now: each truck's latest reading, and what needs maintenance.
    private func printFleet(_ warehouse: Warehouse) throws {
        let rows = try warehouse.execute("""
            SELECT f.TRUCK_ID, f.LAST_READING, f.VEHICLE_SPEED, f.FUEL_LEVEL, f.ODOMETER_READING, COALESCE(m.REASON, 'ok')
            FROM FLEET_CURRENT_STATE f LEFT JOIN TRUCKS_NEEDING_MAINTENANCE m ON m.TRUCK_ID = f.TRUCK_ID ORDER BY f.TRUCK_ID
            """).rows
        print("          fleet now: truck   last reading   km/h   fuel %   odometer km   maintenance")
        for row in rows {
            let text = row.map { $0.textValue ?? "NULL" }
            print("                     \(text[0])  \(text[1].dropFirst(11).prefix(8))  \(pad(text[2], 7))  \(pad(text[3], 6))  \(pad(text[4], 12))   \(text[5])")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
}
