import ArgumentParser
import SQLLogicTest

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run sqllogictest files (.test); each file gets a fresh warehouse in a temp directory.",
        discussion: "A directory runs every .test file below it. Prints one line per failing record and ends with 'N passed, N failed'; exits 1 on any failure.")

    @Argument(help: ArgumentHelp("Files or directories to run.", valueName: "path"))
    var paths: [String] = ["sql"]

    @Flag(name: .shortAndLong, help: "Also name every file as it runs.")
    var verbose = false

    func run() throws {
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
