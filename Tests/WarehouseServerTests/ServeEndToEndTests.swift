import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// `wh serve` as users run it: the real binary on a loopback port, a real HTTP client, the daemon
/// in the same process. Posts both telemetry shapes and clicks and reads them back; then kills the
/// server with SIGKILL mid-stream and shows that every acknowledged record is loaded exactly once.
@Suite(.serialized) struct ServeEndToEndTests {
    static let wh: String = {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("wh").path
    }()

    final class Served: @unchecked Sendable {
        let process = Process()
        let url: String

        init(db: String, in directory: String, extra: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: ServeEndToEndTests.wh)
            process.arguments = ["serve", "--db", db, "--port", "0", "--buffer-ms", "50"] + extra
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            var text = ""
            let handle = output.fileHandleForReading
            while !text.contains("\n") {
                let data = handle.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            guard let match = text.firstMatch(of: /listening on (http:\/\/[0-9.]+:[0-9]+)/) else {
                process.terminate()
                throw ServeFailure(message: "wh serve printed no URL: \(text)")
            }
            url = String(match.1)
        }

        func kill() { Glibc.kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        func stop() -> Int32 { process.terminate(); process.waitUntilExit(); return process.terminationStatus }
    }

    struct ServeFailure: Error { let message: String }

    func run(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.wh)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func post(_ client: HTTPClient, _ url: String, _ body: String) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(20))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    func get(_ client: HTTPClient, _ url: String) async throws -> (Int, String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(20))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 8 << 20)))
    }

    /// A warehouse made by `wh init --seed` in a fresh directory, and `wh serve` running on it.
    func seededServer() throws -> (directory: String, served: Served) {
        let directory = try temporaryDirectory()
        _ = try run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        return (directory, try Served(db: "warehouse.db", in: directory))
    }

    /// Runs a Python script of the repository with the venv scripts/setup makes; its output.
    static func python(_ script: String, _ arguments: [String], environment: [String: String] = [:],
                       interpreter: String = ".build/python/bin/python") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DashboardBrowserTests.repository + "/" + interpreter)
        process.arguments = [DashboardBrowserTests.repository + "/" + script] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wh-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func bothShapesAndClicksGoInAndComeBackOut() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        let served = try Served(db: "warehouse.db", in: directory)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let nested = nestedReading(truck: "TRK001", time: "2025-03-17T15:35:54")
            let flat = #"{"TRUCK_ID": "TRK001", "EFFECTIVE_START_DATE": "2025-03-17T15:36:54", "GPS_LATITUDE": 33.2, "GPS_LONGITUDE": -113.9, "VEHICLE_SPEED": 56.0, "FUEL_LEVEL": 79.1, "ENGINE_TEMPERATURE": 98.1, "BATTERY_VOLTAGE": 12.2, "ODOMETER_READING": 96726.8, "BRAKE_STATUS": "Good", "TRANSMISSION_STATUS": "Operational"}"#
            let click = #"{"Item_ID": "MOB001", "Timestamp": "2025-03-17T15:35:54", "Item_Name": "Mobile Phone", "Click_Counts": 450}"#
            #expect(try await post(client, served.url + "/v1/stages/TELEMETRY_STAGE/records", nested).0 == 200)
            #expect(try await post(client, served.url + "/v1/stages/TELEMETRY_STAGE/records", flat).0 == 200)
            #expect(try await post(client, served.url + "/v1/stages/CLICKSTREAM_STAGE/records", click).0 == 200)
            // The daemon loads the files and its tasks merge them within a few seconds.
            var versions = 0
            for _ in 0..<100 where versions < 2 {
                try await Task.sleep(for: .milliseconds(100))
                let (status, body) = try await get(client, served.url + "/v1/trucks/TRK001/history")
                if status == 200 { versions = body.components(separatedBy: "\"truck_id\":\"TRK001\"").count - 2 }
            }
            #expect(versions == 2)
            // The clicks' own task merges them on its own schedule.
            var top = ""
            for _ in 0..<100 where !top.contains("\"item_id\":\"MOB001\"") {
                top = try await get(client, served.url + "/v1/products/top").1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(top.contains("\"item_id\":\"MOB001\""), "\(top)")
            // The daemon in the server counts what it loads and runs.
            let metrics = try await get(client, served.url + "/metrics").1
            #expect(metrics.contains("wh_pipe_files_loaded_total{pipe=\"TELEMETRY_PIPE\"} 2"), "\(metrics)")
            #expect(metrics.contains("wh_task_runs_total{task=\"TELEMETRY_SCD2_TASK\"}"))
        } catch {
            try await client.shutdown()
            _ = served.stop()
            throw error
        }
        try await client.shutdown()
        #expect(served.stop() == 0, "SIGTERM stops the server cleanly")
        let current = try run(["sql", "--db", "warehouse.db", "-o", "csv", "-c",
                               "SELECT TRUCK_ID, EFFECTIVE_START_DATE, IS_CURRENT FROM TRUCK_TELEMETRY_DATA ORDER BY EFFECTIVE_START_DATE"], in: directory)
        #expect(current == "TRUCK_ID,EFFECTIVE_START_DATE,IS_CURRENT\nTRK001,2025-03-17 15:35:54.000000,FALSE\nTRK001,2025-03-17 15:36:54.000000,TRUE\n")
    }

    @Test func anotherHostWithoutATokenASecondDaemonAndATakenPortAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        let open = try run(["serve", "--db", "warehouse.db", "--host", "0.0.0.0", "--port", "0"], in: directory)
        #expect(open.hasPrefix("Error: refusing to listen on 0.0.0.0 without a token"), "\(open)")
        #expect(open.contains("Hint: give --token-file PATH"))
        let served = try Served(db: "warehouse.db", in: directory)
        defer { _ = served.stop() }
        let second = try run(["serve", "--db", "warehouse.db", "--port", "0"], in: directory)
        let daemon = try run(["daemon", "--db", "warehouse.db"], in: directory)
        #expect(second.hasPrefix("Error: "), "\(second)")
        #expect(second == daemon, "the same error the daemon gives")
        #expect(second.contains("\(served.process.processIdentifier)"), "it names the process holding the warehouse")
        let port = String(served.url.split(separator: ":").last ?? "")
        let taken = try run(["serve", "--db", "warehouse.db", "--no-daemon", "--port", port], in: directory)
        #expect(taken == "Error: port \(port) on 127.0.0.1 is already in use\nHint: stop what listens there, or give another --port (--port 0 picks a free one)\n")
    }

    @Test func killedMidStreamEveryAcknowledgedRecordIsLoadedOnceAndNoneTwice() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        let served = try Served(db: "warehouse.db", in: directory)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let acknowledged = Acknowledged()
        // Four senders post 5-record requests; the server is killed while they are at it.
        await withTaskGroup(of: Void.self) { group in
            for sender in 0..<4 {
                group.addTask {
                    for request in 0..<10_000 {
                        let trucks = (0..<5).map { "S\(sender)-R\(request)-\($0)" }
                        let body = trucks.map { nestedReading(truck: $0, time: "2025-03-17T15:35:54") }.joined(separator: "\n")
                        guard let (status, _) = try? await post(client, served.url + "/v1/stages/TELEMETRY_STAGE/records", body) else { return }
                        if status == 200 { acknowledged.add(trucks) }
                    }
                }
            }
            group.addTask {
                while acknowledged.count < 400 { try? await Task.sleep(for: .milliseconds(20)) }
                served.kill()
            }
        }
        try await client.shutdown()
        let sent = acknowledged.all
        #expect(sent.count >= 400)
        // Whatever the kill left in the stages is loaded now, once.
        _ = try run(["daemon", "--once", "--db", "warehouse.db"], in: directory)
        let counts = try run(["sql", "--db", "warehouse.db", "-o", "csv", "-c",
                              "SELECT TRUCK_ID, COUNT(*) AS N FROM RAW_TELEMETRY GROUP BY TRUCK_ID"], in: directory)
        var loaded: [String: Int] = [:]
        for line in counts.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            loaded[String(parts[0])] = Int(parts[1])
        }
        #expect(loaded.values.allSatisfy { $0 == 1 }, "no record is loaded twice")
        let missing = sent.filter { loaded[$0] != 1 }
        #expect(missing.isEmpty, "acknowledged but not loaded: \(missing.prefix(5))")
    }
}

/// The trucks of every request answered 200.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var trucks: [String] = []
    func add(_ more: [String]) { lock.withLock { trucks += more } }
    var count: Int { lock.withLock { trucks.count } }
    var all: [String] { lock.withLock { trucks } }
}
