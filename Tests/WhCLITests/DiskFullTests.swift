import Foundation
import Testing
import Warehouse
import WarehouseSystem
import Workloads
#if canImport(Glibc)
import Glibc
#endif

@Suite struct DiskFullTests {
    /// Four files of 20,000 records (about 7 MB each) into a warehouse on a 24 MB disk: the pipe
    /// loads what fits, the next file fails naming itself and the full disk, nothing of it is kept,
    /// the file stays pending without a history entry; with space freed it loads exactly once.
    @Test func aPipeOnAFullDiskFailsCleanlyAndLoadsEachFileOnceWhenSpaceIsFreed() throws {
        guard let disk = try smallDisk(megabytes: 24) else { return }
        let staging = try TempDir()
        let clock = ManualClock()
        let path = disk.path + "/w.db"
        let warehouse = try Warehouse(path: path, environment: .local(clock: clock))
        try FileManager.default.createDirectory(atPath: staging.path + "/land", withIntermediateDirectories: true)
        try warehouse.run(script: pipeIntoR(from: staging.path + "/land")) { _, _ in }
        clock.advance(by: 1)
        try stageFourBigFiles(in: staging.path + "/land")
        clock.advance(by: 1)

        var failures: [String] = []
        for _ in 0..<3 { failures += try warehouse.ingestPending().failures.map(\.error) }
        let failure = try #require(failures.first)
        #expect(failure.contains("the disk holding the warehouse") && failure.contains("is full"))
        #expect(failure.contains("f3.ndjson") || failure.contains("f2.ndjson"))
        #expect(try warehouse.execute("PRAGMA integrity_check").rows.first?.first?.textValue == "ok")
        let loadedBefore = try warehouse.execute("SELECT count(*) FROM _wh_load_history").rows.first?.first?.integerValue ?? 0
        #expect(loadedBefore < 4)
        #expect(try warehouse.execute("SELECT count(*) FROM r").rows.first?.first?.integerValue == loadedBefore * 20_000)

        #expect(disk.grow(to: 96))
        for _ in 0..<2 { _ = try warehouse.ingestPending() }
        let counts = try warehouse.execute("SELECT count(*), count(DISTINCT id) FROM r").rows.first
        #expect(counts?[0].integerValue == 80_000)
        #expect(counts?[1].integerValue == 80_000)
        #expect(try warehouse.execute("SELECT count(*) FROM _wh_load_history WHERE status = 'LOADED'").rows.first?.first?.integerValue == 4)
        #expect(try warehouse.execute("PRAGMA integrity_check").rows.first?.first?.textValue == "ok")
    }

    /// COPY on a full disk: the statement fails with the file, the table and the fix; nothing loads.
    @Test func aCopyOnAFullDiskNamesTheFileAndLeavesNothing() throws {
        guard let disk = try smallDisk(megabytes: 8) else { return }
        let staging = try TempDir()
        let warehouse = try Warehouse(path: disk.path + "/w.db", environment: .local(clock: ManualClock()))
        _ = try warehouse.execute("CREATE STAGE land URL = '\(staging.path)/'")
        _ = try warehouse.execute("CREATE TABLE r (id INTEGER, payload STRING)")
        let padding = String(repeating: "y", count: 300)
        let lines = (0..<40_000).map { #"{"id": \#($0), "payload": "\#(padding)"}"# }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: staging.path + "/big.ndjson"))
        do {
            _ = try warehouse.execute("COPY INTO r FROM (SELECT $1:id, $1:payload FROM @land)")
            Issue.record("the COPY should have failed on the full disk")
        } catch {
            let message = Warehouse.message(of: error)
            #expect(message.contains("is full") && message.contains("big.ndjson") && message.contains("into R"), "\(message)")
        }
        #expect(try warehouse.execute("SELECT count(*) FROM r").rows.first?.first?.integerValue == 0)
        #expect(try warehouse.execute("SELECT count(*) FROM _wh_load_history").rows.first?.first?.integerValue == 0)
        #expect(try warehouse.execute("PRAGMA integrity_check").rows.first?.first?.textValue == "ok")
    }

    /// The seed's warehouse on a disk filled to the last byte after its files loaded: the SCD2 and
    /// click tasks fail saying the disk is full, a write to the key-value table fails naming it, and
    /// nothing is half-done; with space freed the tasks catch up and the history keeps its invariants.
    @Test func theSCD2TaskAndTheKeyValueTableOnAFullDiskFailCleanlyAndCatchUp() throws {
        guard let disk = try smallDisk(megabytes: 24) else { return }
        let clock = ManualClock()
        let warehouse = try Warehouse(path: disk.path + "/w.db", environment: .local(clock: clock))
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../sql/seed").standardized.path
        for name in try FileManager.default.contentsOfDirectory(atPath: seed).filter({ $0.hasSuffix(".sql") }).sorted() {
            try warehouse.run(script: String(contentsOfFile: seed + "/" + name, encoding: .utf8)) { _, _ in }
        }
        var generator = DataGenerator(seed: 7, trucks: 5, shape: .nested, environment: .local(clock: clock))
        for _ in 0..<3 {
            _ = try generator.writeFile(.telemetry, records: 40, into: try warehouse.directory(ofStage: "TELEMETRY_STAGE"))
            _ = try generator.writeFile(.clicks, records: 40, into: try warehouse.directory(ofStage: "CLICKSTREAM_STAGE"))
        }
        clock.advance(by: 5)
        #expect(try warehouse.ingestPending().failures.isEmpty)
        #expect(try count("RAW_TELEMETRY", in: warehouse) == 120 && count("RAW_CLICKSTREAM", in: warehouse) == 120)

        let ballast = disk.path + "/ballast"
        #expect(fill(ballast) > 0)
        clock.advance(by: 5)
        var failures: [String] = []
        do {
            failures = try warehouse.runDueTasks().compactMap(\.error)
        } catch {
            failures = [Warehouse.message(of: error)]
        }
        #expect(!failures.isEmpty && failures.allSatisfy { $0.contains("the disk holding the warehouse") && $0.contains("is full") }, "\(failures)")
        #expect(try count("TRUCK_TELEMETRY_DATA", in: warehouse) == 0, "a failed merge keeps nothing")
        do {
            _ = try warehouse.execute("INSERT INTO CLICKSTREAM_DATA (ITEM_ID, EVENT_TIMESTAMP, ITEM_NAME, CLICK_COUNTS) VALUES ('X1', '2025-01-01', 'x', 1)")
            Issue.record("the key-value table took a row on a full disk")
        } catch {
            let message = Warehouse.message(of: error)
            #expect(message.contains("is full") && message.contains("the statement stopped"), "\(message)")
            #expect((error as? StatementError)?.statement.contains("INSERT INTO CLICKSTREAM_DATA") == true)
            #expect((error as? StatementError)?.hint == "free space on that disk, then run the statement again")
        }
        #expect(try warehouse.execute("PRAGMA integrity_check").rows.first?.first?.textValue == "ok")

        try FileManager.default.removeItem(atPath: ballast)
        clock.advance(by: 5)
        #expect(try warehouse.runDueTasks().allSatisfy { $0.error == nil })
        #expect(try count("TRUCK_TELEMETRY_DATA", in: warehouse) == 120)
        #expect(try count("TELEMETRY_HISTORY_VIOLATIONS", in: warehouse) == 0)
        #expect(try count("CLICKSTREAM_DATA", in: warehouse) + count("CLICKSTREAM_REJECTS", in: warehouse) == 120)
        #expect(try warehouse.execute("PRAGMA integrity_check").rows.first?.first?.textValue == "ok")
    }

    /// `wh daemon` itself on a 24 MB disk: a file that does not fit fails, the daemon keeps running
    /// (it logs the error and retries with back-off), `wh pipe status` says the disk is full; once the
    /// disk is grown the daemon loads every file, each exactly once, without being restarted.
    @Test func theDaemonKeepsRunningOnAFullDiskAndLoadsEachFileOnceWhenSpaceIsFreed() throws {
        guard let disk = try smallDisk(megabytes: 24) else { return }
        let outside = try TempDir()
        let db = disk.path + "/w.db"
        try FileManager.default.createDirectory(atPath: outside.path + "/land", withIntermediateDirectories: true)
        let setup = try WhBinary.run(["--db", db, "sql", "-c", pipeIntoR(from: outside.path + "/land")], in: outside.path)
        #expect(setup.status == 0, "\(setup.stderr)")
        let log = outside.path + "/daemon.log"
        let daemon = try WhBinary.start(["--db", db, "daemon", "--settle", "0.3", "--poll", "0.5"], in: outside.path, logFile: log)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() } }
        try stageFourBigFiles(in: outside.path + "/land")
        let logText = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        #expect(waitUntil(60, poll: 0.2) { logText().contains("is full") }, "the daemon never reported the full disk: \(logText())")
        Thread.sleep(forTimeInterval: 1.5)   // a few retries with back-off
        #expect(daemon.isRunning, "the daemon exited on a full disk: \(logText())")
        let status = try WhBinary.run(["--db", db, "pipe", "status"], in: outside.path)
        #expect(status.stdout.contains("the disk holding the warehouse is full") && status.stdout.contains("the daemon retries by itself"),
                "\(status.stdout)\(status.stderr)")

        #expect(disk.grow(to: 96))
        let query = ["--db", db, "sql", "-o", "csv", "-c", "SELECT count(*), count(DISTINCT id) FROM r"]
        #expect(try waitUntil(60, poll: 0.2) { try WhBinary.run(query, in: outside.path).stdout.contains("80000,80000") },
                "not every file loaded once space was freed: \(logText())")
        Thread.sleep(forTimeInterval: 1)   // anything loaded twice would show up now
        #expect(try WhBinary.run(query, in: outside.path).stdout.contains("80000,80000"))
        let history = try WhBinary.run(["--db", db, "sql", "-o", "csv", "-c",
                                        "SELECT count(*), count(DISTINCT file_path) FROM _wh_load_history WHERE status = 'LOADED'"], in: outside.path)
        #expect(history.stdout.contains("4,4"), "\(history.stdout)")
        let after = try WhBinary.run(["--db", db, "pipe", "status"], in: outside.path)
        #expect(!after.stdout.contains("is full"), "\(after.stdout)")
        #expect(try WhBinary.run(["--db", db, "sql", "-c", "PRAGMA integrity_check"], in: outside.path).stdout.contains("ok"))
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
    }

    /// A mounted disk of that size, or nil (saying why) where mounting is not allowed.
    private func smallDisk(megabytes: Int) throws -> SmallDisk? {
        let disk = try SmallDisk(megabytes: megabytes)
        if !disk.mounted { print("DiskFullTests skipped: mounting a tmpfs is not allowed here (run as root, as CI does)") }
        return disk.mounted ? disk : nil
    }

    /// A stage on `directory`, a table R and an auto-ingest pipe P loading the stage into it.
    private func pipeIntoR(from directory: String) -> String {
        """
        CREATE STAGE land URL = '\(directory)/';
        CREATE TABLE r (id INTEGER, payload STRING);
        CREATE PIPE p AUTO_INGEST = TRUE AS COPY INTO r FROM (SELECT $1:id, $1:payload FROM @land);
        """
    }

    /// Four NDJSON files f0…f3 of 20,000 records (about 7 MB each) with distinct ids, each written in
    /// the directory above `directory` (the stage's) and renamed in whole.
    private func stageFourBigFiles(in directory: String) throws {
        let padding = String(repeating: "x", count: 300)
        for file in 0..<4 {
            let lines = (0..<20_000).map { #"{"id": \#(file * 100_000 + $0), "payload": "\#(padding)\#($0)"}"# }
            let writing = directory + "/../f\(file).writing"
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: writing))
            try FileManager.default.moveItem(atPath: writing, toPath: directory + "/f\(file).ndjson")
        }
    }

    private func count(_ table: String, in warehouse: Warehouse) throws -> Int64 {
        try warehouse.execute("SELECT count(*) FROM \(table)").rows.first?.first?.integerValue ?? -1
    }

    /// Writes `path` until the disk is full; returns the bytes written.
    private func fill(_ path: String) -> Int {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
        }() else { return 0 }
        defer { try? handle.close() }
        var written = 0
        for size in [1 << 20, 1 << 12, 1] {
            let chunk = Data(count: size)
            while (try? handle.write(contentsOf: chunk)) != nil { written += size }
        }
        return written
    }
}
