import ArgumentParser
import Foundation
import Warehouse
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `wh user create|list|drop`: the users `wh serve`'s Snowflake connector door checks logins against.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Users for Snowflake clients of wh serve (snowflake-connector-python, SQLAlchemy).",
        discussion: """
            With no user, wh serve on loopback accepts any user name and password from Snowflake clients. Once a user \
            exists, every login must give a user's password (kept as a salted PBKDF2-HMAC-SHA256 hash in the warehouse).
            """,
        subcommands: [UserCreate.self, UserList.self, UserDrop.self])
}

struct UserCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a user, or set an existing user's password.")
    @OptionGroup var warehouse: WarehouseOptions
    @Argument(help: "The user's login name.") var name: String
    @Option(help: ArgumentHelp("Read the password from this file's first line (else it is asked for, or read from standard input).", valueName: "path"))
    var passwordFile: String?

    func run() throws {
        let password: String
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                TextSink.standardError.write("Error: cannot read '\(passwordFile)'\nHint: check the path and its permissions\n")
                throw ExitCode(1)
            }
            password = text.scalarLines.first ?? ""
        } else if isatty(0) != 0, let typed = getpass("Password for \(name): ") {
            password = String(cString: typed)
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        try KVCommand.run(warehouse) { warehouse in
            try warehouse.setUser(name, password: password)
            TextSink.standardOutput.write("User \(name) can now log in (Snowflake clients of wh serve must give a user's password).\n")
        }
    }
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
    @OptionGroup var warehouse: WarehouseOptions

    func run() throws {
        try KVCommand.run(warehouse) { warehouse in
            for name in try warehouse.users() { TextSink.standardOutput.write(name + "\n") }
        }
    }
}

struct UserDrop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Remove a user.")
    @OptionGroup var warehouse: WarehouseOptions
    @Argument(help: "The user's login name.") var name: String

    func run() throws {
        try KVCommand.run(warehouse) { warehouse in
            try warehouse.dropUser(name)
            TextSink.standardOutput.write("User \(name) dropped.\n")
        }
    }
}
