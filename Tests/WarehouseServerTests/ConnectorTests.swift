import Foundation
import Testing

/// snowflake-connector-python 5.x against `wh serve` (Tests/snowflake/check_connector.py): types, binds,
/// executemany, DML counts, errors with Snowflake's codes, and the seed Streamlit app's query.
@Suite struct ConnectorTests {
    @Test func theSnowflakeConnectorTalksToWh() async throws {
        let python = DashboardBrowserTests.repository + "/.build/python/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "run scripts/setup: it installs the connector into .build/python")
        let e2e = ServeEndToEndTests()
        let directory = try e2e.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try e2e.run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        _ = try e2e.run(["sql", "--db", "warehouse.db", "-c", """
            INSERT INTO RAW_TELEMETRY (TRUCK_ID, READING_TIME, VEHICLE_SPEED) VALUES ('TRK001', '2025-03-17 10:00:00', 50), ('TRK002', '2025-03-17 10:00:00', 60);
            CALL MERGE_TELEMETRY_SCD2();
            """], in: directory)
        let served = try ServeEndToEndTests.Served(db: "warehouse.db", in: directory, extra: ["--no-daemon"])
        defer { _ = served.stop() }
        let port = String(served.url.split(separator: ":").last ?? "")
        let (status, text) = try ServeEndToEndTests.python("Tests/snowflake/check_connector.py", [port])
        print(text)
        #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
    }
}
