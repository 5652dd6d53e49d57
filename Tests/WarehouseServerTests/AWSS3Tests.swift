import Foundation
import Testing

/// boto3's S3 client against `wh serve` (Tests/aws/check_s3.py): the seed's TruckDataProcessor Lambda
/// puts its readings into the bucket TELEMETRY_STAGE is, and the pipe, stream and SCD2 task carry them
/// into TRUCK_TELEMETRY_DATA; then every S3 operation wh answers, with paging and errors.
@Suite struct AWSS3Tests {
    @Test func theSeedsTelemetryLambdaPutsObjectsThePipeLoads() async throws {
        try await AWSKinesisTests.runningAgainstTheSeed("Tests/aws/check_s3.py") { e2e, directory, status, text in
            #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
            var history = ""
            for _ in 0..<100 where !history.hasPrefix("3|") {
                try await Task.sleep(for: .milliseconds(100))
                history = try e2e.run(["sql", "--db", "warehouse.db", "-c",
                                       "SELECT count(*), count_if(IS_CURRENT), max(ODOMETER_READING) FROM TRUCK_TELEMETRY_DATA WHERE TRUCK_ID = 'TRK001'"], in: directory)
            }
            #expect(history == "3|1|80002.0\n", "\(history)")
        }
    }
}
