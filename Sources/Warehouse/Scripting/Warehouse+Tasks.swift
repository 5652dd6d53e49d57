import Foundation
import SQLite

/// One run of a task, as TASK_HISTORY records it and the daemon logs it.
public struct TaskRun: Equatable, Sendable {
    public var task: String
    public var state: TaskRunState
    public var error: String?
    public var returnValue: String?
}

extension Warehouse {
    func createTask(_ statement: CreateTaskStatement) throws -> ResultSet {
        try refuseNameDifferingOnlyInCase(statement.name.name, of: .task)
        let exists = try !connection.prepare("SELECT 1 FROM _wh_tasks WHERE name = '\(statement.name.name.replacingEvery("'", with: "''"))'").all().isEmpty
        if exists {
            if statement.ifNotExists { return Self.status("\(statement.name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw CatalogError.tableExists(statement.name.name) }
        }
        if let after = statement.after, try task(named: after.name) == nil { throw TaskError.noSuchTask(after.name) }
        if statement.schedule == nil && statement.after == nil && statement.condition == nil { throw TaskError.noTrigger(statement.name.name) }
        // A triggered task keeps its minimum interval where a scheduled one keeps its interval.
        let triggered = statement.schedule == nil && statement.after == nil
        let interval = triggered ? (statement.triggerInterval ?? 30) : statement.intervalSeconds
        if statement.definition.uppercased().hasPrefix("BEGIN") || statement.definition.uppercased().hasPrefix("DECLARE") {
            do { _ = try ScriptBlock.parse(statement.definition) } catch let error as ScriptError {
                throw ProcedureError.failed(statement.name.name, line: error.line, message: error.message)
            }
        }
        try catalog("""
            INSERT OR REPLACE INTO _wh_tasks(name, schedule, interval_seconds, predecessor, condition, definition, state,
                suspend_after_failures, consecutive_failures, comment, created_at)
            VALUES (?, ?, ?, ?, ?, ?, 'suspended', ?, 0, ?, ?)
            """, [.text(statement.name.name), statement.schedule.map { .text($0) } ?? .null, interval.map { .real($0) } ?? .null,
                  statement.after.map { .text($0.name) } ?? .null, statement.condition.map { .text($0) } ?? .null,
                  .text(statement.definition), .integer(Int64(statement.suspendAfterFailures)), statement.comment.map { .text($0) } ?? .null,
                  .text(CanonicalTimestamp.format(environment.clock.now()))])
        return Self.status("Task \(statement.name.name) successfully created.")
    }

    struct TaskRow {
        var name: String
        var schedule: String?
        var interval: Double?
        var predecessor: String?
        var condition: String?
        var definition: String
        var state: String
        var suspendAfter: Int
        var failures: Int
        var nextRun: String?
    }

    func task(named name: String) throws -> TaskRow? {
        let task = try tasks(where: "name = ?", [.text(name)]).first
        try Self.refuse(name, storedAs: task?.name)
        return task
    }

    func tasks(where condition: String = "1", _ bindings: [Value] = []) throws -> [TaskRow] {
        let statement = try connection.prepare("""
            SELECT name, schedule, interval_seconds, predecessor, condition, definition, state, suspend_after_failures,
                   consecutive_failures, next_run_at FROM _wh_tasks WHERE \(condition) ORDER BY name
            """)
        try statement.bind(bindings)
        return try statement.all().map { r in
            TaskRow(name: r[0].textValue ?? "", schedule: r[1].textValue, interval: r[2] == .null ? nil : Double(r[2].textValue ?? ""),
                    predecessor: r[3].textValue, condition: r[4].textValue, definition: r[5].textValue ?? "", state: r[6].textValue ?? "",
                    suspendAfter: Int(r[7].integerValue ?? 10), failures: Int(r[8].integerValue ?? 0), nextRun: r[9].textValue)
        }
    }

    func alterTask(_ statement: AlterTaskStatement) throws -> ResultSet {
        guard let task = try task(named: statement.name.name) else {
            if statement.ifExists { return Self.status("Statement executed successfully.") }
            throw TaskError.noSuchTask(statement.name.name)
        }
        let now = environment.clock.now()
        switch statement.action {
        case .resume:
            let triggered = task.schedule == nil && task.predecessor == nil
            let next = triggered ? CanonicalTimestamp.format(now) : try nextRun(task.schedule, interval: task.interval, after: now).map(CanonicalTimestamp.format)
            try catalog("UPDATE _wh_tasks SET state = 'started', consecutive_failures = 0, next_run_at = ? WHERE name = ?",
                        [next.map { .text($0) } ?? .null, .text(task.name)])
        case .suspend:
            try catalog("UPDATE _wh_tasks SET state = 'suspended', last_suspended_reason = 'USER_SUSPENDED' WHERE name = ?", [.text(task.name)])
        case .setSchedule(let text, let seconds):
            let next = try nextRun(text, interval: seconds, after: now).map { Value.text(CanonicalTimestamp.format($0)) } ?? .null
            try catalog("UPDATE _wh_tasks SET schedule = ?, interval_seconds = ?, next_run_at = CASE WHEN state = 'started' THEN ? END WHERE name = ?",
                        [.text(text), seconds.map { .real($0) } ?? .null, next, .text(task.name)])
        case .setSuspendAfterFailures(let n):
            try catalog("UPDATE _wh_tasks SET suspend_after_failures = ? WHERE name = ?", [.integer(Int64(n)), .text(task.name)])
        }
        return Self.status("Statement executed successfully.")
    }

    func dropTask(_ name: Identifier, ifExists: Bool) throws -> ResultSet {
        try catalog("DELETE FROM _wh_tasks WHERE name = ?", [.text(name.name)])
        if connection.changes == 0 && !ifExists { throw TaskError.noSuchTask(name.name) }
        return Self.status("\(name.name) successfully dropped.")
    }

    func showTasks(like: String?, only: Identifier? = nil) throws -> ResultSet {
        var list = try like.map { try tasks(where: "upper(name) LIKE upper(?)", [.text($0)]) } ?? tasks()
        if let only {
            list = list.filter { $0.name.caseInsensitiveCompare(only.name) == .orderedSame }
            if list.isEmpty { throw TaskError.noSuchTask(only.name) }
        }
        let names = ["created_on", "name", "database_name", "schema_name", "owner", "schedule", "predecessors", "state", "definition", "condition"]
        let rows: [[Value]] = try list.map { task in
            let created = try connection.prepare("SELECT created_at FROM _wh_tasks WHERE name = '\(task.name.replacingEvery("'", with: "''"))'").all().first?.first ?? .null
            return [created, .text(task.name), .text(databaseName), .text("PUBLIC"), .text("SYSADMIN"), task.schedule.map { .text($0) } ?? .null,
                    .text(task.predecessor.map { "[\"\(databaseName).PUBLIC.\($0)\"]" } ?? "[]"), .text(task.state), .text(task.definition),
                    task.condition.map { .text($0) } ?? .null]
        }
        return ResultSet(columns: names.map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }

    /// EXECUTE TASK: one run now, whether the task is started or suspended.
    func executeTask(_ name: Identifier) throws -> ResultSet {
        guard let task = try task(named: name.name) else { throw TaskError.noSuchTask(name.name) }
        let run = try runTask(task, scheduledFrom: "EXECUTE_TASK")
        return Self.status("Task \(task.name) ran: \(run.state.rawValue)" + (run.error.map { ": \($0)" } ?? "."))
    }

    /// Runs every started task whose schedule is due (and, after a success, the started tasks that
    /// come AFTER it). A run that takes longer than its interval is never overlapped: runs are one at
    /// a time, and runs missed meanwhile are skipped, as with Snowflake's NO_OVERLAP. The daemon calls
    /// this on every turn of its loop.
    public func runDueTasks() throws -> [TaskRun] {
        let now = environment.clock.now()
        var runs: [TaskRun] = []
        for task in try tasks(where: "state = 'started' AND next_run_at IS NOT NULL AND next_run_at <= ?", [.text(CanonicalTimestamp.format(now))]) {
            do {
                if task.schedule == nil && task.predecessor == nil {
                    // A triggered task: it runs when WHEN holds (no SKIPPED row while it does not), then
                    // waits its minimum interval.
                    let holds = try execute(StatementText(text: "SELECT " + (task.condition ?? "TRUE"), location: .start)).rows.first?.first?.integerValue ?? 0 != 0
                    guard holds else { continue }
                    let run = try runTask(task, scheduledFrom: "TRIGGER")
                    runs.append(run)
                    let next = environment.clock.now().addingTimeInterval(task.interval ?? 30)
                    try catalog("UPDATE _wh_tasks SET next_run_at = ? WHERE name = ?", [.text(CanonicalTimestamp.format(next)), .text(task.name)])
                    if run.state == .succeeded { runs += try runChildren(of: task.name) }
                    continue
                }
                let run = try runTask(task, scheduledFrom: "SCHEDULE")
                runs.append(run)
                let finished = environment.clock.now()
                var next: Date?
                if let interval = task.interval {
                    var candidate = (CanonicalTimestamp.parse(task.nextRun ?? "") ?? now).addingTimeInterval(interval)
                    while candidate <= finished { candidate = candidate.addingTimeInterval(interval) }
                    next = candidate
                } else {
                    next = try nextRun(task.schedule, interval: nil, after: finished)
                }
                try catalog("UPDATE _wh_tasks SET next_run_at = ? WHERE name = ?", [next.map { .text(CanonicalTimestamp.format($0)) } ?? .null, .text(task.name)])
                if run.state == .succeeded { runs += try runChildren(of: task.name) }
            } catch let error as SQLiteError where error.isStorageFailure {
                // Not even the run's failure could be recorded: the daemon reports it and tries again.
                throw StorageError(error, doing: "running task \(task.name)", path: path, afterwards: "; the task runs again when next due")
            }
        }
        return runs
    }

    /// When a schedule next wants a run after `date`: the interval later, or the cron's next match.
    func nextRun(_ schedule: String?, interval: Double?, after date: Date) throws -> Date? {
        if let interval { return date.addingTimeInterval(interval) }
        guard let schedule, schedule.uppercased().hasPrefix("USING CRON") else { return nil }
        do { return try CronSchedule(Parser.cronText(schedule)).next(after: date) } catch let error as CronError {
            throw UnsupportedFeature(feature: "the schedule '\(schedule)': \(error.message)", hint: nil)
        }
    }

    private func runChildren(of parent: String) throws -> [TaskRun] {
        var runs: [TaskRun] = []
        for child in try tasks(where: "state = 'started' AND predecessor = ?", [.text(parent)]) {
            let run = try runTask(child, scheduledFrom: "SCHEDULE")
            runs.append(run)
            if run.state == .succeeded { runs += try runChildren(of: child.name) }
        }
        return runs
    }

    /// One run: WHEN first (false: SKIPPED), then the definition in its own transaction.
    private func runTask(_ task: TaskRow, scheduledFrom: String) throws -> TaskRun {
        let scheduled = CanonicalTimestamp.format(environment.clock.now())
        var run = TaskRun(task: task.name, state: .succeeded)
        do {
            if let condition = task.condition {
                let value = try execute(StatementText(text: "SELECT " + condition, location: .start)).rows.first?.first ?? .null
                if value.integerValue ?? 0 == 0 {
                    run.state = .skipped
                    try recordTaskRun(task, run, scheduled: scheduled, started: nil, from: scheduledFrom)
                    return run
                }
            }
        } catch {
            run.state = .failed
            run.error = Self.message(of: error)
        }
        let started = CanonicalTimestamp.format(environment.clock.now())
        // The run shows as EXECUTING (committed first, so other processes see it) until it ends.
        var executing = TaskRun(task: task.name, state: .executing)
        executing.error = run.error
        let id = try recordTaskRun(task, executing, scheduled: scheduled, started: started, from: scheduledFrom)
        if run.state == .succeeded {
            do {
                try inOwnTransaction {
                    let upper = task.definition.uppercased()
                    if upper.hasPrefix("BEGIN") || upper.hasPrefix("DECLARE") {
                        run.returnValue = try runBlock(task.definition, name: task.name).textValue
                    } else {
                        _ = try execute(StatementText(text: task.definition, location: .start))
                    }
                }
            } catch {
                run.state = .failed
                run.error = Self.message(of: error)
            }
        }
        if run.state == .failed {
            let failures = task.failures + 1
            if task.suspendAfter > 0 && failures >= task.suspendAfter {
                run.state = .failedAndAutoSuspended
                try catalog("UPDATE _wh_tasks SET state = 'suspended', consecutive_failures = ?, last_suspended_reason = 'SUSPENDED_DUE_TO_ERRORS' WHERE name = ?",
                            [.integer(Int64(failures)), .text(task.name)])
            } else {
                try catalog("UPDATE _wh_tasks SET consecutive_failures = ? WHERE name = ?", [.integer(Int64(failures)), .text(task.name)])
            }
        } else if run.state == .succeeded && task.failures > 0 {
            try catalog("UPDATE _wh_tasks SET consecutive_failures = 0 WHERE name = ?", [.text(task.name)])
        }
        try catalog("UPDATE _wh_task_history SET state = ?, error_message = ?, completed_time = ?, return_value = ? WHERE id = ?",
                    [.text(run.state.rawValue), run.error.map { .text($0) } ?? .null, .text(CanonicalTimestamp.format(environment.clock.now())),
                     run.returnValue.map { .text($0) } ?? .null, .integer(id)])
        return run
    }

    @discardableResult
    private func recordTaskRun(_ task: TaskRow, _ run: TaskRun, scheduled: String, started: String?, from: String) throws -> Int64 {
        try catalog("""
            INSERT INTO _wh_task_history(name, query_text, condition_text, state, error_message, scheduled_time, query_start_time,
                completed_time, return_value, scheduled_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(task.name), .text(task.definition), task.condition.map { .text($0) } ?? .null, .text(run.state.rawValue),
                  run.error.map { .text($0) } ?? .null, .text(scheduled), started.map { .text($0) } ?? .null,
                  run.state == .executing ? .null : .text(CanonicalTimestamp.format(environment.clock.now())),
                  run.returnValue.map { .text($0) } ?? .null, .text(from)])
        let id = connection.lastInsertRowid
        if id % 1000 == 0 {
            // Snowflake keeps seven days of task history; a task run every second would otherwise
            // add 86,400 rows a day.
            let weekAgo = CanonicalTimestamp.format(environment.clock.now().addingTimeInterval(-7 * 86_400))
            try catalog("DELETE FROM _wh_task_history WHERE scheduled_time < ?", [.text(weekAgo)])
        }
        return id
    }

    /// TASK_HISTORY([TASK_NAME => 'n'] [, RESULT_LIMIT => n] [, ERROR_ONLY => TRUE]): newest first,
    /// led by each started task's next SCHEDULED run, as Snowflake's is.
    func taskHistoryFunction(_ arguments: [NamedArgument]) throws -> String {
        var conditions = ["1"]
        var limit = 100
        for argument in arguments {
            switch (argument.name, argument.value) {
            case ("TASK_NAME"?, .string(let name)): conditions.append("name = \(SQLiteRenderer.quote(Identifier(name).name))")
            case ("RESULT_LIMIT"?, .number(let n)): limit = Int(n) ?? 100
            case ("ERROR_ONLY"?, .boolean(true)): conditions.append("state LIKE 'FAILED%'")
            case ("ERROR_ONLY"?, _), ("SCHEDULED_TIME_RANGE_START"?, _), ("SCHEDULED_TIME_RANGE_END"?, _): break
            default:
                throw UnsupportedFeature(feature: "TASK_HISTORY argument \(argument.name ?? "without a name")",
                                         hint: "use TASK_NAME => 'name', RESULT_LIMIT => n, ERROR_ONLY => TRUE")
            }
        }
        let database = SQLiteRenderer.quote(databaseName)
        let scheduled = conditions.joined(separator: " AND ").replacingOccurrences(of: "state LIKE 'FAILED%'", with: "0")
        return """
            SELECT * FROM (
            SELECT NULL AS QUERY_ID, name AS NAME, \(database) AS DATABASE_NAME, 'PUBLIC' AS SCHEMA_NAME, definition AS QUERY_TEXT,
                   condition AS CONDITION_TEXT, 'SCHEDULED' AS STATE, NULL AS ERROR_CODE, NULL AS ERROR_MESSAGE,
                   next_run_at AS SCHEDULED_TIME, NULL AS QUERY_START_TIME, next_run_at AS NEXT_SCHEDULED_TIME, NULL AS COMPLETED_TIME,
                   NULL AS RETURN_VALUE, 'SCHEDULE' AS SCHEDULED_FROM, 1 AS "__WH_ORDER", NULL AS "__WH_ID"
            FROM _wh_tasks WHERE state = 'started' AND schedule IS NOT NULL AND next_run_at IS NOT NULL AND \(scheduled)
            UNION ALL
            SELECT CAST(id AS TEXT) AS QUERY_ID, name AS NAME, \(database) AS DATABASE_NAME, 'PUBLIC' AS SCHEMA_NAME,
                   query_text AS QUERY_TEXT, condition_text AS CONDITION_TEXT, state AS STATE,
                   CASE WHEN error_message IS NOT NULL THEN '100000' END AS ERROR_CODE, error_message AS ERROR_MESSAGE,
                   scheduled_time AS SCHEDULED_TIME, query_start_time AS QUERY_START_TIME,
                   (SELECT next_run_at FROM _wh_tasks t WHERE t.name = h.name) AS NEXT_SCHEDULED_TIME,
                   completed_time AS COMPLETED_TIME, return_value AS RETURN_VALUE, scheduled_from AS SCHEDULED_FROM,
                   0 AS "__WH_ORDER", id AS "__WH_ID"
            FROM _wh_task_history h WHERE \(conditions.joined(separator: " AND "))
            ) ORDER BY "__WH_ORDER" DESC, "__WH_ID" DESC LIMIT \(limit)
            """
    }
}

/// Task problems, naming the task and the fix.
public enum TaskError: WarehouseError, Equatable {
    case noSuchTask(String)
    case noTrigger(String)

    public var message: String {
        switch self {
        case .noSuchTask(let name): return "Task '\(name)' does not exist or not authorized."
        case .noTrigger(let name): return "task \(name) has no SCHEDULE, AFTER or WHEN: nothing would ever run it"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchTask: return "list tasks with SHOW TASKS; unquoted names are upper-cased"
        case .noTrigger: return "add SCHEDULE = '1 MINUTE', or WHEN SYSTEM$STREAM_HAS_DATA('s') to run when the stream has data, or run it with EXECUTE TASK"
        }
    }
}

extension Warehouse {
    /// When the next started task is due (the daemon sleeps no longer than that), if any is.
    public func nextTaskDue() throws -> Date? {
        let row = try connection.prepare("SELECT min(next_run_at) FROM _wh_tasks WHERE state = 'started' AND next_run_at IS NOT NULL").all().first
        return row?.first?.textValue.flatMap(CanonicalTimestamp.parse)
    }
}
