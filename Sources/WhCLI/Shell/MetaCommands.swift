import Foundation
import Warehouse

/// The dot-commands of sqlite3 and duckdb, and snowsql's bang-commands, that `wh sql` understands.
enum MetaCommand: CaseIterable {
    case tables, schema, mode, headers, timer, read, output, help, quit

    /// Every spelling, as typed.
    var spellings: [String] {
        switch self {
        case .tables: return [".tables"]
        case .schema: return [".schema"]
        case .mode: return [".mode"]
        case .headers: return [".headers"]
        case .timer: return [".timer"]
        case .read: return [".read", "!source", "!load"]
        case .output: return [".output"]
        case .help: return [".help", "!help"]
        case .quit: return [".quit", ".exit", "!exit", "!quit"]
        }
    }

    var usage: String {
        switch self {
        case .tables: return ".tables [PATTERN]           list tables and views (LIKE pattern)"
        case .schema: return ".schema [TABLE]             show CREATE statements"
        case .mode: return ".mode \(OutputMode.names)\n                            set the output mode"
        case .headers: return ".headers on|off             show or hide column headers"
        case .timer: return ".timer on|off               print rows and time after each statement"
        case .read: return ".read FILE, !source FILE    run the SQL in FILE"
        case .output: return ".output [FILE]              send results to FILE, or back to stdout"
        case .help: return ".help, !help                show this list"
        case .quit: return ".quit, .exit, !exit, !quit  leave wh sql (Ctrl-D works too)"
        }
    }

    static func named(_ word: String) -> MetaCommand? {
        allCases.first { $0.spellings.contains(word.lowercased()) }
    }

    static var helpText: String { allCases.map { $0.usage + "\n" }.joined() }
    static var allSpellings: String { allCases.flatMap(\.spellings).joined(separator: " ") }
}

extension StatementFeeder {
    /// Runs one meta-command line; problems are reported like statement errors.
    func runMeta(_ line: String) {
        let words = MetaArguments.split(line)
        guard let word = words.first else { return }
        guard let command = MetaCommand.named(word) else {
            report(CLIError(message: "unknown command '\(word)'", hint: "valid commands: \(MetaCommand.allSpellings) (.help explains them)"))
            return
        }
        let arguments = Array(words.dropFirst())
        do {
            try run(command, arguments: arguments, word: word)
        } catch {
            report(error)
        }
    }

    private func run(_ command: MetaCommand, arguments: [String], word: String) throws {
        let warehouse = state.warehouse
        switch command {
        case .tables:
            let names = try warehouse.tableNames(like: arguments.first)
            if !names.isEmpty { state.output.write(names.joined(separator: "\n") + "\n") }
        case .schema:
            let statements = try warehouse.schemaStatements(table: arguments.first)
            if statements.isEmpty, let table = arguments.first {
                throw CLIError(message: "no table or view named '\(table)'", hint: "list tables with .tables")
            }
            state.output.write(statements.map { $0 + "\n" }.joined())
        case .mode:
            guard let name = arguments.first else {
                state.output.write("current output mode: \(state.settings.mode.rawValue)\n")
                return
            }
            guard let mode = OutputMode(rawValue: name.lowercased()) else {
                throw CLIError(message: "unknown output mode '\(name)'", hint: "use one of \(OutputMode.names)")
            }
            state.settings.mode = mode
        case .headers: state.settings.headers = try onOff(arguments, word)
        case .timer: state.settings.timer = try onOff(arguments, word)
        case .read:
            guard let path = arguments.first else {
                throw CLIError(message: "\(word) needs a file name", hint: "\(word) FILE")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError(message: "cannot read '\(path)'", hint: "check the path (relative paths start at \(FileManager.default.currentDirectoryPath))")
            }
            let nested = StatementFeeder(state: state, sourceName: path)
            nested.run(text: String(decoding: data, as: UTF8.self))
        case .output:
            state.redirect(to: try arguments.first.map(TextSink.file) ?? .standardOutput)
        case .help:
            state.output.write(MetaCommand.helpText + "SQL statements end with ;\n")
        case .quit:
            state.quitRequested = true
        }
    }

    private func onOff(_ arguments: [String], _ word: String) throws -> Bool {
        switch arguments.first?.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw CLIError(message: "\(word) takes on or off", hint: "\(word) on")
        }
    }
}

/// Splits a meta-command line into words; '…' and "…" group words with spaces.
enum MetaArguments {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        if let last = words.last, last.hasSuffix(";"), words.count > 1 {
            words[words.count - 1] = String(last.dropLast())   // `!source x.sql;` as snowsql allows
        }
        return words
    }
}
