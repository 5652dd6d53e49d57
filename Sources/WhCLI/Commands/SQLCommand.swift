import ArgumentParser
@preconcurrency import Glibc
import Foundation
import Warehouse

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL: interactively on a terminal, or from -c, -f or stdin.",
        discussion: """
            On a terminal wh sql is a REPL: statements end with ;, .help lists the meta-commands, \
            Ctrl-C cancels, Ctrl-D leaves. Otherwise it runs the input and exits 0, or 1 when a \
            statement failed. Output defaults to box on a terminal and to list (values separated by |, \
            no header, as sqlite3 prints) when stdout is a pipe or file.
            """)

    @OptionGroup var warehouse: WarehouseOptions

    @Option(name: [.customShort("c"), .long], help: ArgumentHelp("Run this SQL and exit.", valueName: "sql"))
    var command: String?

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Run the SQL in this file and exit.", valueName: "file"))
    var file: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output mode: \(OutputMode.names) (snowsql's output_format=MODE also works).", valueName: "mode"))
    var format: String?

    @Flag(inversion: .prefixedNo, help: "Show column headers (default: on, except in list mode).")
    var headers: Bool?

    @Flag(help: "Print the row count and elapsed time after each statement.")
    var timer = false

    @Flag(name: .customLong("continue"), help: "Keep going after a failed statement (still exits 1).")
    var continueOnError = false

    @Flag(help: "Print the SQLite SQL each statement translates to instead of running it.")
    var translate = false

    func validate() throws {
        if command != nil && file != nil { throw ValidationError("Use either -c or -f, not both.") }
        if let format, outputMode(format) == nil {
            throw ValidationError("Unknown output mode '\(format)'. Use one of \(OutputMode.names).")
        }
    }

    private func outputMode(_ text: String) -> OutputMode? {
        var name = text.lowercased()
        if name.hasPrefix("output_format=") { name.removeFirst("output_format=".count) }
        return OutputMode(rawValue: name)
    }

    func run() throws {
        let opened = try warehouse.open()
        let interactive = command == nil && file == nil && isatty(STDIN_FILENO) != 0
        let defaultMode: OutputMode = isatty(STDOUT_FILENO) != 0 ? .box : .list
        let settings = RenderSettings(mode: format.flatMap(outputMode) ?? defaultMode, headers: headers, timer: timer)
        let state = ShellState(warehouse: opened, settings: settings, continueOnError: interactive || continueOnError)
        state.translateOnly = translate
        if interactive {
            let feeder = StatementFeeder(state: state, sourceName: nil, linesPerStatement: true)
            REPL(feeder: feeder, reader: lineReader()).run()
            return
        }
        let feeder: StatementFeeder
        let text: String
        if let command {
            feeder = StatementFeeder(state: state, sourceName: nil)
            text = command
        } else if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                TextSink.standardError.write("Error: cannot read '\(file)'\nHint: check the path given to -f\n")
                throw ExitCode(1)
            }
            feeder = StatementFeeder(state: state, sourceName: file)
            text = String(decoding: data, as: UTF8.self)
        } else {
            feeder = StatementFeeder(state: state, sourceName: nil)
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        feeder.run(text: text)
        state.redirect(to: .standardOutput)
        if state.failed { throw ExitCode(1) }
    }

    private func lineReader() -> any LineReader {
        let environment = ProcessInfo.processInfo.environment
        let history = environment["WH_HISTORY"] ?? ((environment["HOME"] ?? ".") + "/.wh_history")
        return LibEditLineReader(historyPath: history) ?? PlainLineReader()
    }
}
