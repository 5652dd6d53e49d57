import Hummingbird
import Warehouse

/// `/healthz`, `/readyz` and `/metrics`.
struct OperationsRoutes: Sendable {
    let readers: ReaderPool
    let metrics: ServerMetrics

    /// The process is up.
    func health(_ request: Request, context: some RequestContext) async throws -> Response {
        Response.json("{\"status\":\"ok\"}")
    }

    /// The warehouse answers, its catalog is at this build's schema, and no pipe is stopped.
    func ready(_ request: Request, context: some RequestContext) async throws -> Response {
        let problems = try await readers.run { warehouse -> [String] in
            var problems: [String] = []
            if warehouse.schemaVersion != Migration.latestVersion {
                problems.append("catalog schema \(warehouse.schemaVersion), expected \(Migration.latestVersion)")
            }
            for name in try warehouse.pipeNames() {
                let status = try warehouse.pipeStatus(name, quoted: true)
                if status.executionState.hasPrefix("STOPPED") { problems.append("pipe \(name) is \(status.executionState): \(status.error ?? "")") }
            }
            return problems
        }
        let checks = "[" + problems.map(JSONString.quoted).joined(separator: ",") + "]"
        return problems.isEmpty ? Response.json("{\"status\":\"ready\",\"problems\":[]}")
                                : Response.json("{\"status\":\"not ready\",\"problems\":\(checks)}", status: .serviceUnavailable)
    }

    /// Prometheus' text format.
    func metricsText(_ request: Request, context: some RequestContext) async throws -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(metrics.text())
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: buffer))
    }
}
