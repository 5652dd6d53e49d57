import Foundation
import Testing

/// `wh serve --aws-credentials FILE`: boto3's S3, Kinesis and DynamoDB requests are accepted only with a
/// valid SigV4 signature by a key of the file (Tests/aws/check_signatures.py), presigned URLs of both
/// versions included; the others get AWS's own errors.
@Suite struct AWSSignatureTests {
    @Test func withAWSCredentialsEverySignatureIsChecked() async throws {
        let e2e = ServeEndToEndTests()
        let directory = try e2e.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try e2e.run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        try "# wh serve's keys\n[default]\naws_access_key_id = AKIDWH\naws_secret_access_key = s3cr3t/key+x\n"
            .write(toFile: directory + "/credentials", atomically: true, encoding: .utf8)
        let served = try ServeEndToEndTests.Served(db: "warehouse.db", in: directory, extra: ["--aws-credentials", "credentials"])
        defer { _ = served.stop() }
        let (status, text) = try ServeEndToEndTests.python("Tests/aws/check_signatures.py", [served.url])
        #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
    }
}
