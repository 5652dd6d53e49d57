import Crypto
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Warehouse

/// What every request goes through: the bearer token check, the request id (logged and sent back as
/// X-Request-Id), any error turned into its JSON answer, one log line, and the request metrics.
struct ServerMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    /// True when the server listens beyond loopback: reads need the token too.
    let reachableFromOtherHosts: Bool
    let metrics: ServerMetrics
    /// With `--aws-credentials`: AWS requests are checked by their SigV4 signature instead.
    var awsVerifier: SigV4Verifier? = nil
    var bodyLimit = 16 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            var request = request
            if let awsVerifier, request.headers[HTTPField.Name("X-Amz-Target")!] != nil || SigV4Verifier.isSigned(request.headers, rawQuery: request.uri.query) {
                try await verify(&request, with: awsVerifier)
            } else {
                try authorize(request)
            }
            response = try await next(request, context)
        } catch let failure as SigV4Verifier.Failure {
            response = Self.answer(failure, to: request, requestID: context.id)
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

    /// Checks an AWS request's signature; the JSON protocols' bodies are read here to hash them
    /// (S3 sends the hash in x-amz-content-sha256, and its route checks the body against it).
    private func verify(_ request: inout Request, with verifier: SigV4Verifier) async throws {
        var payloadHash: String?
        if request.headers[HTTPField.Name("x-amz-content-sha256")!] == nil, SigV4Verifier.isSigned(request.headers, rawQuery: request.uri.query),
           request.uri.query?.contains("X-Amz-Signature=") != true {
            let body = try await request.collectBody(upTo: bodyLimit)
            payloadHash = Warehouse.hex(SHA256.hash(data: Data(body.readableBytesView)))
        }
        try verifier.verify(.init(method: request.method.rawValue, rawPath: request.uri.path, rawQuery: request.uri.query,
                                  headers: request.headers, authority: request.head.authority, payloadHash: payloadHash), now: Date())
    }

    /// A failed signature check in the protocol the client speaks: S3's XML, or the JSON protocols'
    /// `__type`, so botocore raises the exception AWS would.
    static func answer(_ failure: SigV4Verifier.Failure, to request: Request, requestID: String) -> Response {
        let (s3Code, jsonType, message): (String, String, String)
        switch failure {
        case .unsigned: (s3Code, jsonType, message) = ("AccessDenied", "MissingAuthenticationTokenException", "Request is missing Authentication Token (this server checks AWS signatures: --aws-credentials)")
        case .malformed(let why): (s3Code, jsonType, message) = ("AuthorizationHeaderMalformed", "IncompleteSignatureException", why)
        case .unknownKey(let key): (s3Code, jsonType, message) = ("InvalidAccessKeyId", "UnrecognizedClientException", "The AWS Access Key Id you provided does not exist in our records: \(key) (not in the server's --aws-credentials file)")
        case .skewed(let why): (s3Code, jsonType, message) = ("RequestTimeTooSkewed", "InvalidSignatureException", why)
        case .mismatch, .payloadMismatch: (s3Code, jsonType, message) = ("SignatureDoesNotMatch", "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
        }
        if request.headers[HTTPField.Name("X-Amz-Target")!] != nil {
            return AWSError(type: jsonType, message: message).response(requestID)
        }
        var response = S3Route.xmlResponse("<Error><Code>\(s3Code)</Code><Message>\(S3Route.xml(message))</Message><RequestId>\(requestID)</RequestId></Error>",
                                           status: .forbidden)
        response.headers[HTTPField.Name("x-amz-request-id")!] = requestID
        return response
    }

    private func authorize(_ request: Request) throws {
        // The Snowflake connector's routes check their own session tokens (a login gives the server's
        // token as its password).
        if request.headers[.authorization]?.hasPrefix("Snowflake Token=") == true || request.uri.path == "/session/v1/login-request" { return }
        guard let token else {
            // Beyond loopback with AWS credentials only: every other route is closed.
            if reachableFromOtherHosts, request.uri.path != "/healthz", request.uri.path != "/readyz" {
                throw APIError(.unauthorized, code: "unauthorized", message: "this server answers only AWS-signed requests",
                               hint: "sign with a key of the server's --aws-credentials file, or start it with --token-file for the other routes")
            }
            return
        }
        let path = request.uri.path
        if path == "/healthz" || path == "/readyz" { return }
        if request.method == .get && !reachableFromOtherHosts { return }
        let expected = "Bearer " + token
        guard let given = request.headers[.authorization], SigV4Verifier.constantTimeEqual(given, expected) || signedWithToken(given, token) else {
            throw APIError(.unauthorized, code: "unauthorized",
                           message: request.headers[.authorization] == nil ? "this request needs a bearer token" : "the bearer token is not this server's",
                           hint: "send the header Authorization: Bearer <the token in the server's --token-file> (AWS clients: set AWS_ACCESS_KEY_ID to the token)")
        }
    }

    /// boto3 signs with SigV4 and sends no bearer token: its access key id (AWS_ACCESS_KEY_ID) must
    /// then be the token. The signature itself is checked only with `--aws-credentials`.
    private func signedWithToken(_ authorization: String, _ token: String) -> Bool {
        guard authorization.hasPrefix("AWS4-HMAC-SHA256 "), let range = authorization.range(of: "Credential=") else { return false }
        let key = authorization[range.upperBound...].prefix { $0 != "/" && $0 != "," }
        return SigV4Verifier.constantTimeEqual(String(key), token)
    }
}
