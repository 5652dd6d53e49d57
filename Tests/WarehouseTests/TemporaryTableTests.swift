import Foundation
import Testing
import Warehouse
import WarehouseSystem

/// A TEMPORARY table lives as long as its connection and is seen by it alone; one left behind by a
/// process that ended without closing is dropped by the next open.
@Suite struct TemporaryTableTests {
    private func count(_ warehouse: Warehouse, _ sql: String) throws -> Int64? {
        try warehouse.execute(sql).rows.first?.first?.integerValue
    }

    @Test func aTemporaryTableIsTheConnectionsAloneAndEndsWithIt() throws {
        let dir = try TempDirectory()
        let path = dir.file("w.db")
        var environment = WarehouseEnvironment.testing()
        environment.processID = 4242
        do {
            let first = try Warehouse(path: path, environment: environment)
            _ = try first.execute("CREATE TABLE shared (a INTEGER)")
            _ = try first.execute("INSERT INTO shared VALUES (1)")
            _ = try first.execute("CREATE TEMPORARY TABLE shared (a INTEGER, b STRING)")
            _ = try first.execute("INSERT INTO shared VALUES (2, 'mine'), (3, 'mine')")
            #expect(try count(first, "SELECT count(*) FROM shared") == 2)

            let second = try Warehouse(path: path, environment: environment)
            #expect(try count(second, "SELECT count(*) FROM shared") == 1)   // the permanent table: the temporary one is not its
            #expect(throws: (any Error).self) { try second.execute("SELECT b FROM shared") }
        }
        let third = try Warehouse(path: path, environment: environment)
        #expect(try count(third, "SELECT count(*) FROM shared") == 1)
        #expect(try count(third, "SELECT count(*) FROM sqlite_master WHERE substr(name, 1, 9) = '_wh_temp_'") == 0)
        #expect(try count(third, "SELECT count(*) FROM _wh_columns WHERE substr(table_name, 1, 9) = '_wh_temp_'") == 0)
    }

    @Test func aTemporaryTableOfAProcessThatIsGoneIsDroppedAtTheNextOpen() throws {
        let dir = try TempDirectory()
        let path = dir.file("w.db")
        var crashed = WarehouseEnvironment.testing()
        crashed.processID = 777
        let leftBehind = try Warehouse(path: path, environment: crashed)
        _ = try leftBehind.execute("CREATE TEMPORARY TABLE scratch (a INTEGER)")
        // The process "ends" without closing: the table is still in the file.
        #expect(try count(leftBehind, "SELECT count(*) FROM sqlite_master WHERE substr(name, 1, 13) = '_wh_temp_777_'") == 1)

        var alive = WarehouseEnvironment.testing()
        alive.processID = 1
        alive.processIsAlive = { $0 == 777 }
        let whileRunning = try Warehouse(path: path, environment: alive)
        #expect(try count(whileRunning, "SELECT count(*) FROM sqlite_master WHERE substr(name, 1, 13) = '_wh_temp_777_'") == 1)

        var later = WarehouseEnvironment.testing()
        later.processID = 2
        later.processIsAlive = { _ in false }
        let next = try Warehouse(path: path, environment: later)
        #expect(try count(next, "SELECT count(*) FROM sqlite_master WHERE substr(name, 1, 13) = '_wh_temp_777_'") == 0)
        withExtendedLifetime(leftBehind) {}
    }
}
