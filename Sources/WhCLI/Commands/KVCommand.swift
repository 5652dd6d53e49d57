import ArgumentParser
import Foundation
import Warehouse

struct KVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv",
        abstract: "Key-value operations on a hybrid table (CREATE HYBRID TABLE … PRIMARY KEY (partition [, sort])).",
        discussion: """
            Items are JSON objects: attributes fill the columns of the same name (ignoring case); undeclared ones \
            go into the table's VARIANT column. Items print one JSON object per line; when more pages follow, the \
            token to pass to --after is printed on standard error. The same operations are in SQL as CALL KV_PUT, \
            KV_GET, KV_DELETE, KV_UPDATE, KV_QUERY and KV_SCAN.
            """,
        subcommands: [KVPut.self, KVGet.self, KVDelete.self, KVUpdate.self, KVQuery.self, KVScan.self])

    /// Runs `body` on the opened warehouse, printing a failure as wh's errors print.
    static func run(_ options: WarehouseOptions, _ body: (Warehouse) throws -> Void) throws {
        let warehouse = try options.open()
        do { try body(warehouse) } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
    }

    /// Prints the page's items; when more follow, the command that prints the next page: `words`
    /// (the query as given, every option included) with `--db` and `--after TOKEN`, quoted for a shell.
    static func print(_ page: KeyValuePage, warehouse: WarehouseOptions, words: [String]) {
        for item in page.items { TextSink.standardOutput.write(item + "\n") }
        if let token = page.nextToken {
            let command = ["wh", "--db", warehouse.path, "kv"] + words + ["--after", token]
            TextSink.standardError.write("More items follow: \(command.map(shellQuoted).joined(separator: " "))\n")
        }
    }

    /// `word` as a POSIX shell reads it back: bare when it is plain, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_./:=@+,%".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingEvery("'", with: "'\\''") + "'"
    }

}

/// TABLE PARTITION [SORT]: the item get, delete and update work on.
struct KVItemKey: ParsableArguments {
    @Argument(help: "The hybrid table.") var table: String
    @Argument(help: "The partition key's value.") var partition: String
    @Argument(help: "The sort key's value (for a table with one).") var sort: String?

    var values: [SQLValue] { [.text(partition)] + (sort.map { [.text($0)] } ?? []) }
}

struct KVPut: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Store an item, replacing any under its key.")
    @OptionGroup var warehouse: WarehouseOptions
    @Argument(help: "The hybrid table.") var table: String
    @Argument(help: "The item, a JSON object (- reads one item per line from standard input).") var item: String
    @Flag(help: "Fail if an item is already under the key.") var ifNotExists = false
    @Flag(help: "Fail unless an item is already under the key.") var ifExists = false

    func run() throws {
        let condition: KeyValueCondition = ifNotExists ? .notExists : ifExists ? .exists : .none
        try KVCommand.run(warehouse) { warehouse in
            if item == "-" {
                var count = 0
                while let line = readLine() {
                    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    _ = try warehouse.kvPut(table: table, item: line, condition: condition)
                    count += 1
                }
                TextSink.standardOutput.write("\(count) items put\n")
            } else {
                TextSink.standardOutput.write(try warehouse.kvPut(table: table, item: item, condition: condition) + "\n")
            }
        }
    }
}

struct KVGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print the item under a key (exit 1 when there is none).")
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var item: KVItemKey

    func run() throws {
        var found = true
        try KVCommand.run(warehouse) { warehouse in
            if let item = try warehouse.kvGet(table: item.table, key: item.values) {
                TextSink.standardOutput.write(item + "\n")
            } else {
                TextSink.standardError.write("No item under that key in \(item.table).\n")
                found = false
            }
        }
        if !found { throw ExitCode(1) }
    }
}

struct KVDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete the item under a key.")
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var item: KVItemKey
    @Flag(help: "Fail unless an item is under the key.") var ifExists = false

    func run() throws {
        try KVCommand.run(warehouse) { warehouse in
            let deleted = try warehouse.kvDelete(table: item.table, key: item.values, condition: ifExists ? .exists : .none)
            TextSink.standardOutput.write(deleted ? "deleted\n" : "not found\n")
        }
    }
}

struct KVUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change attributes of an item in place, creating it when absent; print it afterwards.",
        discussion: "--add CLICK_COUNTS=1 adds atomically (DynamoDB's ADD; a missing attribute counts as 0); --set NAME=JSON replaces a value.")
    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var item: KVItemKey
    @Option(help: ArgumentHelp("Add a number to an attribute.", valueName: "attribute=number")) var add: [String] = []
    @Option(help: ArgumentHelp("Set an attribute to a JSON value ('\"text\"', 3, true).", valueName: "attribute=json")) var set: [String] = []
    @Flag(help: "Fail unless an item is under the key.") var ifExists = false

    func run() throws {
        let additions = try add.map { pair -> (String, Double) in
            let (name, value) = try Self.split(pair, option: "--add")
            guard let amount = Double(value) else { throw ValidationError("--add \(pair): \(value) is not a number") }
            return (name, amount)
        }
        let sets = try set.map { try Self.split($0, option: "--set") }
        guard !additions.isEmpty || !sets.isEmpty else { throw ValidationError("give --add attribute=number or --set attribute=json") }
        try KVCommand.run(warehouse) { warehouse in
            TextSink.standardOutput.write(try warehouse.kvUpdate(table: item.table, key: item.values, add: additions,
                                                                 set: sets, condition: ifExists ? .exists : .none) + "\n")
        }
    }

    static func split(_ pair: String, option: String) throws -> (String, String) {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw ValidationError("\(option) \(pair): write attribute=value")
        }
        return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
    }
}

struct KVQuery: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Print a partition's items in sort-key order.")
    @OptionGroup var warehouse: WarehouseOptions
    @Argument(help: "The hybrid table.") var table: String
    @Argument(help: "The partition key's value.") var partition: String
    @Option(help: "Sort key = value.") var eq: String?
    @Option(help: "Sort key < value.") var lt: String?
    @Option(help: "Sort key <= value.") var le: String?
    @Option(help: "Sort key > value.") var gt: String?
    @Option(help: "Sort key >= value.") var ge: String?
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Sort key between two values (inclusive).", valueName: "low high")) var between: [String] = []
    @Option(help: "Sort key begins with this text.") var beginsWith: String?
    @Option(help: "Only items for which this SQL condition holds (Snowflake's dialect).") var filter: String?
    @Option(help: "At most this many items per page.") var limit: Int?
    @Option(help: "Continue after this token (printed by the previous page).") var after: String?
    @Flag(help: "Newest (largest sort key) first.") var desc = false

    /// The query as given, every option included (the next page's command repeats it).
    var queryWords: [String] {
        var words = ["query", table, partition]
        for (option, value) in [("--eq", eq), ("--lt", lt), ("--le", le), ("--gt", gt), ("--ge", ge), ("--begins-with", beginsWith)] {
            if let value { words += [option, value] }
        }
        if !between.isEmpty { words += ["--between"] + between }
        if let filter { words += ["--filter", filter] }
        if let limit { words += ["--limit", String(limit)] }
        if desc { words.append("--desc") }
        return words
    }

    func run() throws {
        var conditions: [SortKeyCondition] = []
        if let eq { conditions.append(.equal(.text(eq))) }
        if let lt { conditions.append(.less(.text(lt))) }
        if let le { conditions.append(.lessOrEqual(.text(le))) }
        if let gt { conditions.append(.greater(.text(gt))) }
        if let ge { conditions.append(.greaterOrEqual(.text(ge))) }
        if !between.isEmpty {
            guard between.count == 2 else { throw ValidationError("--between takes two values: --between LOW HIGH") }
            conditions.append(.between(.text(between[0]), .text(between[1])))
        }
        if let beginsWith { conditions.append(.beginsWith(beginsWith)) }
        guard conditions.count <= 1 else { throw ValidationError("give at most one sort-key condition") }
        try KVCommand.run(warehouse) { warehouse in
            let page = try warehouse.kvQuery(table: table, partition: .text(partition), sort: conditions.first, filter: filter,
                                             limit: limit, after: after, descending: desc)
            KVCommand.print(page, warehouse: self.warehouse, words: queryWords)
        }
    }
}

struct KVScan: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "Print every item in key order.")
    @OptionGroup var warehouse: WarehouseOptions
    @Argument(help: "The hybrid table.") var table: String
    @Option(help: "Only items for which this SQL condition holds (Snowflake's dialect).") var filter: String?
    @Option(help: "At most this many items per page.") var limit: Int?
    @Option(help: "Continue after this token (printed by the previous page).") var after: String?

    func run() throws {
        try KVCommand.run(warehouse) { warehouse in
            let page = try warehouse.kvScan(table: table, filter: filter, limit: limit, after: after)
            var words = ["scan", table]
            if let filter { words += ["--filter", filter] }
            if let limit { words += ["--limit", String(limit)] }
            KVCommand.print(page, warehouse: self.warehouse, words: words)
        }
    }
}
