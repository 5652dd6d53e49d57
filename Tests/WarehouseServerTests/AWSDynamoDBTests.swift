import Foundation
import Testing

/// boto3's DynamoDB client and resource against `wh serve` (Tests/aws/check_dynamodb.py): the seed's
/// click Lambda and Streamlit scan unchanged, every operation wh answers, errors and paging; what the
/// Lambda puts is in CLICKSTREAM_DATA for SQL at once.
@Suite struct AWSDynamoDBTests {
    @Test func boto3sDynamoDBCodeRunsAgainstTheKeyValueTables() async throws {
        try await AWSKinesisTests.runningAgainstTheSeed("Tests/aws/check_dynamodb.py") { e2e, directory, status, text in
            #expect(status == 0 && text.hasSuffix("ok\n"), "\(text)")
            let rows = try e2e.run(["sql", "--db", "warehouse.db", "-c",
                                    "SELECT ITEM_ID, EVENT_TIMESTAMP, CLICK_COUNTS FROM CLICKSTREAM_DATA ORDER BY ITEM_ID"], in: directory)
            #expect(rows == "LAP002|2025-03-17 10:00:01.000000|80\nMOB001|2025-03-17 10:00:00.000001|120\n", "\(rows)")
        }
    }
}
