/// CREATE [OR REPLACE] TASK [IF NOT EXISTS] name [SCHEDULE = '…'] [SUSPEND_TASK_AFTER_NUM_FAILURES = n]
/// [COMMENT = '…'] [AFTER task] [WHEN condition] AS statement | CALL … | BEGIN … END.
public struct CreateTaskStatement: Equatable, Sendable {
    public var orReplace = false
    public var ifNotExists = false
    public var name: Identifier
    public var schedule: String?
    public var intervalSeconds: Double?
    public var suspendAfterFailures = 10
    /// A triggered task (WHEN without SCHEDULE) runs at most this often (Snowflake's default: 30 s).
    public var triggerInterval: Double?
    public var comment: String?
    public var after: Identifier?
    public var condition: String?
    public var definition: String
}

extension CreateTaskStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { try parser.createTask() }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createTask(self) }
}

/// ALTER TASK [IF EXISTS] name RESUME | SUSPEND | SET SCHEDULE = '…'.
public struct AlterTaskStatement: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case resume, suspend
        case setSchedule(String, seconds: Double?)
        case setSuspendAfterFailures(Int)
    }

    public var ifExists = false
    public var name: Identifier
    public var action: Action
}

extension AlterTaskStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.startsWith("ALTER", "TASK") ? try parser.alterTask() : nil }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.alterTask(self) }
}

extension Parser {
    mutating func createTask() throws -> CreateTaskStatement? {
        guard let (orReplace, ifNotExists) = createHeader("TASK") else { return nil }
        var statement = CreateTaskStatement(orReplace: orReplace, ifNotExists: ifNotExists, name: try objectName(), definition: "")
        while !isWord("AS") {
            guard let token = current else { throw unexpected(expecting: "AS") }
            if accept("AFTER") {
                statement.after = try objectName()
                if isSymbol(",") {
                    throw SyntaxError(message: "a task with several predecessors is not supported by wh yet", location: current!.location,
                                      hint: "chain the tasks: each AFTER one predecessor")
                }
                continue
            }
            if accept("WHEN") {
                let start = index
                _ = try expression()
                statement.condition = text(from: start)
                continue
            }
            guard token.kind == .word, isSymbol("=", ahead: 1) else { throw unexpected(expecting: "a task property, AFTER, WHEN or AS") }
            index += 2
            let name = token.text.uppercased()
            switch name {
            case "SCHEDULE":
                let text = try stringLiteral()
                statement.schedule = text
                statement.intervalSeconds = try Self.scheduleSeconds(text, at: token.location)
            case "SUSPEND_TASK_AFTER_NUM_FAILURES": statement.suspendAfterFailures = try integer()
            case "USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS": statement.triggerInterval = Double(try integer())
            case "COMMENT": statement.comment = try stringLiteral()
            case "WAREHOUSE", "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", "USER_TASK_TIMEOUT_MS", "OVERLAP_POLICY", "ALLOW_OVERLAPPING_EXECUTION":
                _ = try optionValue()   // one process runs every task, one run at a time
            default:
                throw SyntaxError(message: "unknown task property \(name)", location: token.location,
                                  hint: "use SCHEDULE, SUSPEND_TASK_AFTER_NUM_FAILURES, COMMENT, AFTER, WHEN, then AS …")
            }
        }
        try expect("AS")
        statement.definition = rest().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !statement.definition.isEmpty else { throw unexpected(expecting: "the task's statement") }
        return statement
    }

    /// `'5 MINUTES'`, `'15 SECONDS'`, `'1 HOUR'`, `'10 m'` in seconds; nil for a valid
    /// `'USING CRON …'` schedule.
    static func scheduleSeconds(_ text: String, at location: SourceLocation) throws -> Double? {
        let words = text.uppercased().split(separator: " ")
        if words.first == "USING" {
            guard words.count > 1, words[1] == "CRON" else {
                throw SyntaxError(message: "invalid SCHEDULE '\(text)'", location: location, hint: "write 'USING CRON <min> <hour> <day> <month> <weekday> <time zone>'")
            }
            do { _ = try CronSchedule(Self.cronText(text)) } catch let error as CronError {
                throw SyntaxError(message: "invalid SCHEDULE: \(error.message)", location: location, hint: nil)
            }
            return nil
        }
        guard words.count == 2, let n = Double(words[0]), n > 0 else {
            throw SyntaxError(message: "invalid SCHEDULE '\(text)'", location: location, hint: "write SCHEDULE = '<n> SECONDS | MINUTES | HOURS'")
        }
        switch words[1] {
        case "S", "SECOND", "SECONDS": return n
        case "M", "MINUTE", "MINUTES": return n * 60
        case "H", "HOUR", "HOURS": return n * 3600
        default:
            throw SyntaxError(message: "invalid SCHEDULE '\(text)'", location: location, hint: "write SCHEDULE = '<n> SECONDS | MINUTES | HOURS'")
        }
    }

    /// The part of a `'USING CRON …'` schedule after the two words.
    static func cronText(_ schedule: String) -> String {
        schedule.split(whereSeparator: \.isWhitespace).dropFirst(2).joined(separator: " ")
    }

    mutating func alterTask() throws -> AlterTaskStatement {
        try expect("ALTER")
        try expect("TASK")
        let ifExists = accept(words: "IF", "EXISTS")
        let name = try objectName()
        let action: AlterTaskStatement.Action
        if accept("RESUME") { action = .resume } else if accept("SUSPEND") { action = .suspend } else if accept("SET") {
            let (option, value) = try option()
            switch (option, value) {
            case ("SCHEDULE", .text(let text)): action = .setSchedule(text, seconds: try Self.scheduleSeconds(text, at: end))
            case ("SUSPEND_TASK_AFTER_NUM_FAILURES", .text(let text)) where Int(text) != nil: action = .setSuspendAfterFailures(Int(text)!)
            default: throw SyntaxError(message: "ALTER TASK … SET \(option) is not supported by wh", location: end,
                                       hint: "SET SCHEDULE = '…' or SUSPEND_TASK_AFTER_NUM_FAILURES = n; to change the statement, CREATE OR REPLACE TASK")
            }
        } else {
            throw unexpected(expecting: "RESUME, SUSPEND or SET")
        }
        try expectEnd()
        return AlterTaskStatement(ifExists: ifExists, name: name, action: action)
    }
}

/// EXECUTE TASK name: one run now, whatever its schedule.
struct ExecuteTaskStatement: OwnedStatement {
    var name: Identifier

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard parser.startsWith("EXECUTE", "TASK") else { return nil }
        parser.index += 2
        let name = try parser.objectName()
        try parser.expectEnd()
        return Self(name: name)
    }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.executeTask(name) }
}
