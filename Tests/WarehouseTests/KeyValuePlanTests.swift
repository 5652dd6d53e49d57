import Foundation
import Testing
@testable import Warehouse

/// Point operations on a key-value table go through its PRIMARY KEY index, never a scan.
@Suite struct KeyValuePlanTests {
    @Test func pointOperationsUseThePrimaryKeyIndex() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        _ = try warehouse.execute("""
            CREATE HYBRID TABLE clicks (item_id VARCHAR, click_time TIMESTAMP_NTZ, click_counts NUMBER, PRIMARY KEY (item_id, click_time))
            """)
        _ = try warehouse.kvPut(table: "clicks", item: #"{"item_id": "A", "click_time": "2025-01-01", "click_counts": 1}"#)
        _ = try warehouse.kvGet(table: "clicks", key: [.text("A"), .text("2025-01-01")])
        _ = try warehouse.kvUpdate(table: "clicks", key: [.text("A"), .text("2025-01-01")], add: [("click_counts", 1)])
        _ = try warehouse.kvDelete(table: "clicks", key: [.text("A"), .text("2025-01-01")])
        _ = try warehouse.kvQuery(table: "clicks", partition: .text("A"), sort: .beginsWith("2025"))
        let keyed = warehouse.keyValueStatements.keys.filter { $0.contains("\"CLICKS\"") && $0.contains("WHERE") && !$0.hasPrefix("INSERT") }
        #expect(keyed.count >= 4)
        for sql in keyed {
            let plan = try warehouse.connection.prepare("EXPLAIN QUERY PLAN " + sql).all().compactMap { $0.last?.textValue }.joined(separator: "; ")
            #expect(plan.contains("INDEX sqlite_autoindex_CLICKS_1 (ITEM_ID=?"), "\(sql): \(plan)")
            #expect(!plan.contains("SCAN"), "\(sql): \(plan)")
        }
    }
}
