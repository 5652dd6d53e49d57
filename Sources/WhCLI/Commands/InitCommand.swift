import ArgumentParser
import Warehouse
import WarehouseSystem

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a warehouse file, or bring an existing one's catalog up to date.")

    @OptionGroup var warehouse: WarehouseOptions

    func run() throws {
        let existed = LocalFileSystem().kind(of: warehouse.path) != nil
        let opened = try warehouse.open()
        let verb = existed ? "Warehouse" : "Created warehouse"
        let state = existed ? "is ready" : "ready"
        TextSink.standardOutput.write("\(verb) \(opened.path) \(state) (catalog schema \(opened.schemaVersion)).\n")
    }
}
