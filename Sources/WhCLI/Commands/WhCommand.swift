import ArgumentParser

/// The `wh` command line: parses arguments, calls one engine method, renders.
public struct WhCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "wh",
        abstract: "An embedded, Snowflake-style SQL warehouse in one SQLite file.",
        discussion: "The warehouse file is --db PATH, else $WH_DB, else ./warehouse.db.",
        version: WhVersion.current,
        subcommands: [QuickstartCommand.self, SQLCommand.self, ServeCommand.self, DaemonCommand.self, PipeCommand.self, KVCommand.self, UserCommand.self, GenerateCommand.self, TestCommand.self, InitCommand.self, BenchCommand.self, VersionCommand.self]
    )

    public init() {}

    /// Moves `--db PATH` written before the subcommand (`wh --db x.db sql`) behind it, where the
    /// subcommand's parser finds it; ArgumentParser only reads options after the subcommand name.
    public static func normalize(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--db", index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("--db=") {
                leading.append(argument)
                index += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.count else { return arguments }
        // Command groups (`wh pipe status`, `wh bench copy`) take options after their subcommand.
        var end = index + 1
        if ["pipe", "bench", "kv"].contains(arguments[index]), end < arguments.count, !arguments[end].hasPrefix("-") { end += 1 }
        return Array(arguments[index..<end]) + leading + arguments[end...]
    }
}
