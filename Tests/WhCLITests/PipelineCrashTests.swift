import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The seed's whole pipeline (pipes → streams → tasks → MERGE_TELEMETRY_SCD2 and the click merge) with
/// the daemon killed over and over: at exact commit points (it kills itself as its Nth transaction
/// starts to commit, or just after, through WH_CRASH_AT_COMMIT) and at random moments. After the last
/// restart nothing is lost, nothing is doubled and the SCD2 history keeps its invariants.
/// `WH_CRASH_TEST_KILLS` sets the number of kills (scripts/crash-test runs the long version).
@Suite(.serialized) struct PipelineCrashTests {
    let dir: TempDir
    /// Where the seed's stages keep their files, beside w.db.
    let telemetryStage: String, clicksStage: String
    let readingsPerFile = 25, trucks = 5

    init() throws {
        dir = try TempDir()
        telemetryStage = dir.path + "/w.buckets/kinesis-telemetry-data-bucket/telemetry-data"
        clicksStage = dir.path + "/landing/clickstream"
        let setup = try WhBinary.run(["--db", "w.db", "init", "--seed"], in: dir.path)
        #expect(setup.status == 0, "\(setup.stderr)")
    }

    /// How one run of the daemon ended.
    enum Ending: Hashable { case beforeCommit, afterCommit, randomMoment, notReached }

    @Test func noReadingOrClickIsLostOrDoubledAcrossKills() throws {
        let kills = Int(ProcessInfo.processInfo.environment["WH_CRASH_TEST_KILLS"] ?? "") ?? 24
        let filesPerSource = kills + 4
        for (source, folder) in [("telemetry", "held/telemetry"), ("clicks", "held/clicks")] {
            let made = try WhBinary.run(["--db", "w.db", "generate", "--source", source, "--dir", folder, "--files", "\(filesPerSource)",
                                         "--records", "\(readingsPerFile)", "--trucks", "\(trucks)"], in: dir.path)
            #expect(made.status == 0, "\(made.stderr)")
        }
        var held = (telemetry: try files(in: "held/telemetry"), clicks: try files(in: "held/clicks"))
        #expect(held.telemetry.count == filesPerSource && held.clicks.count == filesPerSource)
        let expectedClicks = try held.clicks.reduce(0) { $0 + (try lines(of: dir.path + "/held/clicks/" + $1)) }

        var generator = SystemRandomNumberGenerator()
        var endings: [Ending: Int] = [:]
        for _ in 0..<kills {
            // One file of each arrives (renamed in whole), then the daemon runs until it is killed.
            if let next = held.telemetry.popLast() { try FileManager.default.moveItem(atPath: dir.path + "/held/telemetry/" + next, toPath: telemetryStage + "/" + next) }
            if let next = held.clicks.popLast() { try FileManager.default.moveItem(atPath: dir.path + "/held/clicks/" + next, toPath: clicksStage + "/" + next) }
            let ending = try runUntilKilled(using: &generator)
            endings[ending, default: 0] += 1
        }
        for name in held.telemetry { try FileManager.default.moveItem(atPath: dir.path + "/held/telemetry/" + name, toPath: telemetryStage + "/" + name) }
        for name in held.clicks { try FileManager.default.moveItem(atPath: dir.path + "/held/clicks/" + name, toPath: clicksStage + "/" + name) }

        // The last run is left alone until every file is loaded and both streams are merged.
        let daemon = try startDaemon(crashPoint: nil)
        // (Every 0.2 s: each look starts a `wh sql`.)
        let settled = waitUntil(60, poll: 0.2) {
            (try? query("""
                SELECT (SELECT count(*) FROM _wh_load_history WHERE status = 'LOADED') = \(2 * filesPerSource)
                   AND NOT SYSTEM$STREAM_HAS_DATA('RAW_TELEMETRY_STREAM') AND NOT SYSTEM$STREAM_HAS_DATA('RAW_CLICKSTREAM_STREAM')
                """)) == "TRUE\n"
        }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        let unloaded = try query("SELECT * FROM _wh_load_history WHERE status <> 'LOADED'")
        #expect(settled, "the pipeline did not settle: \(unloaded)")
        #expect(daemon.terminationStatus == 0)

        let readings = filesPerSource * readingsPerFile
        // Every reading once in the raw table and once in the history; every file loaded once.
        #expect(try query("""
            SELECT count(*), count(DISTINCT TRUCK_ID || '|' || READING_TIME::STRING) FROM RAW_TELEMETRY;
            SELECT count(*), count(DISTINCT TRUCK_ID || '|' || EFFECTIVE_START_DATE::STRING), count_if(IS_CURRENT) FROM TRUCK_TELEMETRY_DATA;
            SELECT count(*) FROM RAW_TELEMETRY r LEFT JOIN TRUCK_TELEMETRY_DATA h
              ON h.TRUCK_ID = r.TRUCK_ID AND h.EFFECTIVE_START_DATE = r.READING_TIME WHERE h.TRUCK_ID IS NULL;
            SELECT count(*) FROM TELEMETRY_HISTORY_VIOLATIONS;
            SELECT count(*), count(DISTINCT FILE_PATH) FROM _wh_load_history
            """) == """
            \(readings)|\(readings)
            \(readings)|\(readings)|\(trucks)
            0
            0
            \(2 * filesPerSource)|\(2 * filesPerSource)

            """)
        // Every click event once; valid ones in the key-value table, the totals agreeing.
        #expect(try query("""
            SELECT count(*) FROM RAW_CLICKSTREAM;
            SELECT (SELECT count(*) FROM CLICKSTREAM_DATA) + (SELECT count(*) FROM CLICKSTREAM_REJECTS) = \(expectedClicks);
            SELECT (SELECT sum(CLICKS_ALL_TIME) FROM TOP_PRODUCTS) = (SELECT sum(RECORD:Click_Counts::NUMBER) FROM RAW_CLICKSTREAM)
            """) == "\(expectedClicks)\nTRUE\nTRUE\n")
        // The incrementally kept fuel figures equal those rebuilt from the whole history.
        // (Sums rounded: added up in another order, floating point differs in the last bits.)
        let fuel = """
            SELECT TRUCK_ID, LEGS, round(DISTANCE_KM, 6), round(FUEL_DROP_PERCENT, 6), LAST_START, LAST_ODOMETER, LAST_FUEL
            FROM FUEL_EFFICIENCY_STATE ORDER BY TRUCK_ID
            """
        let kept = try query(fuel)
        #expect(try query("CALL REBUILD_FUEL_EFFICIENCY(); " + fuel) == "rebuilt fuel efficiency\n" + kept)
        #expect(kept.split(separator: "\n").count == trucks)
        #expect(try query("PRAGMA integrity_check") == "ok\n")
        // Most runs must end at a commit point, or the test tests little.
        let atCommits = endings[.beforeCommit, default: 0] + endings[.afterCommit, default: 0]
        #expect(atCommits * 2 >= kills, "\(endings)")
        print("crash test: \(kills) kills — \(endings[.beforeCommit, default: 0]) as a commit began, \(endings[.afterCommit, default: 0]) just after one, "
              + "\(endings[.randomMoment, default: 0]) at a random moment, \(endings[.notReached, default: 0]) stopped before reaching its commit; "
              + "\(2 * filesPerSource) files, \(readings) readings, \(expectedClicks) clicks")
    }

    /// Starts the daemon with a crash point (or, one run in five, none: it is killed at a random
    /// moment) and waits for it to die; returns how it ended.
    func runUntilKilled(using generator: inout SystemRandomNumberGenerator) throws -> Ending {
        let choice = Int.random(in: 0..<5, using: &generator)
        // A run's first commits load its files; the task runs (about seven commits each) come next.
        let commit = Int.random(in: 1...24, using: &generator)
        let crashPoint = choice == 0 ? nil : (choice % 2 == 0 ? "before:\(commit)" : "after:\(commit)")
        let daemon = try startDaemon(crashPoint: crashPoint)
        let deadline = Date().addingTimeInterval(crashPoint == nil ? Double.random(in: 0.1...1.5, using: &generator) : 4)
        while daemon.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let killedItself = !daemon.isRunning
        if !killedItself { kill(daemon.processIdentifier, SIGKILL) }
        daemon.waitUntilExit()
        #expect(daemon.terminationReason == .uncaughtSignal && daemon.terminationStatus == SIGKILL,
                "the daemon ended by itself (status \(daemon.terminationStatus)): \(log())")
        if !killedItself { return crashPoint == nil ? .randomMoment : .notReached }
        return crashPoint!.hasPrefix("before") ? .beforeCommit : .afterCommit
    }

    func startDaemon(crashPoint: String?) throws -> Process {
        try WhBinary.start(["--db", "w.db", "daemon", "--settle", "0.2", "--poll", "0.3"], in: dir.path, logFile: dir.path + "/daemon.log",
                           environment: crashPoint.map { ["WH_CRASH_AT_COMMIT": $0] } ?? [:])
    }

    func log() -> String { (try? String(contentsOfFile: dir.path + "/daemon.log", encoding: .utf8)) ?? "" }

    func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path + "/" + folder).sorted(by: >)
    }

    func lines(of path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    }

    /// Rows of `sql` as `wh sql -c` prints them (a|b per row).
    func query(_ sql: String) throws -> String {
        let out = try WhBinary.run(["--db", "w.db", "sql", "--format", "list", "-c", sql], in: dir.path)
        if out.status != 0 { Issue.record("\(sql): \(out.stderr)") }
        return out.stdout
    }
}
