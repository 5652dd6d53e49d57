import Foundation
import Hummingbird
import Warehouse

/// The Truck Telemetry API and friends: JSON answered from the views and tables `sql/seed` ships,
/// on the read connections. Keys are the columns' names in lower case.
struct ReadRoutes: Sendable {
    let readers: ReaderPool

    /// `GET /v1/trucks`: every truck's current state.
    func trucks(_ request: Request, context: some RequestContext) async throws -> Response {
        let result = try await query("SELECT * FROM FLEET_CURRENT_STATE ORDER BY TRUCK_ID")
        return Response.json("{\"trucks\":" + Self.objects(result) + "}")
    }

    /// `GET /v1/trucks/{id}`: one truck's current state.
    func truck(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let result = try await query("SELECT * FROM FLEET_CURRENT_STATE WHERE TRUCK_ID = \(Self.literal(id))")
        guard let row = result.rows.first else { throw Self.unknownTruck(id) }
        return Response.json(ResultJSON.object(row, columns: result.columns, keys: Self.keys(result)))
    }

    /// `GET /v1/trucks/{id}/history?from=&to=&limit=&before=`: the truck's SCD2 versions, newest
    /// first, `limit` at a time (default 100, at most 1000); `next` names the following page.
    func history(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let query = request.uri.queryParameters
        let limit = try Self.limit(query["limit"].map(String.init), default: 100, maximum: 1000)
        var conditions = ["TRUCK_ID = \(Self.literal(id))"]
        for (name, op) in [("from", ">="), ("to", "<"), ("before", "<")] {
            guard let value = query[name[...]].map(String.init) else { continue }
            guard CanonicalTimestamp.parse(value) != nil else {
                throw APIError(.badRequest, code: "invalid_parameter", message: "'\(value)' is not a timestamp (\(name))",
                               hint: "give times as 2025-03-17 15:35:54 or 2025-03-17T15:35:54Z")
            }
            conditions.append("EFFECTIVE_START_DATE \(op) \(Self.literal(value))::TIMESTAMP_NTZ")
        }
        let result = try await self.query("""
            SELECT * FROM TRUCK_TELEMETRY_DATA WHERE \(conditions.joined(separator: " AND "))
            ORDER BY EFFECTIVE_START_DATE DESC LIMIT \(limit + 1)
            """)
        if result.rows.isEmpty {
            let known = try await self.query("SELECT 1 FROM TRUCK_TELEMETRY_DATA WHERE TRUCK_ID = \(Self.literal(id)) LIMIT 1")
            if known.rows.isEmpty { throw Self.unknownTruck(id) }
        }
        var page = result
        var next = "null"
        if page.rows.count > limit {
            page.rows.removeLast()
            let startIndex = page.columns.firstIndex { $0.name == "EFFECTIVE_START_DATE" }
            if let startIndex, let last = page.rows.last?[startIndex].displayText {
                var parameters = ["limit=\(limit)", "before=\(Self.percentEncoded(last))"]
                if let from = query["from"] { parameters.append("from=\(Self.percentEncoded(String(from)))") }
                next = JSONString.quoted("/v1/trucks/\(Self.percentEncoded(id))/history?" + parameters.joined(separator: "&"))
            }
        }
        return Response.json("{\"truck_id\":\(JSONString.quoted(id)),\"versions\":\(Self.objects(page)),\"next\":\(next)}")
    }

    /// `GET /v1/maintenance`: trucks needing maintenance, each with every reason.
    func maintenance(_ request: Request, context: some RequestContext) async throws -> Response {
        let result = try await query("SELECT TRUCK_ID, LAST_READING, REASON FROM TRUCKS_NEEDING_MAINTENANCE ORDER BY TRUCK_ID")
        let trucks = result.rows.map { row -> String in
            let reasons = (row[2].displayText ?? "").components(separatedBy: "; ").filter { !$0.isEmpty }
            return "{\"truck_id\":\(ResultJSON.value(row[0], in: result.columns[0])),\"last_reading\":\(ResultJSON.value(row[1], in: result.columns[1])),"
                + "\"reasons\":[" + reasons.map(JSONString.quoted).joined(separator: ",") + "]}"
        }
        return Response.json("{\"trucks\":[" + trucks.joined(separator: ",") + "]}")
    }

    /// `GET /v1/products/top?window=hour|day|all&limit=`: the most-clicked products.
    func topProducts(_ request: Request, context: some RequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let window = query["window"].map(String.init) ?? "all"
        let columns = ["hour": "CLICKS_LAST_HOUR", "day": "CLICKS_LAST_DAY", "all": "CLICKS_ALL_TIME"]
        guard let column = columns[window] else {
            throw APIError(.badRequest, code: "invalid_parameter", message: "window '\(window)' is not hour, day or all",
                           hint: "use ?window=hour, ?window=day or ?window=all")
        }
        let limit = try Self.limit(query["limit"].map(String.init), default: 10, maximum: 1000)
        let result = try await self.query("""
            SELECT ITEM_ID, ITEM_NAME, \(column) AS CLICKS FROM CLICKS_PER_PRODUCT WHERE \(column) > 0
            ORDER BY \(column) DESC, ITEM_ID LIMIT \(limit)
            """)
        return Response.json("{\"window\":\(JSONString.quoted(window)),\"products\":" + Self.objects(result) + "}")
    }

    /// `GET /v1/pipes`: each pipe's SYSTEM$PIPE_STATUS and the errors of its last failed loads.
    func pipes(_ request: Request, context: some RequestContext) async throws -> Response {
        let text = try await readers.run { warehouse -> String in
            var members: [String] = []
            for name in try warehouse.pipeNames() {
                let status = try warehouse.pipeStatus(name, quoted: true)
                let errors = try warehouse.recentLoadErrors(pipe: name)
                members.append(JSONString.quoted(name) + ":{\"status\":" + status.json + ",\"last_errors\":" + Self.objects(errors) + "}")
            }
            return "{\"pipes\":{" + members.joined(separator: ",") + "}}"
        }
        return Response.json(text)
    }

    private func query(_ sql: String) async throws -> ResultSet {
        do {
            return try await readers.run { try $0.execute(sql) }
        } catch let error as StatementError where error.message.hasPrefix("Object '") {
            throw APIError(.serviceUnavailable, code: "seed_missing", message: error.message,
                           hint: "this route reads the seed's tables and views: create them with `wh init --seed` (or run sql/seed)")
        }
    }

    static func objects(_ result: ResultSet) -> String {
        let keys = keys(result)
        return "[" + result.rows.map { ResultJSON.object($0, columns: result.columns, keys: keys) }.joined(separator: ",") + "]"
    }

    static func keys(_ result: ResultSet) -> [String] { result.columns.map { $0.name.lowercased() } }

    /// `text` as a Snowflake string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    static func limit(_ text: String?, default value: Int, maximum: Int) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), n > 0, n <= maximum else {
            throw APIError(.badRequest, code: "invalid_parameter", message: "limit '\(text)' is not a number from 1 to \(maximum)",
                           hint: "give ?limit=N with 1 ≤ N ≤ \(maximum)")
        }
        return n
    }

    static func unknownTruck(_ id: String) -> APIError {
        APIError(.notFound, code: "unknown_truck", message: "truck '\(id)' has no readings", hint: "GET /v1/trucks lists the trucks")
    }
}
