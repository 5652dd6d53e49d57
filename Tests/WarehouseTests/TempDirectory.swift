import Foundation
import Warehouse
import WarehouseSystem

/// A fresh directory under the system temp dir, removed when the test releases it.
final class TempDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("wh-unit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

extension WarehouseEnvironment {
    static func testing(_ clock: ManualClock = ManualClock()) -> WarehouseEnvironment {
        .local(clock: clock)
    }
}
