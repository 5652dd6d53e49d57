import ArgumentParser
import Foundation
import Warehouse
import WarehouseSystem

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a warehouse file, or bring an existing one's catalog up to date; --project or --seed also applies SQL.",
        discussion: """
            --project DIR runs every .sql file in DIR in name order; --seed runs the seed's whole warehouse, built into wh \
            (the files of sql/seed), from any directory. The \
            files are written to be applied again safely: tables, streams, stages, pipes and tasks are created IF NOT \
            EXISTS, procedures and views are replaced. The first failing statement stops it, named with its file and line.
            """)

    @OptionGroup var warehouse: WarehouseOptions

    @Option(help: ArgumentHelp("A folder of .sql files to apply in name order.", valueName: "dir"))
    var project: String?

    @Flag(help: "Apply the seed's warehouse built into wh (sql/seed's files).")
    var seed = false

    func validate() throws {
        if seed && project != nil { throw ValidationError("give --project DIR or --seed, not both") }
    }

    func run() throws {
        let existed = LocalFileSystem().kind(of: warehouse.path) != nil
        let opened = try warehouse.open()
        let verb = existed ? "Warehouse" : "Created warehouse"
        let state = existed ? "is ready" : "ready"
        TextSink.standardOutput.write("\(verb) \(opened.path) \(state) (catalog schema \(opened.schemaVersion)).\n")
        let scripts: ProjectScripts
        if seed {
            scripts = .builtInSeed
        } else if let project {
            scripts = try ProjectScripts(directory: project, hint: "give the folder that holds the .sql files, like --project sql/seed, or use --seed")
        } else {
            return
        }
        try scripts.apply(to: opened) { path, count in
            TextSink.standardOutput.write("Applied \(path): \(count) statement\(count == 1 ? "" : "s").\n")
        }
    }
}
