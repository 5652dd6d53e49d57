import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /v1/stages/{stage}/records`, through the router without sockets.
@Suite struct IngestRouteTests {
    let stage = "warehouse.buckets/kinesis-telemetry-data-bucket/telemetry-data"

    @Test func oneObjectAnArrayAndNDJSONEachLandInOneDurableFile() async throws {
        let fixture = try ServerFixture()
        let bodies = [nestedReading(truck: "TRK001", time: "2025-03-17T15:35:54"),
                      "[" + nestedReading(truck: "TRK002", time: "2025-03-17T15:36:00") + ",\n  " + nestedReading(truck: "TRK003", time: "2025-03-17T15:36:01") + "]",
                      nestedReading(truck: "TRK004", time: "2025-03-17T15:36:02") + "\n\n" + nestedReading(truck: "TRK005", time: "2025-03-17T15:36:03") + "\n"]
        let counts = [1, 2, 2]
        try await fixture.test { client in
            for (body, count) in zip(bodies, counts) {
                let response = try await client.execute(uri: "/v1/stages/telemetry_stage/records", method: .post,
                                                         headers: [.contentType: "application/json"], body: ByteBuffer(text: body))
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.json["accepted"] as? Int == count)
                #expect(response.json["stage"] as? String == "TELEMETRY_STAGE")
                let file = try #require(response.json["file"] as? String)
                let lines = try fixture.lines(of: file, in: stage)
                #expect(lines.count == count)
                #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
            }
        }
        #expect(!fixture.files(in: stage).contains { $0.hasPrefix(".") }, "no temporary file is left behind")
        try fixture.ingest()
        #expect(try fixture.sql("SELECT count(*) FROM RAW_TELEMETRY").rows == [[.integer(5)]])
    }

    @Test(arguments: [
        ("", "the body is empty", nil as Int?),
        ("{\"truck_id\": \"TRK001\", \"speed\": ", "record 0 is not valid JSON (truncated?)", 0),
        ("42", "record 0 is a JSON number, not an object", 0),
        ("\"hello\"", "record 0 is a JSON string, not an object", 0),
        ("[{\"a\": 1}, {\"a\": }]", "record 1 is not valid JSON", 1),
        ("[{\"a\": 1}, [1, 2]]", "record 1 is a JSON array, not an object", 1),
        ("{\"a\": 1}\n{\"a\": 2\n", "record 1 is not valid JSON (truncated?)", 1),
        ("[{\"a\": 1}", "the array is not closed (truncated JSON?)", 0),
        ("[]", "the array holds no records", nil),
        // Regression (ingest_took_a_trailing_comma_the_load_rejects): Foundation's parser took it.
        ("{\"a\": [1, 2,]}", "record 0 is not valid JSON", 0),
    ])
    func badBodiesAreRefusedWholeNamingTheRecord(body: String, reason: String, index: Int?) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, body: ByteBuffer(text: body))
            #expect(response.status == .badRequest)
            #expect(response.json["code"] as? String == "invalid_records")
            #expect((response.json["message"] as? String)?.hasPrefix(reason) == true, "\(response.text)")
            #expect(response.json["record_index"] as? String == index.map(String.init))
            #expect(response.json["hint"] != nil)
        }
        #expect(fixture.files(in: stage).isEmpty, "nothing of a refused request is buffered")
    }

    @Test func invalidUTF8IsRefused() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var body = ByteBuffer(text: "{\"truck_id\": \"T")
            body.writeBytes([0xff, 0xfe])
            body.writeString("\"}")
            let response = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, body: body)
            #expect(response.status == .badRequest)
            #expect(response.json["message"] as? String == "the body is not valid UTF-8; nothing of this request was accepted")
        }
    }

    @Test func aWrongContentTypeIsRefused() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post,
                                                    headers: [.contentType: "text/csv"], body: ByteBuffer(text: "a,b\n1,2\n"))
            #expect(response.status == .unsupportedMediaType)
            #expect(response.json["code"] as? String == "unsupported_content_type")
        }
    }

    @Test func anUnknownStageIsNamedWithTheStagesThereAre() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/stages/nope/records", method: .post, body: ByteBuffer(text: "{\"a\": 1}"))
            #expect(response.status == .notFound)
            #expect(response.json["message"] as? String == "stage 'NOPE' does not exist")
            #expect(response.json["hint"] as? String == "stages: ClickDataStream, CLICKSTREAM_STAGE, TELEMETRY_STAGE, TruckTelemetry")
        }
    }

    @Test(arguments: ["..", "..%2F..%2Fetc", "a.b", "%2E%2E", "x%00y"])
    func aStageNameThatCouldLeaveTheStageDirectoryIsRefused(name: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/stages/\(name)/records", method: .post, body: ByteBuffer(text: "{\"a\": 1}"))
            #expect(response.status == .badRequest || response.status == .notFound, "\(response.status) \(response.text)")
            #expect(response.json["code"] as? String == (response.status == .badRequest ? "invalid_stage_name" : "unknown_route"))
        }
        #expect(fixture.files(in: "").filter { $0.hasSuffix(".ndjson") }.isEmpty)
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let record = "{\"padding\": \"" + String(repeating: "x", count: 1000) + "\"}\n"
            let body = String(repeating: record, count: 20 * 1024)   // about 20 MiB
            let response = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, body: ByteBuffer(text: body))
            #expect(response.status == .contentTooLarge, "\(response.text)")
            #expect(response.json["code"] as? String == "body_too_large")
        }
        #expect(fixture.files(in: stage).isEmpty)
    }

    @Test func tooManyRecordsInOneRequestAreRefused() async throws {
        let fixture = try ServerFixture { $0.limits.recordsPerRequest = 3 }
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post,
                                                    body: ByteBuffer(text: String(repeating: "{\"a\": 1}\n", count: 4)))
            #expect(response.status == .badRequest)
            #expect((response.json["message"] as? String)?.hasPrefix("more than 3 records in one request") == true)
        }
    }

    @Test func aRetryWithTheSameIdempotencyKeyIsAnsweredAsTheFirstWithoutWritingTwice() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let body = ByteBuffer(text: nestedReading(truck: "TRK001", time: "2025-03-17T15:35:54"))
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "batch-1"]
            let first = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, headers: headers, body: body)
            let second = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, headers: headers, body: body)
            #expect(first.status == .ok, "\(first.text)")
            #expect(second.status == .ok)
            #expect(first.text == second.text)
            let other = try await client.execute(uri: "/v1/stages/TELEMETRY_STAGE/records", method: .post, headers: headers,
                                                 body: ByteBuffer(text: "{\"truck_id\": \"TRK002\"}"))
            #expect(other.status == .unprocessableContent)
            #expect(other.json["code"] as? String == "idempotency_key_reused")
        }
        #expect(fixture.files(in: stage).count == 1)
    }

    @Test func anUnknownRouteIsAJSON404() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(response.status == .notFound)
            #expect(response.json["code"] as? String == "unknown_route")
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }
}
