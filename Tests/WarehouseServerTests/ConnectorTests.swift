import Foundation
import HummingbirdTesting
import NIOCore
import Warehouse
import Testing

/// snowflake-connector-python against `wh serve` (Tests/snowflake/check_connector.py): types, binds,
/// executemany, DML counts, errors with Snowflake's codes, and the seed Streamlit app's query — with
/// the newest 5.x (.build/python) and the newest 4.x (.build/python4; it gzips its bodies and reads
/// results differently), both installed by scripts/setup.
@Suite struct ConnectorTests {
    @Test(arguments: [".build/python/bin/python", ".build/python4/bin/python"])
    func theSnowflakeConnectorTalksToWh(interpreter: String) async throws {
        let python = DashboardBrowserTests.repository + "/" + interpreter
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
        let (status, text) = try ServeEndToEndTests.python("Tests/snowflake/check_connector.py", [port], interpreter: interpreter)
        print(text)
        #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
    }

    /// `wh user create`: once a user exists every login is checked, the password stored only hashed.
    @Test func withUsersEveryLoginIsChecked() async throws {
        let python = DashboardBrowserTests.repository + "/.build/python/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "run scripts/setup: it installs the connector into .build/python")
        let e2e = ServeEndToEndTests()
        let directory = try e2e.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try e2e.run(["init", "--db", "warehouse.db"], in: directory)
        try "correct horse\n".write(toFile: directory + "/password", atomically: true, encoding: .utf8)
        _ = try e2e.run(["user", "create", "analyst", "--password-file", "password", "--db", "warehouse.db"], in: directory)
        #expect(try e2e.run(["user", "list", "--db", "warehouse.db"], in: directory) == "analyst\n")
        let file = try Data(contentsOf: URL(fileURLWithPath: directory + "/warehouse.db"))
        #expect(file.range(of: Data("correct horse".utf8)) == nil, "the password is stored as written")
        let served = try ServeEndToEndTests.Served(db: "warehouse.db", in: directory, extra: ["--no-daemon"])
        defer { _ = served.stop() }
        let (status, text) = try ServeEndToEndTests.python("Tests/snowflake/check_users.py", [String(served.url.split(separator: ":").last ?? "")])
        #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
        _ = try e2e.run(["user", "drop", "ANALYST", "--db", "warehouse.db"], in: directory)
        #expect(try e2e.run(["user", "list", "--db", "warehouse.db"], in: directory) == "")
    }

    /// Beyond loopback, Snowflake clients need users: a server's token does not do as their password.
    @Test func beyondLoopbackLoginsNeedUsers() async throws {
        let fixture = try ServerFixture { $0.host = "0.0.0.0"; $0.token = "s3cret" }
        try await fixture.test { client in
            let body = #"{"data": {"LOGIN_NAME": "analyst", "PASSWORD": "s3cret"}}"#
            let refused = try await client.execute(uri: "/session/v1/login-request", method: .post, body: ByteBuffer(text: body))
            #expect(refused.json["success"] as? Bool == false && refused.json["code"] as? String == "390100", "\(refused.text)")
            let warehouse = try Warehouse(path: fixture.path, environment: .system)
            try warehouse.setUser("analyst", password: "right")
            let wrong = try await client.execute(uri: "/session/v1/login-request", method: .post, body: ByteBuffer(text: body))
            #expect(wrong.json["success"] as? Bool == false)
            let right = try await client.execute(uri: "/session/v1/login-request", method: .post,
                                                 body: ByteBuffer(text: #"{"data": {"LOGIN_NAME": "ANALYST", "PASSWORD": "right"}}"#))
            #expect(right.json["success"] as? Bool == true, "\(right.text)")
        }
    }
}
