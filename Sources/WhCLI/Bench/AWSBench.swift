import ArgumentParser
import Foundation
import Logging
import Warehouse
import WarehouseServer
import Workloads

/// `wh bench aws`: the same telemetry records into `wh serve` through boto3's Kinesis `put_records`
/// (batches of 500: base64 in JSON, SigV4-signed) and as NDJSON posted to the ingest route, from the
/// same Python process, in the same run.
struct AWSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Records/s through boto3's Kinesis put_records (batches of 500) next to NDJSON posts to /v1/stages/{stage}/records.",
        discussion: """
            Creates a warehouse from the seed, starts wh serve in this process on a free loopback port (the daemon off: \
            this measures the doors), generates --records flat telemetry records (the seed generator's shape), and sends \
            them twice from one Python process with --clients threads: with boto3's kinesis.put_records to the stream \
            TruckTelemetry in batches of 500, then as NDJSON bodies of 500 records to /v1/stages/TELEMETRY_STAGE/records. \
            Each phase must land every record in the stage (checked by counting the stage files' lines). Needs the \
            Python of scripts/setup (boto3): --python, default .build/python/bin/python. Build with -c release. A request \
            is answered once its records are durable in a stage file, which the buffer writes within --buffer-ms: \
            one client waits that long per request, several share the wait.
            """)

    @Option(help: "Records sent in each phase.") var records = 100_000
    @Option(help: "Python threads sending at once (each with its own boto3 client).") var clients = 4
    @Option(help: "The server's --buffer-ms: a request is answered once its records are in a stage file, at the latest this long after the buffer's first record.")
    var bufferMs = 200
    @Option(help: "The Python with boto3 (scripts/setup installs it).") var python = ".build/python/bin/python"
    @OptionGroup var output: BenchOptions

    func validate() throws {
        guard records > 0, clients > 0 else { throw ValidationError("--records and --clients must be positive") }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ValidationError("no Python at \(python): run scripts/setup (it installs boto3 into .build/python), or give --python")
        }
    }

    func run() throws {
        try output.inWorkingDirectory("aws") { dir in try BlockingTask.run { try await measure(in: dir) } }
    }

    private func measure(in dir: String) async throws {
        let path = dir + "/aws.db"
        let warehouse = try Warehouse(path: path, environment: .system)
        try ProjectScripts.builtInSeed.apply(to: warehouse)
        let stage = try warehouse.directory(ofStage: "TELEMETRY_STAGE")
        var fleet = FleetSimulator.benchmarkFleet()
        let lines = (0..<records).map { i in
            fleet.nextReading(at: FleetSimulator.benchmarkStart.addingTimeInterval(Double(i) / 1000)).json(.flat)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/records.ndjson", atomically: true, encoding: .utf8)
        try Self.script.write(toFile: dir + "/send.py", atomically: true, encoding: .utf8)

        let bufferMs = bufferMs
        let served = try await BenchServer.start(path) { configuration in
            configuration.runDaemon = false
            configuration.bufferMilliseconds = bufferMs
            configuration.limits.bodyBytes = 64 << 20
        }
        let url = served.url

        var figures: [(mode: String, seconds: Double, landed: Int)] = []
        for mode in ["kinesis", "ndjson"] {
            let before = Self.lines(in: stage)
            let seconds = try BenchProcess.figure(python, [dir + "/send.py", mode, url, dir + "/records.ndjson", String(clients)],
                                                  environment: ["AWS_ACCESS_KEY_ID": "wh", "AWS_SECRET_ACCESS_KEY": "wh", "AWS_DEFAULT_REGION": "us-east-1"])
            figures.append((mode, seconds, Self.lines(in: stage) - before))
        }
        await served.stop()
        let rate = figures.map { Double(records) / $0.seconds }
        for figure in figures where figure.landed != records {
            throw ValidationError("the \(figure.mode) phase landed \(figure.landed) of \(records) records in the stage")
        }
        output.report(json: ["records": "\(records)", "clients": "\(clients)",
                             "kinesis_put_records_per_s": String(format: "%.0f", rate[0]), "ndjson_records_per_s": String(format: "%.0f", rate[1]),
                             "ratio": String(format: "%.3f", rate[0] / rate[1]), "buffer_ms": "\(bufferMs)"],
                      text: ["records per phase": "\(records) (flat telemetry, \(clients) Python threads, --buffer-ms \(bufferMs))",
                             "boto3 kinesis.put_records (500 a call)": String(format: "%.0f records/s (%.2f s)", rate[0], figures[0].seconds),
                             "NDJSON to /v1/stages/…/records (500 a post)": String(format: "%.0f records/s (%.2f s)", rate[1], figures[1].seconds),
                             "put_records / NDJSON": String(format: "%.2f×", rate[0] / rate[1]),
                             "landed in the stage": "every record of both phases, once"])
    }

    private static func lines(in directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".ndjson") }.reduce(0) { count, name in
            let data = FileManager.default.contents(atPath: directory + "/" + name) ?? Data()
            return count + data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
    }

    /// The sender: one phase, its records split among threads, each with its own client.
    static let script = #"""
        import json, sys, threading, time, urllib.request
        import boto3
        mode, url, path, clients = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        lines = [l for l in open(path).read().split("\n") if l]
        batches = [lines[i:i + 500] for i in range(0, len(lines), 500)]
        failures = []

        def send(part):
            if mode == "kinesis":
                client = boto3.client("kinesis", endpoint_url=url)
                for batch in part:
                    answer = client.put_records(StreamName="TruckTelemetry",
                                                Records=[{"Data": l.encode(), "PartitionKey": l[12:20]} for l in batch])
                    if answer["FailedRecordCount"]:
                        failures.append(answer)
            else:
                for batch in part:
                    request = urllib.request.Request(url + "/v1/stages/TELEMETRY_STAGE/records", data=("\n".join(batch) + "\n").encode(),
                                                     headers={"Content-Type": "application/x-ndjson"}, method="POST")
                    if urllib.request.urlopen(request).status != 200:
                        failures.append(batch)

        threads = [threading.Thread(target=send, args=(batches[i::clients],)) for i in range(clients)]
        start = time.perf_counter()
        for t in threads: t.start()
        for t in threads: t.join()
        elapsed = time.perf_counter() - start
        if failures:
            print("failed:", failures[:1]); sys.exit(1)
        print(elapsed)
        """#
}
