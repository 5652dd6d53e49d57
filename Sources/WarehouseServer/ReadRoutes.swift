import Foundation
import Hummingbird
import Warehouse

/// The Truck Telemetry API and friends: JSON answered from the seed's views and tables through
/// `FleetQueries` (which the dashboard uses too), on the read connections. Keys are the columns'
/// names in lower case.
struct ReadRoutes: Sendable {
    let readers: ReaderPool

    /// `GET /v1/trucks`: every truck's current state.
    func trucks(_ request: Request, context: some RequestContext) async throws -> Response {
        let result = try await readers.run { try FleetQueries(warehouse: $0).fleet() }
        return Response.json("{\"trucks\":" + Self.objects(result) + "}")
    }

    /// `GET /v1/trucks/{id}`: one truck's current state.
    func truck(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let result = try await readers.run { try FleetQueries(warehouse: $0).truck(id) }
        guard let row = result.rows.first else { throw Self.unknownTruck(id) }
        return Response.json(ResultJSON.object(row, columns: result.columns, keys: Self.keys(result)))
    }

    /// `GET /v1/trucks/{id}/history?from=&to=&limit=&before=`: the truck's SCD2 versions, newest
    /// first, `limit` at a time (default 100, at most 1000); `next` names the following page.
    func history(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let query = request.uri.queryParameters
        let limit = try Self.limit(query["limit"].map(String.init), default: 100, maximum: 1000)
        let bounds = try ["from", "to", "before"].map { name -> String? in
            guard let value = query[name[...]].map(String.init) else { return nil }
            guard CanonicalTimestamp.parse(value) != nil else {
                throw APIError(.badRequest, code: "invalid_parameter", message: "'\(value)' is not a timestamp (\(name))",
                               hint: "give times as 2025-03-17 15:35:54 or 2025-03-17T15:35:54Z")
            }
            return value
        }
        let (result, exists) = try await readers.run { warehouse in
            let queries = FleetQueries(warehouse: warehouse)
            let result = try queries.history(id, from: bounds[0], to: bounds[1], before: bounds[2], limit: limit)
            return (result, try !result.rows.isEmpty || queries.truckExists(id))
        }
        guard exists else { throw Self.unknownTruck(id) }
        var page = result
        var next = "null"
        if page.rows.count > limit {
            page.rows.removeLast()
            let startIndex = page.columns.firstIndex { $0.name == "EFFECTIVE_START_DATE" }
            if let startIndex, let last = page.rows.last?[startIndex].displayText {
                var parameters = ["limit=\(limit)", "before=\(Self.percentEncoded(last))"]
                if let from = bounds[0] { parameters.append("from=\(Self.percentEncoded(from))") }
                next = JSONString.quoted("/v1/trucks/\(Self.percentEncoded(id))/history?" + parameters.joined(separator: "&"))
            }
        }
        return Response.json("{\"truck_id\":\(JSONString.quoted(id)),\"versions\":\(Self.objects(page)),\"next\":\(next)}")
    }

    /// `GET /v1/maintenance`: trucks needing maintenance, each with every reason, most reasons first.
    func maintenance(_ request: Request, context: some RequestContext) async throws -> Response {
        let trucks = try await readers.run { try FleetQueries(warehouse: $0).maintenance() }
        let objects = trucks.map { truck in
            "{\"truck_id\":\(JSONString.quoted(truck.truck)),\"last_reading\":\(JSONString.quoted(truck.lastReading)),"
                + "\"reasons\":[" + truck.reasons.map(JSONString.quoted).joined(separator: ",") + "]}"
        }
        return Response.json("{\"trucks\":[" + objects.joined(separator: ",") + "]}")
    }

    /// `GET /v1/products/top?window=hour|day|all&limit=`: the most-clicked products.
    func topProducts(_ request: Request, context: some RequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let window = query["window"].map(String.init) ?? "all"
        let limit = try Self.limit(query["limit"].map(String.init), default: 10, maximum: 1000)
        let result = try await readers.run { try FleetQueries(warehouse: $0).topProducts(window: window, limit: limit) }
        return Response.json("{\"window\":\(JSONString.quoted(window)),\"products\":" + Self.objects(result) + "}")
    }

    /// `GET /v1/fuel-efficiency`: distance, fuel used and km per litre per truck.
    func fuelEfficiency(_ request: Request, context: some RequestContext) async throws -> Response {
        let result = try await readers.run { try FleetQueries(warehouse: $0).fuelEfficiency() }
        return Response.json("{\"trucks\":" + Self.objects(result) + "}")
    }

    /// `GET /v1/pipes`: each pipe's SYSTEM$PIPE_STATUS and the errors of its last failed loads.
    func pipes(_ request: Request, context: some RequestContext) async throws -> Response {
        let health = try await readers.run { try FleetQueries(warehouse: $0).health() }
        let members = health.pipes.map { pipe in
            JSONString.quoted(pipe.status.name) + ":{\"status\":" + pipe.status.json + ",\"last_errors\":" + Self.objects(pipe.recentErrors) + "}"
        }
        return Response.json("{\"pipes\":{" + members.joined(separator: ",") + "}}")
    }

    /// `GET /v1/health`: files and rejected records per pipe in the last hour, task failures in the
    /// last hour, and the last load's time.
    func health(_ request: Request, context: some RequestContext) async throws -> Response {
        let health = try await readers.run { try FleetQueries(warehouse: $0).health() }
        let failures = health.taskFailuresLastHour.sorted { $0.key < $1.key }.map { JSONString.quoted($0.key) + ":" + String($0.value) }
        let pipes = health.pipes.map { pipe in
            JSONString.quoted(pipe.status.name) + ":{\"state\":\(JSONString.quoted(pipe.status.executionState)),"
                + "\"pending_files\":\(pipe.status.pendingFileCount),\"files_last_hour\":\(pipe.filesLastHour),\"rejected_last_hour\":\(pipe.rejectedLastHour)}"
        }
        return Response.json("{\"now\":\(JSONString.quoted(health.now)),\"last_load\":\(health.lastLoad.map(JSONString.quoted) ?? "null"),"
            + "\"pipes\":{" + pipes.joined(separator: ",") + "},\"task_failures_last_hour\":{" + failures.joined(separator: ",") + "}}")
    }

    static func objects(_ result: ResultSet) -> String {
        let keys = keys(result)
        return "[" + result.rows.map { ResultJSON.object($0, columns: result.columns, keys: keys) }.joined(separator: ",") + "]"
    }

    static func keys(_ result: ResultSet) -> [String] { result.columns.map { $0.name.lowercased() } }

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
