import ArgumentParser
import Foundation
import SQLLogicTest

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run sqllogictest files (.test); each file gets a fresh warehouse in a temp directory.",
        discussion: "A directory runs every .test file below it. Prints one line per failing record and ends with 'N passed, N failed'; exits 1 on any failure.")

    @Argument(help: ArgumentHelp("Files or directories to run (default: sql, as in wh's repository).", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .shortAndLong, help: "Also name every file as it runs.")
    var verbose = false

    func run() throws {
        var paths = self.paths
        if paths.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "sql", isDirectory: &isDirectory), isDirectory.boolValue else {
                let here = FileManager.default.currentDirectoryPath
                TextSink.standardError.write("""
                    Error: no sql directory in \(here) to look for .test files in
                    Hint: name the files or folders to run, like wh test my_tests/ (or run it from wh's repository, whose sql/ holds its suite)

                    """)
                throw ExitCode(1)
            }
            paths = ["sql"]
        }
        let summary: TestSummary
        do {
            summary = try TestRunner().run(paths: paths) { file in
                if verbose { TextSink.standardOutput.write("\(file)\n") }
            } onFailure: { failure in
                TextSink.standardOutput.write(failure.report)
            }
        } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
        TextSink.standardOutput.write("\(summary.passed) passed, \(summary.failed) failed\n")
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
