import Foundation

/// An ingest request answered before, found by its Idempotency-Key.
public struct RememberedIngestRequest: Equatable, Sendable {
    public var bodySHA256: String
    public var status: Int
    public var response: String

    public init(bodySHA256: String, status: Int, response: String) {
        self.bodySHA256 = bodySHA256
        self.status = status
        self.response = response
    }
}

extension Warehouse {
    /// How long an Idempotency-Key is remembered.
    public static let idempotencyWindow: TimeInterval = 24 * 3600

    /// The answer given to the request sent with `key` within the last 24 hours, if any.
    public func rememberedIngestRequest(key: String) throws -> RememberedIngestRequest? {
        let since = CanonicalTimestamp.format(environment.clock.now().addingTimeInterval(-Self.idempotencyWindow))
        let statement = try connection.prepare(
            "SELECT body_sha256, status, response FROM _wh_ingest_requests WHERE idempotency_key = ? AND created_at >= ?")
        try statement.bind([.text(key), .text(since)])
        guard let row = try statement.all().first else { return nil }
        return RememberedIngestRequest(bodySHA256: row[0].textValue ?? "", status: Int(row[1].integerValue ?? 0), response: row[2].textValue ?? "")
    }

    /// Remembers the answer to the request sent with `key`, and forgets answers older than 24 hours.
    public func rememberIngestRequest(key: String, _ request: RememberedIngestRequest) throws {
        let now = environment.clock.now()
        try inOwnTransaction {
            try catalog("DELETE FROM _wh_ingest_requests WHERE created_at < ?",
                        [.text(CanonicalTimestamp.format(now.addingTimeInterval(-Self.idempotencyWindow)))])
            try catalog("INSERT OR REPLACE INTO _wh_ingest_requests(idempotency_key, body_sha256, status, response, created_at) VALUES (?, ?, ?, ?, ?)",
                        [.text(key), .text(request.bodySHA256), .integer(Int64(request.status)), .text(request.response),
                         .text(CanonicalTimestamp.format(now))])
        }
    }
}
