import ArgumentParser
import Warehouse

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the versions of wh, SQLite and the catalog schema.")

    func run() throws {
        TextSink.standardOutput.write("""
            wh \(WhVersion.current)
            SQLite \(Warehouse.sqliteVersion)
            catalog schema \(Migration.latestVersion)

            """)
    }
}
