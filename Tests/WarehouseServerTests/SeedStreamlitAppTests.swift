import Foundation
import Testing

/// The seed write-up's Streamlit app, run by Streamlit against `wh serve` and looked at in headless
/// Chromium (Tests/streamlit/check_seed_app.py): its clickstream page reads the key-value table through
/// boto3's DynamoDB scan, its telemetry page the SCD2 history through the Snowflake connector.
@Suite struct SeedStreamlitAppTests {
    @Test func theSeedsStreamlitAppRunsAgainstWh() async throws {
        let python = DashboardBrowserTests.repository + "/.build/python/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "run scripts/setup: it installs streamlit into .build/python")
        let e2e = ServeEndToEndTests()
        let directory = try e2e.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try e2e.run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        _ = try e2e.run(["sql", "--db", "warehouse.db", "-c", """
            INSERT INTO RAW_TELEMETRY (TRUCK_ID, READING_TIME, VEHICLE_SPEED, FUEL_LEVEL) VALUES
              ('TRK001', '2025-03-17 10:00:00', 50, 80), ('TRK001', '2025-03-17 10:01:00', 55, 79), ('TRK002', '2025-03-17 10:00:00', 62, 40);
            CALL MERGE_TELEMETRY_SCD2();
            INSERT INTO CLICKSTREAM_DATA (ITEM_ID, EVENT_TIMESTAMP, ITEM_NAME, CLICK_COUNTS) VALUES
              ('MOB001', '2025-03-17 10:00:00', 'Mobile Phone', 120), ('LAP002', '2025-03-17 10:00:01', 'Laptop', 80);
            """], in: directory)
        let served = try ServeEndToEndTests.Served(db: "warehouse.db", in: directory, extra: ["--no-daemon"])
        defer { _ = served.stop() }
        let screenshots = DashboardBrowserTests.repository + "/.build/dashboard-screenshots"
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let whPort = String(served.url.split(separator: ":").last ?? "")
        let streamlitPort = try Self.freePort()
        let (status, text) = try ServeEndToEndTests.python("Tests/streamlit/check_seed_app.py", [whPort, String(streamlitPort), screenshots])
        print(text)
        #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
        #expect(!Self.isListening(streamlitPort), "the check left Streamlit running on port \(streamlitPort)")
    }

    /// Whether something accepts connections on a loopback port.
    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// 127.0.0.1 at `port` (0: any free one, for bind).
    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
