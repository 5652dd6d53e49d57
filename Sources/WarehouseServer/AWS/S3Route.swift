import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Warehouse
import WarehouseSystem
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// S3's REST-XML protocol, path-style (boto3 uses it for an endpoint URL): a bucket is a directory of
/// the warehouse's buckets folder and an object a file in it (written through DurableFile), so a stage with URL
/// `s3://bucket/prefix/` sees what PutObject writes and its pipe loads it. An object is written as
/// a hidden temporary file, fsync'd and renamed in, so a pipe sees it whole, once.
struct S3Route: Sendable {
    let buckets: String

    static let maximumObjectBytes: Int64 = 5 * 1024 * 1024 * 1024
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    // MARK: - Routing

    func put(_ request: Request, context: some RequestContext) async throws -> Response {
        try await answer(request, context) { bucket, key in
            guard let key else { return try createBucket(bucket) }
            let query = request.uri.queryParameters
            if let id = query["uploadId"], let number = query["partNumber"] {
                guard let part = Int(number) else { throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive") }
                return try await uploadPart(request, bucket: bucket, key: key, id: String(id), number: part)
            }
            return try await putObject(request, bucket: bucket, key: key)
        }
    }

    func get(_ request: Request, context: some RequestContext) async throws -> Response {
        try await answer(request, context) { bucket, key in
            guard let key else {
                let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
                return try list(bucket, query)
            }
            return try getObject(request, bucket: bucket, key: key, body: true)
        }
    }

    func head(_ request: Request, context: some RequestContext) async throws -> Response {
        try await answer(request, context) { bucket, key in
            guard let key else {
                guard isBucket(bucket) else { throw S3Error.noSuchBucket(bucket, head: true) }
                return Response(status: .ok)
            }
            return try getObject(request, bucket: bucket, key: key, body: false)
        }
    }

    func delete(_ request: Request, context: some RequestContext) async throws -> Response {
        try await answer(request, context) { bucket, key in
            guard isBucket(bucket) else { throw S3Error.noSuchBucket(bucket, head: false) }
            guard let key else {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: buckets + "/" + bucket)) ?? []
                guard entries.allSatisfy({ $0.utf8.first == UInt8(ascii: ".") }) else { throw S3Error.bucketNotEmpty(bucket) }
                try FileManager.default.removeItem(atPath: buckets + "/" + bucket)
                return Response(status: .noContent)
            }
            if let id = request.uri.queryParameters["uploadId"] { return try abortUpload(bucket: bucket, key: key, id: String(id)) }
            // Deleting a missing key succeeds, as in S3.
            unlink(buckets + "/" + bucket + "/" + key)
            return Response(status: .noContent)
        }
    }

    /// ListBuckets: `GET /` signed by an AWS SDK (an unsigned GET / is the dashboard).
    func listBuckets(_ request: Request, context: some RequestContext) async throws -> Response {
        try await answer(request, context, bucketRequired: false) { _, _ in
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: buckets)) ?? []).filter(Warehouse.isBucketName).sorted()
            let entries = names.map { name -> String in
                let created = (try? FileManager.default.attributesOfItem(atPath: buckets + "/" + name)[.creationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
                return "<Bucket><Name>\(Self.xml(name))</Name><CreationDate>\(Self.iso(created))</CreationDate></Bucket>"
            }
            return Self.xmlResponse("<ListAllMyBucketsResult xmlns=\"\(Self.namespace)\"><Owner><ID>wh</ID><DisplayName>wh</DisplayName></Owner><Buckets>"
                                    + entries.joined() + "</Buckets></ListAllMyBucketsResult>")
        }
    }

    static func isSignedByAnAWSSDK(_ request: Request) -> Bool {
        request.headers[.authorization]?.hasPrefix("AWS4-HMAC-SHA256 ") == true
    }

    /// The bucket and key of the request's path (the key percent-decoded), checked, then `body`;
    /// S3's XML error for what fails.
    /// Only requests an AWS SDK signed (SigV4 header, or a presigned URL of either version) are S3's: any other request
    /// to a path no route has is the API's JSON 404.
    func answer(_ request: Request, _ context: some RequestContext, bucketRequired: Bool = true,
                        _ body: (String, String?) async throws -> Response) async throws -> Response {
        guard SigV4Verifier.isSigned(request.headers, rawQuery: request.uri.query) else { throw APIError.unknownRoute }
        do {
            let path = request.uri.path.dropFirst()
            let bucket = String(path.prefix { $0 != "/" })
            var key: String?
            if path.count > bucket.count + 1 {
                let raw = String(path.dropFirst(bucket.count + 1))
                guard let decoded = raw.removingPercentEncoding else { throw S3Error.invalidKey(raw, "it is not valid percent-encoding") }
                key = try Self.checked(key: decoded)
            }
            if bucketRequired, !Warehouse.isBucketName(bucket) { throw S3Error.invalidBucketName(bucket) }
            var response = try await body(bucket, key)
            response.headers[HTTPField.Name("x-amz-request-id")!] = context.id
            return response
        } catch let error as S3Error {
            return error.response(requestID: context.id, head: request.method == .head)
        } catch {
            return S3Error.internalError(String(describing: error)).response(requestID: context.id, head: request.method == .head)
        }
    }

    /// A key wh can keep as a file path inside its bucket: no empty, `.` or `..` segment, and no
    /// segment starting with `.` (stages skip hidden files; wh's own temporary files are hidden).
    static func checked(key: String) throws -> String {
        guard key.utf8.count <= 1024 else { throw S3Error.keyTooLong(key) }
        // By byte, as the file system and the stage's listing split and read it: ".\u{301}x" is a
        // hidden file there, though its first Character is not ".".
        let segments = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if segments.last == "" { throw S3Error.invalidKey(key, "a key ending in / (a folder marker) has no file to be; wh makes folders as objects need them") }
        if segments.contains(where: { $0.isEmpty }) { throw S3Error.invalidKey(key, "it has an empty segment (//)") }
        if segments.contains(where: { $0.utf8.first == UInt8(ascii: ".") }) {
            throw S3Error.invalidKey(key, "a segment starts with '.': wh keeps objects as files, and stages skip hidden ones")
        }
        if let last = segments.last, last.hasSuffix(".tmp") || last.hasSuffix(".part") || last.hasSuffix("~") {
            throw S3Error.invalidKey(key, "stages skip names ending in .tmp, .part or ~ (files still being written), so a pipe would never load it")
        }
        return key
    }

    func isBucket(_ bucket: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: buckets + "/" + bucket, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    // MARK: - Operations

    private func createBucket(_ bucket: String) throws -> Response {
        try FileManager.default.createDirectory(atPath: buckets + "/" + bucket, withIntermediateDirectories: true)
        var response = Response(status: .ok)
        response.headers[.location] = "/" + bucket
        return response
    }

    private func putObject(_ request: Request, bucket: String, key: String) async throws -> Response {
        guard isBucket(bucket) else { throw S3Error.noSuchBucket(bucket, head: false) }
        if request.headers[HTTPField.Name("x-amz-copy-source")!] != nil {
            throw S3Error.notImplemented("CopyObject (x-amz-copy-source); get the object and put it under the new key")
        }
        let path = try objectPath(bucket, key)
        let digest = try await Self.writeDurably(request, to: path)
        var response = Response(status: .ok)
        response.headers[.eTag] = "\"" + Warehouse.hex(digest) + "\""
        return response
    }

    /// A file path for the key, its folders made; refused when the key names a folder of objects.
    func objectPath(_ bucket: String, _ key: String) throws -> String {
        let path = buckets + "/" + bucket + "/" + key
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw S3Error.invalidKey(key, "it names a folder of other objects")
        }
        try FileManager.default.createDirectory(atPath: splitAtLastSlash(path).directory ?? buckets, withIntermediateDirectories: true)
        return path
    }

    /// Streams the request's body into `path` through a DurableFile, checking it against its
    /// Content-MD5 and signed x-amz-content-sha256. Returns the MD5.
    static func writeDurably(_ request: Request, to path: String) async throws -> Data {
        if request.headers[.contentEncoding]?.contains("aws-chunked") == true {
            throw S3Error.notImplemented("aws-chunked uploads (a streamed body with a trailing checksum); send the body with a Content-Length")
        }
        var md5 = Insecure.MD5()
        var sha256 = SHA256()
        let declaredHash = request.headers[HTTPField.Name("x-amz-content-sha256")!].flatMap { $0.count == 64 ? $0.lowercased() : nil }
        var total: Int64 = 0
        let file = try DurableFile(path: path)
        do {
            for try await chunk in request.body {
                total += Int64(chunk.readableBytes)
                guard total <= Self.maximumObjectBytes else { throw S3Error.entityTooLarge }
                try chunk.withUnsafeReadableBytes { bytes in
                    md5.update(bufferPointer: bytes)
                    if declaredHash != nil { sha256.update(bufferPointer: bytes) }
                    try file.write(bytes)
                }
            }
            let digest = Data(md5.finalize())
            if let expected = request.headers[HTTPField.Name("Content-MD5")!], expected != digest.base64EncodedString() {
                throw S3Error.badDigest
            }
            // The signed hash of the body (what a SigV4 signature covers) must be the body's.
            if let declaredHash, Warehouse.hex(sha256.finalize()) != declaredHash { throw S3Error.contentSHA256Mismatch }
            try file.commit()
            return digest
        } catch {
            file.abandon()
            throw error
        }
    }

    private func getObject(_ request: Request, bucket: String, key: String, body: Bool) throws -> Response {
        guard isBucket(bucket) else { throw S3Error.noSuchBucket(bucket, head: !body) }
        let path = buckets + "/" + bucket + "/" + key
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), attributes[.type] as? FileAttributeType == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.int64Value else {
            throw S3Error.noSuchKey(key, head: !body)
        }
        let modified = attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        var range: ClosedRange<Int64>?
        if let header = request.headers[.range] {
            guard let parsed = Self.range(header, size: size) else { throw S3Error.invalidRange(size) }
            range = parsed
        }
        let first = range?.lowerBound ?? 0, count = range.map { $0.upperBound - $0.lowerBound + 1 } ?? size
        var response = Response(status: range == nil ? .ok : .partialContent)
        response.headers[.contentLength] = String(count)
        response.headers[.contentType] = "binary/octet-stream"
        response.headers[.lastModified] = Self.httpDate(modified)
        response.headers[.acceptRanges] = "bytes"
        response.headers[.eTag] = try Self.md5(ofFile: path)
        if let range { response.headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)" }
        guard body else { return response }
        response.body = ResponseBody(contentLength: Int(count)) { writer in
            guard let handle = FileHandle(forReadingAtPath: path) else { throw S3Error.noSuchKey(key, head: false) }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(first))
            var left = count
            while left > 0 {
                let data = handle.readData(ofLength: Int(min(left, 1 << 20)))
                guard !data.isEmpty else { break }
                left -= Int64(data.count)
                try await writer.write(ByteBuffer(bytes: data))
            }
            try await writer.finish(nil)
        }
        return response
    }

    /// ListObjectsV2 (`list-type=2`) and ListObjects: keys in UTF-8 order, with prefix, delimiter
    /// (CommonPrefixes), max-keys and continuation; `encoding-type=url` URL-encodes the names.
    private func list(_ bucket: String, _ query: [String: String]) throws -> Response {
        guard isBucket(bucket) else { throw S3Error.noSuchBucket(bucket, head: false) }
        let version2 = query["list-type"] == "2"
        let prefix = query["prefix"] ?? ""
        let delimiter = query["delimiter"].flatMap { $0.isEmpty ? nil : $0 }
        let maxKeys = query["max-keys"].flatMap { Int($0) }.map { max(0, min($0, 1000)) } ?? 1000
        let encode = query["encoding-type"] == "url"
        var after = ""
        if version2 {
            if let token = query["continuation-token"] {
                guard let data = Data(base64Encoded: token), let key = String(data: data, encoding: .utf8) else {
                    throw S3Error.invalidArgument("The continuation token provided is incorrect")
                }
                after = key
            } else if let start = query["start-after"] { after = start }
        } else if let marker = query["marker"] { after = marker }

        // Keys are compared, matched and cut as S3 does, by byte: Swift's String compares Characters
        // up to canonical equivalence, where "é" and "e\u{301}" (two keys) are equal and a prefix
        // ending before a combining mark does not match.
        let root = buckets + "/" + bucket
        let prefixBytes = Array(prefix.utf8), delimiterBytes = delimiter.map { Array($0.utf8) }
        var entries: [(key: String, bytes: [UInt8], size: Int64, modified: Date)] = []
        for file in (try? LocalFileSystem().files(under: root)) ?? [] {
            let bytes = Array(file.relativePath.utf8)
            // Hidden segments are wh's own temporary files.
            guard !bytes.split(separator: UInt8(ascii: "/")).contains(where: { $0.first == UInt8(ascii: ".") }),
                  bytes.starts(with: prefixBytes) else { continue }
            entries.append((file.relativePath, bytes, file.size, file.modified))
        }
        entries.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }

        var contents: [(key: String, size: Int64, modified: Date)] = []
        var commonPrefixes: [String] = []
        var truncated = false
        var last = ""
        for entry in entries where !entry.bytes.lexicographicallyPrecedes(Array(after.utf8)) && entry.bytes != Array(after.utf8) {
            var rolled: String?
            if let delimiterBytes, let end = endOfBytes(delimiterBytes, in: entry.bytes, from: prefixBytes.count) {
                rolled = String(decoding: entry.bytes[..<end], as: UTF8.self)
            }
            if let rolled, commonPrefixes.last.map({ Array($0.utf8) == Array(rolled.utf8) }) == true { continue }
            if contents.count + commonPrefixes.count == maxKeys { truncated = true; break }
            if let rolled {
                commonPrefixes.append(rolled)
                last = rolled
            } else {
                contents.append((entry.key, entry.size, entry.modified))
                last = entry.key
            }
            // A rolled-up prefix continues after every key under it.
            if let rolled { after = rolled + "\u{10FFFF}" }
        }
        func name(_ text: String) -> String {
            Self.xml(encode ? (text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? text) : text)
        }
        var xml = "<ListBucketResult xmlns=\"\(Self.namespace)\"><Name>\(Self.xml(bucket))</Name><Prefix>\(name(prefix))</Prefix>"
        xml += "<MaxKeys>\(maxKeys)</MaxKeys>" + (delimiter.map { "<Delimiter>\(name($0))</Delimiter>" } ?? "")
        if encode { xml += "<EncodingType>url</EncodingType>" }
        xml += "<IsTruncated>\(truncated)</IsTruncated>"
        if version2 {
            xml += "<KeyCount>\(contents.count + commonPrefixes.count)</KeyCount>"
            if let token = query["continuation-token"] { xml += "<ContinuationToken>\(Self.xml(token))</ContinuationToken>" }
            if let start = query["start-after"] { xml += "<StartAfter>\(name(start))</StartAfter>" }
            if truncated { xml += "<NextContinuationToken>\(Data(last.utf8).base64EncodedString())</NextContinuationToken>" }
        } else {
            xml += "<Marker>\(name(query["marker"] ?? ""))</Marker>"
            if truncated { xml += "<NextMarker>\(name(last))</NextMarker>" }
        }
        for entry in contents {
            let etag = try Self.md5(ofFile: root + "/" + entry.key)
            xml += "<Contents><Key>\(name(entry.key))</Key><LastModified>\(Self.iso(entry.modified))</LastModified><ETag>\(Self.xml(etag))</ETag>"
                + "<Size>\(entry.size)</Size><StorageClass>STANDARD</StorageClass></Contents>"
        }
        for common in commonPrefixes { xml += "<CommonPrefixes><Prefix>\(name(common))</Prefix></CommonPrefixes>" }
        return Self.xmlResponse(xml + "</ListBucketResult>")
    }

    // MARK: - Pieces

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")

    /// The object's ETag: the MD5 of its bytes, as S3 gives for a single-part upload.
    static func md5(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw S3Error.noSuchKey(path, head: false) }
        defer { try? handle.close() }
        var md5 = Insecure.MD5()
        while true {
            let data = handle.readData(ofLength: 1 << 20)
            if data.isEmpty { break }
            md5.update(data: data)
        }
        return "\"" + Warehouse.hex(md5.finalize()) + "\""
    }

    static func range(_ header: String, size: Int64) -> ClosedRange<Int64>? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let parts = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, size > 0 else { return nil }
        if parts[0].isEmpty, let suffix = Int64(parts[1]), suffix > 0 { return max(0, size - suffix)...(size - 1) }
        guard let start = Int64(parts[0]), start < size else { return nil }
        let end = parts[1].isEmpty ? size - 1 : min(Int64(parts[1]) ?? -1, size - 1)
        return end >= start ? start...end : nil
    }

    static func xml(_ text: String) -> String {
        text.replacingEvery("&", with: "&amp;").replacingEvery("<", with: "&lt;")
            .replacingEvery(">", with: "&gt;").replacingEvery("\"", with: "&quot;")
    }

    static func xmlResponse(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body)
        return Response(status: status, headers: [.contentType: "application/xml"], body: .init(byteBuffer: buffer))
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

/// S3's errors: status and the XML body botocore turns into its modelled exceptions.
enum S3Error: Error {
    case noSuchBucket(String, head: Bool)
    case noSuchKey(String, head: Bool)
    case invalidBucketName(String)
    case invalidKey(String, String)
    case keyTooLong(String)
    case bucketNotEmpty(String)
    case entityTooLarge
    case badDigest
    case contentSHA256Mismatch
    case noSuchUpload(String)
    case invalidPart(Int)
    case invalidPartOrder
    case malformedXML
    case invalidRange(Int64)
    case invalidArgument(String)
    case notImplemented(String)
    case internalError(String)

    var parts: (status: HTTPResponse.Status, code: String, message: String) {
        switch self {
        case .noSuchBucket(let b, _): return (.notFound, "NoSuchBucket", "The specified bucket does not exist: \(b) (wh serves the buckets in its buckets folder: CreateBucket, or a stage with URL = 's3://\(b)/…')")
        case .noSuchKey(let k, _): return (.notFound, "NoSuchKey", "The specified key does not exist: \(k)")
        case .invalidBucketName(let b): return (.badRequest, "InvalidBucketName", "The specified bucket is not valid: \(b) (3 to 63 lower-case letters, digits, dots and hyphens)")
        case .invalidKey(let k, let why): return (.badRequest, "InvalidArgument", "wh cannot keep the key '\(k)': \(why)")
        case .keyTooLong(let k): return (.badRequest, "KeyTooLongError", "Your key is too long: \(k.prefix(80))…")
        case .bucketNotEmpty(let b): return (.conflict, "BucketNotEmpty", "The bucket you tried to delete is not empty: \(b)")
        case .entityTooLarge: return (.badRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size (5 GiB)")
        case .badDigest: return (.badRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.")
        case .noSuchUpload(let id): return (.notFound, "NoSuchUpload", "The specified multipart upload does not exist: \(id)")
        case .invalidPart(let n): return (.badRequest, "InvalidPart", "Part \(n) was not uploaded, or its ETag does not match")
        case .invalidPartOrder: return (.badRequest, "InvalidPartOrder", "The list of parts was not in ascending order")
        case .malformedXML: return (.badRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
        case .contentSHA256Mismatch: return (.badRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
        case .invalidRange(let size): return (.rangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable (the object has \(size) bytes)")
        case .invalidArgument(let m): return (.badRequest, "InvalidArgument", m)
        case .notImplemented(let what): return (.notImplemented, "NotImplemented", "\(what) is not supported by wh yet")
        case .internalError(let m): return (.internalServerError, "InternalError", m)
        }
    }

    func response(requestID: String, head: Bool) -> Response {
        let (status, code, message) = parts
        guard !head else { return Response(status: status, headers: [HTTPField.Name("x-amz-request-id")!: requestID]) }
        var response = S3Route.xmlResponse("<Error><Code>\(code)</Code><Message>\(S3Route.xml(message))</Message><RequestId>\(requestID)</RequestId></Error>",
                                           status: status)
        response.headers[HTTPField.Name("x-amz-request-id")!] = requestID
        return response
    }
}
