import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Warehouse

/// The Truck Telemetry API, SQL over HTTP, health, metrics and the token, through the router.
@Suite struct ReadAndStatementRouteTests {
    /// Two trucks: TRK001 with three readings (its brakes flagged on the last), TRK002 with one; clicks.
    func loadedFixture(token: String? = nil) async throws -> ServerFixture {
        let fixture = try ServerFixture { $0.token = token }
        let readings = [nestedReading(truck: "TRK001", time: "2025-03-17T15:35:54"), nestedReading(truck: "TRK002", time: "2025-03-17T15:35:55"),
                        nestedReading(truck: "TRK001", time: "2025-03-17T15:36:54", speed: 60),
                        nestedReading(truck: "TRK001", time: "2025-03-17T15:37:54", brake: "Needs Inspection", battery: 11.5)]
        let clicks = ["{\"Item_ID\": \"MOB001\", \"Timestamp\": \"2025-03-17T15:35:54\", \"Item_Name\": \"Mobile Phone\", \"Click_Counts\": 450}",
                      "{\"Item_ID\": \"LAP002\", \"Timestamp\": \"2025-03-17T15:36:09\", \"Item_Name\": \"Laptop\", \"Click_Counts\": 123}"]
        let headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
        try await fixture.test { client in
            let telemetry = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, headers: headers,
                                                     body: ByteBuffer(text: readings.joined(separator: "\n")))
            #expect(telemetry.status == .ok)
            let clickResponse = try await client.execute(uri: "/v1/stages/CLICKSTREAM_STAGE/records", method: .post, headers: headers,
                                                         body: ByteBuffer(text: "[" + clicks.joined(separator: ",") + "]"))
            #expect(clickResponse.status == .ok)
        }
        try fixture.ingest()
        return fixture
    }

    @Test func trucksCurrentStateOneTruckAndAnUnknownOne() async throws {
        let fixture = try await loadedFixture()
        try await fixture.test { client in
            let all = try await client.execute(uri: "/v1/trucks", method: .get)
            #expect(all.status == .ok)
            let trucks = try #require(all.json["trucks"] as? [[String: Any]])
            #expect(trucks.map { $0["truck_id"] as? String } == ["TRK001", "TRK002"])
            #expect(trucks[0]["last_reading"] as? String == "2025-03-17 15:37:54.000000")
            #expect(trucks[0]["brake_status"] as? String == "Needs Inspection")
            #expect(trucks[0]["battery_voltage"] as? Double == 11.5)
            let one = try await client.execute(uri: "/v1/trucks/TRK002", method: .get)
            #expect(one.json["truck_id"] as? String == "TRK002")
            let unknown = try await client.execute(uri: "/v1/trucks/TRK999", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.json["code"] as? String == "unknown_truck")
            let quoted = try await client.execute(uri: "/v1/trucks/x'%20OR%20'1'='1", method: .get)
            #expect(quoted.status == .notFound, "an id is a value, never SQL")
        }
    }

    @Test func historyIsNewestFirstAndPaginated() async throws {
        let fixture = try await loadedFixture()
        try await fixture.test { client in
            let first = try await client.execute(uri: "/v1/trucks/TRK001/history?limit=2", method: .get)
            #expect(first.status == .ok, "\(first.text)")
            let versions = try #require(first.json["versions"] as? [[String: Any]])
            #expect(versions.map { $0["effective_start_date"] as? String } == ["2025-03-17 15:37:54.000000", "2025-03-17 15:36:54.000000"])
            #expect(versions.map { $0["is_current"] as? Bool } == [true, false])
            let next = try #require(first.json["next"] as? String)
            let second = try await client.execute(uri: next, method: .get)
            let rest = try #require(second.json["versions"] as? [[String: Any]])
            #expect(rest.map { $0["effective_start_date"] as? String } == ["2025-03-17 15:35:54.000000"])
            #expect(second.json["next"] is NSNull)
            let ranged = try await client.execute(uri: "/v1/trucks/TRK001/history?from=2025-03-17T15:36:00&to=2025-03-17T15:37:00", method: .get)
            #expect((ranged.json["versions"] as? [Any])?.count == 1)
            let bad = try await client.execute(uri: "/v1/trucks/TRK001/history?from=yesterday", method: .get)
            #expect(bad.status == .badRequest)
            let badLimit = try await client.execute(uri: "/v1/trucks/TRK001/history?limit=0", method: .get)
            #expect(badLimit.status == .badRequest)
            let unknown = try await client.execute(uri: "/v1/trucks/NOPE/history", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func maintenanceListsEveryReason() async throws {
        let fixture = try await loadedFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/maintenance", method: .get)
            let trucks = try #require(response.json["trucks"] as? [[String: Any]])
            #expect(trucks.count == 1)
            #expect(trucks[0]["truck_id"] as? String == "TRK001")
            #expect(trucks[0]["reasons"] as? [String] == ["brakes: Needs Inspection", "battery low: 11.5 V"])
        }
    }

    @Test func topProductsByWindow() async throws {
        let fixture = try await loadedFixture()
        try await fixture.test { client in
            let all = try await client.execute(uri: "/v1/products/top?window=all&limit=1", method: .get)
            let products = try #require(all.json["products"] as? [[String: Any]])
            #expect(products.count == 1)
            #expect(products[0]["item_id"] as? String == "MOB001")
            #expect(products[0]["clicks"] as? Int == 450)
            let bad = try await client.execute(uri: "/v1/products/top?window=week", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func pipesReportTheirStatus() async throws {
        let fixture = try await loadedFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/pipes", method: .get)
            let pipes = try #require(response.json["pipes"] as? [String: [String: Any]])
            #expect(Set(pipes.keys) == ["TELEMETRY_PIPE", "CLICKSTREAM_PIPE"])
            let status = try #require(pipes["TELEMETRY_PIPE"]?["status"] as? [String: Any])
            #expect(status["executionState"] as? String == "RUNNING")
            #expect(status["pendingFileCount"] as? Int == 0)
        }
    }

    @Test func theReadRoutesSayWhenTheSeedIsMissing() async throws {
        let fixture = try ServerFixture(seed: false)
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/trucks", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.json["code"] as? String == "seed_missing")
        }
    }

    @Test func sqlOverHTTPAnswersInTheSQLAPIShape() async throws {
        let fixture = try await loadedFixture()
        try await fixture.test { client in
            let body = ByteBuffer(text: #"{"statement": "SELECT TRUCK_ID, COUNT(*) AS N, MAX(EFFECTIVE_START_DATE) AS LAST, COUNT(*) > 1 AS MANY FROM TRUCK_TELEMETRY_DATA GROUP BY TRUCK_ID ORDER BY TRUCK_ID", "timeout": 10}"#)
            let response = try await client.execute(uri: "/v1/statements", method: .post, body: body)
            #expect(response.status == .ok, "\(response.text)")
            let json = response.json
            #expect(json["code"] as? String == "090001")
            #expect((json["statementHandle"] as? String)?.count == 36)
            let metadata = try #require(json["resultSetMetaData"] as? [String: Any])
            #expect(metadata["numRows"] as? Int == 2)
            let rowType = try #require(metadata["rowType"] as? [[String: Any]])
            #expect(rowType.map { $0["name"] as? String } == ["TRUCK_ID", "N", "LAST", "MANY"])
            #expect(rowType.map { $0["type"] as? String } == ["text", "fixed", "timestamp_ntz", "boolean"])
            let data = try #require(json["data"] as? [[String?]])
            #expect(data == [["TRK001", "3", "1742225874.000000000", "true"], ["TRK002", "1", "1742225755.000000000", "false"]])
        }
    }

    @Test func aFailedStatementIs422WithSnowflakesShape() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/statements", method: .post, body: ByteBuffer(text: #"{"statement": "SELECT nope FROM TRUCK_TELEMETRY_DATA"}"#))
            #expect(response.status == .unprocessableContent)
            #expect(response.json["code"] as? String == "000904")
            #expect((response.json["message"] as? String)?.contains("invalid identifier 'NOPE'") == true, "\(response.text)")
            #expect(response.json["statementHandle"] != nil)
            let missing = try await client.execute(uri: "/v1/statements", method: .post, body: ByteBuffer(text: #"{"statement": "SELECT * FROM NOPE"}"#))
            #expect(missing.json["code"] as? String == "002003" && missing.json["sqlState"] as? String == "42S02", "\(missing.text)")
            let empty = try await client.execute(uri: "/v1/statements", method: .post, body: ByteBuffer(text: "{}"))
            #expect(empty.status == .badRequest)
            #expect(empty.json["code"] as? String == "390142")
        }
    }

    @Test func aStatementPastItsTimeoutIsInterrupted() async throws {
        let fixture = try ServerFixture(seed: false)
        try await fixture.test { client in
            let slow = #"{"statement": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT COUNT(*) FROM n", "timeout": 0.3}"#
            let response = try await client.execute(uri: "/v1/statements", method: .post, body: ByteBuffer(text: slow))
            #expect(response.status == .requestTimeout, "\(response.text)")
            #expect(response.json["code"] as? String == "000630")
            // The writer is free again.
            let next = try await client.execute(uri: "/v1/statements", method: .post, body: ByteBuffer(text: #"{"statement": "SELECT 1"}"#))
            #expect(next.status == .ok)
        }
    }

    @Test func withATokenWritesAndSQLNeedIt() async throws {
        let fixture = try await loadedFixture(token: "s3cret")
        try await fixture.test { client in
            let body = ByteBuffer(text: #"{"statement": "SELECT 1"}"#)
            let none = try await client.execute(uri: "/v1/statements", method: .post, body: body)
            #expect(none.status == .unauthorized)
            #expect(none.json["code"] as? String == "unauthorized")
            let wrong = try await client.execute(uri: "/v1/statements", method: .post, headers: [.authorization: "Bearer nope"], body: body)
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(uri: "/v1/statements", method: .post, headers: [.authorization: "Bearer s3cret"], body: body)
            #expect(right.status == .ok)
            let ingest = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, body: ByteBuffer(text: "{\"a\": 1}"))
            #expect(ingest.status == .unauthorized)
            let read = try await client.execute(uri: "/v1/trucks", method: .get)
            #expect(read.status == .ok, "reads stay open on loopback")
        }
    }

    @Test func healthReadinessAndMetrics() async throws {
        let fixture = try await loadedFixture()
        try await fixture.test { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok, "\(ready.text)")
            let value = { (text: String, name: String) in
                text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            }
            let before = try await client.execute(uri: "/metrics", method: .get).text
            _ = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, body: ByteBuffer(text: "{\"a\": 1}\n{\"a\": 2}"))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(value(metrics.text, "wh_ingest_records_total") == value(before, "wh_ingest_records_total") + 2, "\(metrics.text)")
            #expect(value(metrics.text, "wh_ingest_buffer_flushes_total") == value(before, "wh_ingest_buffer_flushes_total") + 1)
            #expect(metrics.text.contains("wh_http_requests_total{route=\"/v1/stages/{stage}/records\",method=\"POST\",status=\"200\"} 3"))
            #expect(metrics.text.contains("wh_http_request_duration_seconds_bucket"))
        }
    }

    @Test func readsAnswerWhileAnotherConnectionHoldsTheWriteLock() async throws {
        let fixture = try await loadedFixture()
        let writer = try Warehouse(path: fixture.path, environment: .system)
        _ = try writer.execute("BEGIN")
        _ = try writer.execute("DELETE FROM TRUCK_TELEMETRY_DATA")
        try await fixture.test { client in
            // WAL: the reader sees the last committed state, without waiting and without a busy error.
            let response = try await client.execute(uri: "/v1/trucks", method: .get)
            #expect(response.status == .ok)
            #expect((response.json["trucks"] as? [Any])?.count == 2)
        }
        _ = try writer.execute("ROLLBACK")
    }

    @Test func aStoppedPipeMakesTheServerNotReady() async throws {
        let fixture = try ServerFixture()
        try FileManager.default.removeItem(atPath: fixture.directory + "/warehouse.buckets/kinesis-telemetry-data-bucket/telemetry-data")
        try await fixture.test { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect((ready.json["problems"] as? [String])?.first?.hasPrefix("pipe TELEMETRY_PIPE is STOPPED") == true, "\(ready.text)")
        }
    }
}
