import ArgumentParser
import Foundation
import Warehouse
import WarehouseSystem

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a warehouse file, or bring an existing one's catalog up to date; --project also applies a folder of SQL.",
        discussion: """
            --project DIR runs every .sql file in DIR in name order (sql/seed holds the seed's whole warehouse). The \
            files are written to be applied again safely: tables, streams, stages, pipes and tasks are created IF NOT \
            EXISTS, procedures and views are replaced. The first failing statement stops it, named with its file and line.
            """)

    @OptionGroup var warehouse: WarehouseOptions

    @Option(help: ArgumentHelp("A folder of .sql files to apply in name order.", valueName: "dir"))
    var project: String?

    func run() throws {
        let existed = LocalFileSystem().kind(of: warehouse.path) != nil
        let opened = try warehouse.open()
        let verb = existed ? "Warehouse" : "Created warehouse"
        let state = existed ? "is ready" : "ready"
        TextSink.standardOutput.write("\(verb) \(opened.path) \(state) (catalog schema \(opened.schemaVersion)).\n")
        guard let project else { return }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: project).filter { $0.hasSuffix(".sql") }.sorted()
        } catch {
            TextSink.standardError.write("Error: cannot read the project folder \(project)\nHint: give the folder that holds the .sql files, like --project sql/seed\n")
            throw ExitCode(1)
        }
        guard !files.isEmpty else {
            TextSink.standardError.write("Error: \(project) holds no .sql files\nHint: give the folder that holds the .sql files, like --project sql/seed\n")
            throw ExitCode(1)
        }
        for file in files {
            let path = (project as NSString).appendingPathComponent(file)
            var count = 0
            do {
                let script = try String(contentsOfFile: path, encoding: .utf8)
                try opened.run(script: script) { _, _ in count += 1 }
            } catch {
                TextSink.standardError.write(ErrorReport.text(for: error, source: path))
                throw ExitCode(1)
            }
            TextSink.standardOutput.write("Applied \(path): \(count) statement\(count == 1 ? "" : "s").\n")
        }
    }
}
