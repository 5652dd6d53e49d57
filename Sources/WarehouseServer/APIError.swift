import Foundation
import HTTPTypes
import Hummingbird
import Warehouse

/// Every error the server answers, as JSON: `{"code": "...", "message": "...", "hint": "..."}` with
/// its HTTP status. A warehouse error keeps its message and hint.
struct APIError: HTTPResponseError, Equatable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let hint: String?
    /// Extra members of the JSON body (the SQL API's statementHandle, sqlState).
    var extra: [(String, String)] = []

    init(_ status: HTTPResponse.Status, code: String, message: String, hint: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
    }

    static func == (a: APIError, b: APIError) -> Bool {
        a.status == b.status && a.code == b.code && a.message == b.message && a.hint == b.hint
    }

    var json: String {
        var members = [("code", JSONString.quoted(code)), ("message", JSONString.quoted(message))]
        if let hint { members.append(("hint", JSONString.quoted(hint))) }
        members += extra.map { ($0.0, JSONString.quoted($0.1)) }
        return "{" + members.map { JSONString.quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(json, status: status)
    }

    /// A failure from the warehouse, answered as the request's fault (422) unless it is not.
    static func from(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? any WarehouseError {
            return APIError(.unprocessableContent, code: "statement_failed", message: error.message, hint: error.hint)
        }
        if let error = error as? StagingError {
            return APIError(.internalServerError, code: "staging_failed", message: error.description,
                            hint: "check that the stage directory exists and is writable, then retry the request")
        }
        if let error = error as? HTTPError {
            switch error.status {
            case .notFound: return .unknownRoute
            case .contentTooLarge: return APIError(.contentTooLarge, code: "body_too_large", message: error.body ?? "the body is too large")
            default: return APIError(error.status, code: "http_error", message: error.body ?? error.status.reasonPhrase)
            }
        }
        return APIError(.internalServerError, code: "internal_error", message: "\(error)",
                        hint: "nothing was written by this request; retry it, and report this if it happens again")
    }

    static func bodyTooLarge(limit: Int, hint: String) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", message: "the body is larger than \(limit) bytes", hint: hint)
    }

    static let unknownRoute = APIError(.notFound, code: "unknown_route", message: "no such route",
                                       hint: "see docs/api.md: /v1/stages/{stage}/records, /v1/statements, /v1/trucks, /v1/maintenance, /v1/products/top, /v1/pipes, /healthz, /readyz, /metrics")
}

extension Response {
    /// A JSON response from text already encoded.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        buffer.writeString("\n")
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }
}
