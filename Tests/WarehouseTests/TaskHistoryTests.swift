import Foundation
import Testing
import Warehouse

@Suite struct TaskHistoryTests {
    @Test func historyOlderThanSevenDaysIsDropped() throws {
        let dir = try TempDirectory()
        let clock = ManualClock()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing(clock))
        _ = try warehouse.execute("CREATE TASK t SCHEDULE = '1 MINUTE' AS SELECT 1")
        _ = try warehouse.execute("EXECUTE TASK t")
        clock.advance(by: 8 * 86_400)
        for _ in 0..<999 { _ = try warehouse.execute("EXECUTE TASK t") }
        // The thousandth run dropped the first, which is more than seven days old.
        #expect(try warehouse.execute("SELECT count(*) FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => 10000))").rows == [[.integer(999)]])
    }
}
