import Crypto
import Foundation
import Hummingbird
import Warehouse
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Multipart uploads (what boto3's transfer manager uses above 8 MB) and DeleteObjects. An upload's
/// parts wait in the bucket's hidden `.uploads/<id>/` folder (stages skip hidden names); completing it
/// joins them into the object's file, which appears whole, once, as a PutObject's does.
extension S3Route {
    func post(_ request: Request, context: some RequestContext) async throws -> Response {
        try await answer(request, context) { bucket, key in
            let query = request.uri.queryParameters
            guard isBucket(bucket) else { throw S3Error.noSuchBucket(bucket, head: false) }
            if key == nil, query["delete"] != nil { return try await deleteObjects(request, bucket: bucket) }
            guard let key else { throw S3Error.notImplemented("POST on a bucket (other than DeleteObjects)") }
            if query["uploads"] != nil { return try createUpload(bucket: bucket, key: key) }
            if let id = query["uploadId"] { return try await completeUpload(request, bucket: bucket, key: key, id: String(id)) }
            throw S3Error.notImplemented("POST on an object (other than multipart uploads)")
        }
    }

    func uploadsFolder(_ bucket: String, _ id: String) throws -> String {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { throw S3Error.noSuchUpload(id) }
        return buckets + "/" + bucket + "/.uploads/" + id
    }

    private func createUpload(bucket: String, key: String) throws -> Response {
        let id = UUID().uuidString
        let folder = try uploadsFolder(bucket, id)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(key.utf8).write(to: URL(fileURLWithPath: folder + "/key"))
        return Self.xmlResponse("<InitiateMultipartUploadResult xmlns=\"\(Self.namespace)\"><Bucket>\(Self.xml(bucket))</Bucket>"
                                + "<Key>\(Self.xml(key))</Key><UploadId>\(id)</UploadId></InitiateMultipartUploadResult>")
    }

    /// The folder of an upload begun for this key.
    private func upload(_ bucket: String, _ key: String, _ id: String) throws -> String {
        let folder = try uploadsFolder(bucket, id)
        guard let data = FileManager.default.contents(atPath: folder + "/key"), String(decoding: data, as: UTF8.self) == key else {
            throw S3Error.noSuchUpload(id)
        }
        return folder
    }

    func uploadPart(_ request: Request, bucket: String, key: String, id: String, number: Int) async throws -> Response {
        guard (1...10_000).contains(number) else { throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive") }
        let folder = try upload(bucket, key, id)
        let digest = try await Self.writeDurably(request, to: folder + String(format: "/part-%05d", number))
        var response = Response(status: .ok)
        response.headers[.eTag] = "\"" + Warehouse.hex(digest) + "\""
        return response
    }

    func abortUpload(bucket: String, key: String, id: String) throws -> Response {
        try FileManager.default.removeItem(atPath: try upload(bucket, key, id))
        return Response(status: .noContent)
    }

    private func completeUpload(_ request: Request, bucket: String, key: String, id: String) async throws -> Response {
        let folder = try upload(bucket, key, id)
        let body = String(buffer: try await request.body.collect(upTo: 4 << 20))
        let numbers = Self.elements("PartNumber", in: body).compactMap { Int($0) }
        let etags = Self.elements("ETag", in: body).map { $0.replacingEvery("\"", with: "") }
        guard !numbers.isEmpty, numbers.count == etags.count else { throw S3Error.malformedXML }
        guard numbers == numbers.sorted(), Set(numbers).count == numbers.count else { throw S3Error.invalidPartOrder }
        var digests = Data()
        for (number, etag) in zip(numbers, etags) {
            let part = folder + String(format: "/part-%05d", number)
            guard FileManager.default.fileExists(atPath: part), try Self.md5(ofFile: part).replacingEvery("\"", with: "") == etag else {
                throw S3Error.invalidPart(number)
            }
            digests.append(contentsOf: (0..<etag.count / 2).compactMap { i in
                UInt8(etag[etag.index(etag.startIndex, offsetBy: 2 * i)..<etag.index(etag.startIndex, offsetBy: 2 * i + 2)], radix: 16)
            })
        }
        let file = try DurableFile(path: try objectPath(bucket, key))
        do {
            for number in numbers {
                guard let handle = FileHandle(forReadingAtPath: folder + String(format: "/part-%05d", number)) else { throw S3Error.invalidPart(number) }
                defer { try? handle.close() }
                while true {
                    let data = handle.readData(ofLength: 1 << 20)
                    if data.isEmpty { break }
                    try data.withUnsafeBytes { try file.write($0) }
                }
            }
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
        try? FileManager.default.removeItem(atPath: folder)
        let etag = "\"" + Warehouse.hex(Insecure.MD5.hash(data: digests)) + "-\(numbers.count)\""
        return Self.xmlResponse("<CompleteMultipartUploadResult xmlns=\"\(Self.namespace)\"><Location>/\(Self.xml(bucket))/\(Self.xml(key))</Location>"
                                + "<Bucket>\(Self.xml(bucket))</Bucket><Key>\(Self.xml(key))</Key><ETag>\(Self.xml(etag))</ETag></CompleteMultipartUploadResult>")
    }

    /// DeleteObjects: each key deleted (a missing one too, as in S3), each answered.
    private func deleteObjects(_ request: Request, bucket: String) async throws -> Response {
        let body = String(buffer: try await request.body.collect(upTo: 4 << 20))
        let keys = Self.elements("Key", in: body).map(Self.unescape)
        guard !keys.isEmpty, keys.count <= 1000 else { throw S3Error.malformedXML }
        var results: [String] = []
        for key in keys {
            do {
                _ = try Self.checked(key: key)
                unlink(buckets + "/" + bucket + "/" + key)
                results.append("<Deleted><Key>\(Self.xml(key))</Key></Deleted>")
            } catch let error as S3Error {
                results.append("<Error><Key>\(Self.xml(key))</Key><Code>\(error.parts.code)</Code><Message>\(Self.xml(error.parts.message))</Message></Error>")
            }
        }
        return Self.xmlResponse("<DeleteResult xmlns=\"\(Self.namespace)\">" + results.joined() + "</DeleteResult>")
    }

    /// The texts of every `<name>…</name>` in a small XML body, in order.
    static func elements(_ name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
