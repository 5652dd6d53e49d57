import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Warehouse
import WarehouseServer
import Workloads

/// `wh bench serve`: the seed's whole pipeline behind `wh serve` under a fleet's load — loopback
/// clients post one reading per truck per second through the buffer, the pipe, the stream and the
/// SCD2 task — against a plain COPY of as many records in the same run.
struct ServeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "HTTP ingest under load: records/s, request latency and freshness (posted → in the SCD2 history), lost and duplicated.",
        discussion: """
            Creates a warehouse from the seed, starts wh serve in this process (daemon included) on a free loopback \
            port, and for --seconds posts nested readings for --trucks trucks (concurrent requests), one reading per \
            truck per second, in requests of --batch records. It prints the records/s accepted, request latency \
            p50/p99, freshness p50/p99 (a sample of readings, from the post to the reading's row in \
            TRUCK_TELEMETRY_DATA), and, once everything acknowledged had time to land, the records lost and loaded \
            twice. In the same run it loads as many records with the pipe's own COPY from one file and prints the ratio \
            of ingest throughput to it. Build with -c release.
            """)

    @Option(help: "Trucks in the fleet (each posts one reading a second).") var trucks = 10_000
    @Option(help: "How long to post, in seconds.") var seconds = 60
    @Option(help: "Records per request.") var batch = 250
    @OptionGroup var output: BenchOptions

    func validate() throws {
        guard trucks > 0, seconds > 0, batch > 0 else { throw ValidationError("all figures must be positive") }
    }

    func run() throws {
        try output.inWorkingDirectory("serve") { dir in try BlockingTask.run { try await measure(in: dir) } }
    }

    private func measure(in dir: String) async throws {
        let path = dir + "/serve.db"
        try ProjectScripts.builtInSeed.apply(to: try Warehouse(path: path, environment: .system))
        let served = try await BenchServer.start(path) { $0.daemonPoll = 1 }
        let url = served.url
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let load = LoadRecord()
        let reader = SharedWarehouse(try Warehouse(path: path, environment: .system))
        let stage = try reader.warehouse.directory(ofStage: "TELEMETRY_STAGE")
        let start = ContinuousClock.now
        let perTick = max(1, trucks / 10)   // ten ticks a second
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Freshness: each sampled reading's first appearance in the SCD2 history.
                while ContinuousClock.now < start + .seconds(seconds + 30) {
                    let pending = load.pendingSamples()
                    if pending.isEmpty && load.allAnswered { return }
                    for (truck, time, file, posted) in pending {
                        let elapsed = ServeBench.ms(ContinuousClock.now - posted)
                        // The load history (indexed by file), not RAW_TELEMETRY: a scan of it 40 times
                        // a second would slow the very loads it measures.
                        if !load.isLoaded(truck: truck, time: time),
                           try !reader.warehouse.execute("SELECT 1 FROM _wh_load_history WHERE table_name = 'RAW_TELEMETRY' AND file_path = '\(file)'").rows.isEmpty {
                            load.loaded(truck: truck, time: time, milliseconds: elapsed)
                        }
                        // Each half on its partial index (current, history): a plain lookup would scan.
                        let version = "SELECT 1 FROM TRUCK_TELEMETRY_DATA WHERE TRUCK_ID = '\(truck)' AND EFFECTIVE_START_DATE = '\(time)'"
                        let seen = try reader.warehouse.execute(version + " AND IS_CURRENT UNION ALL " + version + " AND NOT IS_CURRENT")
                        if !seen.rows.isEmpty {
                            load.seen(truck: truck, time: time, milliseconds: elapsed)
                        }
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            // The pacer: each tick, a tenth of the fleet's readings, posted as concurrent requests
            // (each is answered only once durable, so a client waiting for one before the next
            // would send less than the fleet makes).
            var tick = 0
            while true {
                let due = start + .milliseconds(tick * 100)
                if due > start + .seconds(seconds) { break }
                try await Task.sleep(until: due, clock: .continuous)
                load.noteLateness(ServeBench.ms(ContinuousClock.now - due))
                let first = (tick % 10) * perTick, second = tick / 10
                let time = CanonicalTimestamp.format(Date(timeIntervalSince1970: 1_742_225_754 + Double(second)))
                for offset in stride(from: first, to: first + perTick, by: batch) {
                    let trucksNow = offset..<min(offset + batch, first + perTick)
                    load.sent()
                    group.addTask {
                        let body = trucksNow.map { ServeBench.reading(truck: $0, time: time) }.joined(separator: "\n")
                        let posted = ContinuousClock.now
                        let file = await ServeBench.post(client, url + "/v1/stages/TELEMETRY_STAGE/records", body)
                        load.answered(keys: trucksNow.map { ServeBench.truckID($0) + "@" + time }, ok: file != nil,
                                      milliseconds: ServeBench.ms(ContinuousClock.now - posted),
                                      sample: file.map { (ServeBench.truckID(trucksNow.lowerBound), time, stage + "/" + $0, posted) })
                    }
                }
                tick += 1
            }
            load.finishSending()
            try await group.waitForAll()
        }
        let sendSeconds = ServeBench.ms(load.lastAnswer - start) / 1000
        try await client.shutdown()
        // Everything acknowledged had 30 s to land; now count it.
        var counts: [String: Int] = [:]
        for _ in 0..<60 {
            counts = try Self.loadedCounts(reader.warehouse)
            if load.acknowledged.allSatisfy({ counts[$0] != nil }) { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        await served.stop()
        let lost = load.acknowledged.filter { counts[$0] == nil }.count
        let duplicated = counts.values.filter { $0 > 1 }.count
        let copySeconds = try Self.plainCopySeconds(records: load.acknowledged.count, dir: dir)
        let rate = Double(load.acknowledged.count) / sendSeconds
        let copyRate = Double(load.acknowledged.count) / copySeconds
        let latency = percentiles(load.latencies), freshness = percentiles(load.freshness), loaded = percentiles(load.toLoad)
        output.report(json: ["trucks": "\(trucks)", "seconds": "\(seconds)", "records_acknowledged": "\(load.acknowledged.count)",
                             "records_refused": "\(load.refused)", "records_per_second": "\(Int(rate))", "send_seconds": "\(round3(sendSeconds))",
                             "maximum_lateness_ms": "\(round3(load.maximumLateness))",
                             "request_latency_ms": latency.json, "freshness_ms": freshness.json,
                             "freshness_samples": "\(load.freshness.count)", "posted_to_raw_ms": loaded.json, "lost": "\(lost)", "duplicated": "\(duplicated)",
                             "plain_copy_rows_per_second": "\(Int(copyRate))", "ratio_to_plain_copy": "\(round3(rate / copyRate))"],
                      text: ["load": "\(trucks) trucks, one reading each per second, \(seconds) s, \(batch) records a request (posting fell behind its schedule by at most \(Int(load.maximumLateness)) ms)",
                             "accepted": "\(load.acknowledged.count) records in \(String(format: "%.1f", sendSeconds)) s, \(Int(rate)) records/s (\(load.refused) refused or failed)",
                             "request latency": latency.text,
                             "freshness": freshness.text + " (\(load.freshness.count) samples, \(load.pendingSamples().count) never seen; posted → in TRUCK_TELEMETRY_DATA)",
                             "of which the pipe": loaded.text + " (posted → loaded into RAW_TELEMETRY; then the 1-second task merges)",
                             "lost": "\(lost) acknowledged records not loaded",
                             "duplicated": "\(duplicated) records loaded twice",
                             "plain COPY": String(format: "%.2f s for as many records, %d rows/s", copySeconds, Int(copyRate)),
                             "ingest / plain COPY": String(format: "%.3fx", rate / copyRate)])
    }

    static func truckID(_ n: Int) -> String { "TRK" + String(repeating: "0", count: max(0, 5 - String(n).count)) + String(n) }

    static func reading(truck: Int, time: String) -> String {
        "{\"truck_id\": \"\(truckID(truck))\", \"gps_location\": {\"latitude\": 35.8, \"longitude\": -83.8, \"altitude\": 42.1, \"speed\": 67.5}, "
            + "\"vehicle_speed\": 55.0, \"engine_diagnostics\": {\"engine_rpm\": 2544, \"fuel_level\": 57.6, \"engine_temperature\": 90.2, "
            + "\"oil_pressure\": 47.5, \"battery_voltage\": 13.9}, \"odometer_reading\": 104342.2, \"fuel_consumption\": 17.8, "
            + "\"vehicle_health_and_maintenance\": {\"brake_status\": \"Good\", \"tire_pressure\": {\"front_left\": 30.9, \"front_right\": 32.4, "
            + "\"rear_left\": 35.9, \"rear_right\": 35.2}, \"transmission_status\": \"Operational\"}, \"environmental_conditions\": "
            + "{\"temperature\": 27.1, \"humidity\": 51.8, \"atmospheric_pressure\": 1009.65}, \"timestamp\": \"\(time)\"}"
    }

    /// Posts the records; the name of the stage file that holds them, or nil when refused or failed.
    static func post(_ client: HTTPClient, _ url: String, _ body: String) async -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.body = .bytes(ByteBuffer(string: body))
        guard let response = try? await client.execute(request, timeout: .seconds(30)),
              let answer = try? await response.body.collect(upTo: 1 << 20), response.status == .ok else { return nil }
        return String(buffer: answer).firstMatch(of: /"file":"([^"]+)"/).map { String($0.1) }
    }

    static func ms(_ duration: Duration) -> Double {
        Workloads.seconds(duration) * 1000
    }

    /// How many times each (truck, reading time) is in RAW_TELEMETRY.
    static func loadedCounts(_ reader: Warehouse) throws -> [String: Int] {
        let result = try reader.execute("SELECT TRUCK_ID || '@' || READING_TIME, COUNT(*) FROM RAW_TELEMETRY GROUP BY TRUCK_ID, READING_TIME")
        var counts: [String: Int] = [:]
        for row in result.rows { counts[row[0].textValue ?? ""] = Int(row[1].integerValue ?? 0) }
        return counts
    }

    /// The pipe's COPY of as many records from one staged file into a fresh warehouse, in seconds.
    static func plainCopySeconds(records: Int, dir: String) throws -> Double {
        let path = dir + "/copy.db"
        let warehouse = try Warehouse(path: path, environment: .system)
        try ProjectScripts.builtInSeed.apply(to: warehouse)
        let stage = try warehouse.directory(ofStage: "TELEMETRY_STAGE")
        let time = CanonicalTimestamp.format(Date(timeIntervalSince1970: 1_742_225_754))
        let text = (0..<max(records, 1)).map { reading(truck: $0, time: time) }.joined(separator: "\n") + "\n"
        try text.write(toFile: stage + "/plain.ndjson", atomically: true, encoding: .utf8)
        let definition = try warehouse.execute("DESC PIPE TELEMETRY_PIPE")
        guard let index = definition.columns.firstIndex(where: { $0.name == "definition" }),
              let copy = definition.rows.first?[index].textValue else { throw ValidationError("the seed has no TELEMETRY_PIPE") }
        let start = ContinuousClock.now
        _ = try warehouse.execute(copy)
        return ms(ContinuousClock.now - start) / 1000
    }
}

/// What the senders saw, shared with the freshness watcher.
final class LoadRecord: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String] = []
    private var refusedCount = 0
    private var latencyValues: [Double] = []
    private var freshnessValues: [Double] = []
    private var loadValues: [Double] = []
    private var loadedSamples = Set<String>()
    private var samples: [String: (truck: String, time: String, file: String, posted: ContinuousClock.Instant)] = [:]

    func answered(keys more: [String], ok: Bool, milliseconds: Double, sample: (String, String, String, ContinuousClock.Instant)?) {
        lock.withLock {
            requestsAnswered += 1
            lastAnswerAt = ContinuousClock.now
            latencyValues.append(milliseconds)
            if ok { keys += more } else { refusedCount += more.count }
            if let sample { samples[sample.0 + "@" + sample.1] = (sample.0, sample.1, sample.2, sample.3) }
        }
    }

    func pendingSamples() -> [(String, String, String, ContinuousClock.Instant)] {
        lock.withLock { samples.values.map { ($0.truck, $0.time, $0.file, $0.posted) } }
    }

    /// The sample reached RAW_TELEMETRY (the pipe loaded its file).
    func loaded(truck: String, time: String, milliseconds: Double) {
        lock.withLock { if loadedSamples.insert(truck + "@" + time).inserted { loadValues.append(milliseconds) } }
    }

    func isLoaded(truck: String, time: String) -> Bool { lock.withLock { loadedSamples.contains(truck + "@" + time) } }

    func seen(truck: String, time: String, milliseconds: Double) {
        lock.withLock {
            if samples.removeValue(forKey: truck + "@" + time) != nil { freshnessValues.append(milliseconds) }
        }
    }

    private var requestsSent = 0, requestsAnswered = 0, sendingFinished = false, latenessMaximum = 0.0
    private var lastAnswerAt = ContinuousClock.now

    func sent() { lock.withLock { requestsSent += 1 } }
    func finishSending() { lock.withLock { sendingFinished = true } }
    func noteLateness(_ milliseconds: Double) { lock.withLock { latenessMaximum = Swift.max(latenessMaximum, milliseconds) } }
    var allAnswered: Bool { lock.withLock { sendingFinished && requestsAnswered == requestsSent } }
    var lastAnswer: ContinuousClock.Instant { lock.withLock { lastAnswerAt } }
    var maximumLateness: Double { lock.withLock { latenessMaximum } }

    var acknowledged: [String] { lock.withLock { keys } }
    var refused: Int { lock.withLock { refusedCount } }
    var latencies: [Double] { lock.withLock { latencyValues } }
    var freshness: [Double] { lock.withLock { freshnessValues } }
    var toLoad: [Double] { lock.withLock { loadValues } }
}

/// `wh serve` in the bench's own process on a free loopback port, logging errors only.
struct BenchServer {
    let url: String
    private let stopper: ServerStopper
    private let serving: Task<Void, any Error>

    static func start(_ path: String, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> BenchServer {
        var configuration = ServerConfiguration(warehousePath: path)
        configuration.port = 0
        configure(&configuration)
        var logger = Logger(label: "wh.bench") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .error
        let server = try WarehouseServer(configuration: configuration, environment: .system, logger: logger)
        let stopper = ServerStopper()
        let listening = AsyncURL()
        let serving = Task.detached { try await server.run(stopper: stopper) { await listening.set($0) } }
        return BenchServer(url: await listening.value(), stopper: stopper, serving: serving)
    }

    func stop() async {
        await stopper.stop()
        _ = try? await serving.value
    }
}

/// The server's URL, once it listens.
actor AsyncURL {
    private var url: String?
    private var waiters: [CheckedContinuation<String, Never>] = []

    func set(_ value: String) {
        url = value
        for waiter in waiters { waiter.resume(returning: value) }
        waiters = []
    }

    func value() async -> String {
        if let url { return url }
        return await withCheckedContinuation { waiters.append($0) }
    }
}

/// The freshness watcher's connection: used by the watcher while the load runs, then by the report.
final class SharedWarehouse: @unchecked Sendable {
    let warehouse: Warehouse
    init(_ warehouse: Warehouse) { self.warehouse = warehouse }
}
