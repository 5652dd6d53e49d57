import Crypto
import Foundation
import HTTPTypes
import Warehouse

/// AWS Signature Version 4, checked the way AWS checks it: the canonical request rebuilt from what
/// arrived, signed with the secret of the access key the credential scope names, compared with the
/// signature sent (an Authorization header, or a presigned URL's X-Amz-Signature). Used when
/// `wh serve --aws-credentials FILE` gives the keys.
struct SigV4Verifier: Sendable {
    /// Access key id → secret access key.
    let secrets: [String: String]

    enum Failure: Error, Equatable {
        case unsigned
        case malformed(String)
        case unknownKey(String)
        case skewed(String)
        case mismatch
        case payloadMismatch
    }

    /// What a request gives the check.
    struct Signed {
        var method: String
        var rawPath: String
        var rawQuery: String?
        var headers: HTTPFields
        /// The Host header (HTTP types keep it as the request's authority).
        var authority: String?
        /// The body's SHA-256, hex (or UNSIGNED-PAYLOAD); nil: take x-amz-content-sha256.
        var payloadHash: String?
    }

    static func isSigned(_ headers: HTTPFields, rawQuery: String?) -> Bool {
        headers[.authorization]?.hasPrefix("AWS4-HMAC-SHA256 ") == true || (rawQuery?.contains("X-Amz-Signature=") ?? false)
            || isPresignedV2(rawQuery)
    }

    /// boto3's `generate_presigned_url` for S3 signs with Signature Version 2 unless told s3v4.
    static func isPresignedV2(_ rawQuery: String?) -> Bool {
        guard let rawQuery else { return false }
        return rawQuery.contains("AWSAccessKeyId=") && rawQuery.contains("Signature=")
    }

    func verify(_ request: Signed, now: Date) throws {
        var query = Self.queryPairs(request.rawQuery)
        if Self.isPresignedV2(request.rawQuery), request.headers[.authorization] == nil, !query.contains(where: { $0.0 == "X-Amz-Signature" }) {
            return try verifyPresignedV2(request, query: query, now: now)
        }
        let credential: String, signedHeaders: [String], signature: String, amzDate: String, payload: String
        if let authorization = request.headers[.authorization], authorization.hasPrefix("AWS4-HMAC-SHA256 ") {
            var fields: [String: String] = [:]
            for part in authorization.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { fields[pair[0]] = pair[1] }
            }
            guard let c = fields["Credential"], let h = fields["SignedHeaders"], let s = fields["Signature"] else {
                throw Failure.malformed("the Authorization header lacks Credential, SignedHeaders or Signature")
            }
            guard let date = request.headers[HTTPField.Name("x-amz-date")!] else { throw Failure.malformed("the request has no X-Amz-Date") }
            (credential, signedHeaders, signature, amzDate) = (c, h.split(separator: ";").map(String.init), s, date)
            payload = request.payloadHash ?? request.headers[HTTPField.Name("x-amz-content-sha256")!] ?? Warehouse.hex(SHA256.hash(data: Data()))
        } else if let s = query.first(where: { $0.0 == "X-Amz-Signature" })?.1 {
            guard let c = query.first(where: { $0.0 == "X-Amz-Credential" })?.1, let h = query.first(where: { $0.0 == "X-Amz-SignedHeaders" })?.1,
                  let date = query.first(where: { $0.0 == "X-Amz-Date" })?.1 else {
                throw Failure.malformed("the presigned URL lacks X-Amz-Credential, X-Amz-SignedHeaders or X-Amz-Date")
            }
            if let text = query.first(where: { $0.0 == "X-Amz-Expires" })?.1, let expires = Int(text), let signedAt = Self.date(date),
               now.timeIntervalSince(signedAt) > Double(expires) {
                throw Failure.skewed("the presigned URL expired at \(Self.iso(signedAt.addingTimeInterval(Double(expires))))")
            }
            query.removeAll { $0.0 == "X-Amz-Signature" }
            (credential, signedHeaders, signature, amzDate) = (c, h.split(separator: ";").map(String.init), s, date)
            payload = "UNSIGNED-PAYLOAD"
        } else {
            throw Failure.unsigned
        }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else { throw Failure.malformed("the credential scope '\(credential)' is not key/date/region/service/aws4_request") }
        guard let secret = secrets[scope[0]] else { throw Failure.unknownKey(scope[0]) }
        if request.headers[.authorization] != nil, let signedAt = Self.date(amzDate), abs(now.timeIntervalSince(signedAt)) > 15 * 60 {
            throw Failure.skewed("the request was signed at \(amzDate), more than 15 minutes from the server's time")
        }
        let canonicalHeaders = try signedHeaders.map { name -> String in
            guard let field = HTTPField.Name(name), let value = name == "host" ? request.authority : request.headers[field] else {
                throw Failure.malformed("the signed header '\(name)' is not in the request")
            }
            return name + ":" + value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") + "\n"
        }.joined()
        let encoded: [(String, String)] = query.map { (Self.encode($0.0), Self.encode($0.1)) }
        let sorted = encoded.sorted { (a: (String, String), b: (String, String)) -> Bool in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
        let canonicalQuery = sorted.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
        let path = scope[3] == "s3" ? request.rawPath : Self.normalizedPath(request.rawPath)
        let canonical = [request.method, path, canonicalQuery, canonicalHeaders, signedHeaders.joined(separator: ";"), payload].joined(separator: "\n")
        let toSign = ["AWS4-HMAC-SHA256", amzDate, scope[1...].joined(separator: "/"), Warehouse.hex(SHA256.hash(data: Data(canonical.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Data(("AWS4" + secret).utf8))
        for part in scope[1...4] { key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key))) }
        let expected = Warehouse.hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key))
        guard Self.constantTimeEqual(expected, signature) else { throw Failure.mismatch }
    }

    /// A Signature Version 2 presigned S3 URL: HMAC-SHA1 over the method, the expiry and the path.
    private func verifyPresignedV2(_ request: Signed, query: [(String, String)], now: Date) throws {
        guard let key = query.first(where: { $0.0 == "AWSAccessKeyId" })?.1, let signature = query.first(where: { $0.0 == "Signature" })?.1,
              let expiresText = query.first(where: { $0.0 == "Expires" })?.1, let expires = Double(expiresText) else {
            throw Failure.malformed("the presigned URL lacks AWSAccessKeyId, Signature or Expires")
        }
        guard let secret = secrets[key] else { throw Failure.unknownKey(key) }
        guard now.timeIntervalSince1970 <= expires else { throw Failure.skewed("the presigned URL expired at \(Self.iso(Date(timeIntervalSince1970: expires)))") }
        let toSign = [request.method, request.headers[HTTPField.Name("Content-MD5")!] ?? "", request.headers[.contentType] ?? "", expiresText, request.rawPath]
            .joined(separator: "\n")
        let expected = Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(toSign.utf8), using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
        guard Self.constantTimeEqual(expected, signature) else { throw Failure.mismatch }
    }

    /// Keys from an AWS shared-credentials file (`aws_access_key_id = …` / `aws_secret_access_key = …`
    /// under any profile), or lines of `ACCESS_KEY_ID SECRET`; `#` starts a comment.
    static func secrets(fromFile path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var secrets: [String: String] = [:]
        var pendingKey: String?, pendingSecret: String?
        func flush() {
            if let k = pendingKey, let s = pendingSecret { secrets[k] = s }
            pendingKey = nil; pendingSecret = nil
        }
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            if line.hasPrefix("[") { flush(); continue }
            let pair = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2 {
                if pair[0].lowercased() == "aws_access_key_id" { pendingKey = pair[1] }
                if pair[0].lowercased() == "aws_secret_access_key" { pendingSecret = pair[1] }
                continue
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if words.count == 2 { secrets[words[0]] = words[1] }
        }
        flush()
        return secrets
    }

    // MARK: - Pieces

    static func queryPairs(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&").map { part in
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            func decode(_ s: String) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s }
            return (decode(pair[0]), pair.count > 1 ? decode(pair[1]) : "")
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }

    /// The path of a non-S3 request as SigV4 canonicalizes it: each segment encoded again.
    static func normalizedPath(_ raw: String) -> String {
        raw.isEmpty ? "/" : raw.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/")
    }

    static func date(_ amz: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: amz)
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
