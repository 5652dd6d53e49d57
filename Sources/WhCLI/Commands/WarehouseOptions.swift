import ArgumentParser
import Foundation
import Warehouse
import WarehouseSystem

/// `--db`, shared by every command that opens a warehouse.
struct WarehouseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The warehouse file.", discussion: "Default: $WH_DB, else ./warehouse.db.", valueName: "path"))
    var db: String?

    /// The path chosen by --db, $WH_DB or the default.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["WH_DB"], !env.isEmpty { return env }
        return "warehouse.db"
    }

    /// Opens (creating or upgrading) the warehouse, turning failures into a printed error and exit 1.
    func open() throws -> Warehouse { try Self.open(path: path) }

    static func open(path: String) throws -> Warehouse {
        do {
            return try Warehouse(path: path, environment: .system)
        } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
    }
}
