import Dispatch
import HTTPTypes
import Hummingbird
import Logging

/// What every request goes through: the bearer token check, the request id (logged and sent back as
/// X-Request-Id), any error turned into its JSON answer, one log line, and the request metrics.
struct ServerMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    /// True when the server listens beyond loopback: reads need the token too.
    let reachableFromOtherHosts: Bool
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            try authorize(request)
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            response = Response.json(apiError.json, status: apiError.status)
        }
        response.headers[values: HTTPField.Name("X-Request-Id")!] = [context.id]
        let route = context.endpointPath ?? "unmatched"
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        metrics.answered(route: route, method: request.method.rawValue, status: response.status.code, nanoseconds: elapsed)
        context.logger.info("\(request.method) \(request.uri.path)", metadata: [
            "status": "\(response.status.code)", "route": "\(route)", "ms": "\(String(format: "%.1f", Double(elapsed) / 1e6))",
        ])
        return response
    }

    private func authorize(_ request: Request) throws {
        guard let token else { return }
        let path = request.uri.path
        if path == "/healthz" || path == "/readyz" { return }
        if request.method == .get && !reachableFromOtherHosts { return }
        let expected = "Bearer " + token
        guard let given = request.headers[.authorization], constantTimeEqual(given, expected) || signedWithToken(given, token) else {
            throw APIError(.unauthorized, code: "unauthorized",
                           message: request.headers[.authorization] == nil ? "this request needs a bearer token" : "the bearer token is not this server's",
                           hint: "send the header Authorization: Bearer <the token in the server's --token-file> (AWS clients: set AWS_ACCESS_KEY_ID to the token)")
        }
    }

    /// boto3 signs with SigV4 and sends no bearer token: its access key id (AWS_ACCESS_KEY_ID) must
    /// then be the token. The signature itself is not checked, as in AWS's emulators.
    private func signedWithToken(_ authorization: String, _ token: String) -> Bool {
        guard authorization.hasPrefix("AWS4-HMAC-SHA256 "), let range = authorization.range(of: "Credential=") else { return false }
        let key = authorization[range.upperBound...].prefix { $0 != "/" && $0 != "," }
        return constantTimeEqual(String(key), token)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
