import ArgumentParser
import Warehouse

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a warehouse file, or bring an existing one's catalog up to date.")

    @OptionGroup var warehouse: WarehouseOptions

    func run() throws {
        let existed = LocalFileSystemCheck.exists(warehouse.path)
        let opened = try warehouse.open()
        let verb = existed ? "Warehouse" : "Created warehouse"
        let state = existed ? "is ready" : "ready"
        TextSink.standardOutput.write("\(verb) \(opened.path) \(state) (catalog schema \(opened.schemaVersion)).\n")
    }
}

import WarehouseSystem

enum LocalFileSystemCheck {
    static func exists(_ path: String) -> Bool { LocalFileSystem().kind(of: path) != nil }
}
