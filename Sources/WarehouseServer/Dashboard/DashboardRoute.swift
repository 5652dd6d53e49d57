import Hummingbird
import Warehouse

/// `GET /` (the dashboard) and `GET /dashboard/live` (its live part, which the page fetches every second).
struct DashboardRoute: Sendable {
    let readers: ReaderPool

    func page(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = Self.options(request)
        let data = try await readers.run { try DashboardData.read($0, options: options) }
        return Self.html(DashboardPage(data: data, options: options).page())
    }

    func live(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = Self.options(request)
        let data = try await readers.run { try DashboardData.read($0, options: options) }
        return Self.html(DashboardPage(data: data, options: options).live())
    }

    private static func options(_ request: Request) -> DashboardOptions {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        return DashboardOptions(query: query)
    }

    private static func html(_ text: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: buffer))
    }
}
