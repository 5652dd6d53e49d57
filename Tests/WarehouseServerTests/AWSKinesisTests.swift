import Foundation
import Testing

/// The seed's boto3 producer, unchanged, against `wh serve`'s Kinesis and Firehose doors (Tests/aws/check_kinesis.py, boto3 from
/// scripts/setup's .build/python): what it puts under the seed's stream names is loaded by the pipes.
@Suite struct AWSKinesisTests {
    /// Runs a boto3 script of Tests/aws against a server on the seed's warehouse (AWS_ENDPOINT_URL,
    /// dummy keys, a region; its argument is the warehouse's directory, for files it makes), then
    /// `check` with that directory and what the script printed.
    static func runningAgainstTheSeed(_ script: String,
                                      _ check: (ServeEndToEndTests, String, Int32, String) async throws -> Void) async throws {
        let python = DashboardBrowserTests.repository + "/.build/python/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "run scripts/setup: it installs boto3 into .build/python")
        let e2e = ServeEndToEndTests()
        let (directory, served) = try e2e.seededServer()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        defer { _ = served.stop() }
        let (status, text) = try ServeEndToEndTests.python(script, [directory], environment: [
            "AWS_ENDPOINT_URL": served.url, "AWS_ACCESS_KEY_ID": "wh", "AWS_SECRET_ACCESS_KEY": "wh", "AWS_DEFAULT_REGION": "us-east-1"])
        try await check(e2e, directory, status, text)
    }

    @Test func theSeedsProducerRunsAgainstWhAndItsRecordsAreLoaded() async throws {
        try await Self.runningAgainstTheSeed("Tests/aws/check_kinesis.py") { e2e, directory, status, text in
            print(text)
            #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
            // The daemon in the server loads what was put: the seed's flat records into RAW_TELEMETRY.
            var loaded = ""
            for _ in 0..<100 where !loaded.hasPrefix("5") {
                try await Task.sleep(for: .milliseconds(100))
                loaded = try e2e.run(["sql", "--db", "warehouse.db", "-c", "SELECT count(*) FROM RAW_TELEMETRY WHERE TRUCK_ID LIKE 'TRK10%'"], in: directory)
            }
            #expect(loaded == "5\n", "\(loaded)")
            // The click put on ClickDataStream: its pipe, stream and task merge it into CLICKSTREAM_DATA.
            var clicks = ""
            for _ in 0..<100 where clicks != "MOB001|Mobile Phone|7\n" {
                try await Task.sleep(for: .milliseconds(100))
                clicks = try e2e.run(["sql", "--db", "warehouse.db", "-c", "SELECT ITEM_ID, ITEM_NAME, CLICK_COUNTS FROM CLICKSTREAM_DATA"], in: directory)
            }
            #expect(clicks == "MOB001|Mobile Phone|7\n", "\(clicks)")
        }
    }

    @Test func withATokenTheAccessKeyIDMustBeIt() async throws {
        let e2e = ServeEndToEndTests()
        let directory = try e2e.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try e2e.run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        try "s3cret-token\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let served = try ServeEndToEndTests.Served(db: "warehouse.db", in: directory, extra: ["--token-file", "token"])
        defer { _ = served.stop() }
        let (status, text) = try ServeEndToEndTests.python("Tests/aws/check_token.py", ["s3cret-token"], environment: [
            "AWS_ENDPOINT_URL": served.url, "AWS_DEFAULT_REGION": "us-east-1"])
        #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
    }
}
