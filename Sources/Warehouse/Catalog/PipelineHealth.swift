import Foundation

/// How the pipeline is doing: each pipe's SYSTEM$PIPE_STATUS with its files and errors over the last
/// hour, task failures over the last hour, and when data last arrived.
public struct PipelineHealth: Sendable {
    public struct Pipe: Sendable {
        public var status: PipeStatus
        /// Files loaded in the last hour, and the records they rejected.
        public var filesLastHour: Int
        public var rejectedLastHour: Int
        /// The latest loads that met errors (newest first).
        public var recentErrors: ResultSet
    }

    public var pipes: [Pipe]
    /// Task name → failed runs in the last hour (tasks without failures left out).
    public var taskFailuresLastHour: [String: Int]
    /// The last load of any pipe or COPY (canonical TIMESTAMP_NTZ), if there was one.
    public var lastLoad: String?
    /// The warehouse clock's time when this was read.
    public var now: String
}

extension Warehouse {
    /// The pipeline's health now (the dashboard's last panel, `GET /v1/health`).
    public func pipelineHealth() throws -> PipelineHealth {
        let now = environment.clock.now()
        let hourAgo = CanonicalTimestamp.format(now.addingTimeInterval(-3600))
        var pipes: [PipelineHealth.Pipe] = []
        for name in try pipeNames() {
            let counts = try connection.prepare("""
                SELECT count(*), coalesce(sum(error_count), 0) FROM _wh_load_history WHERE pipe_name = ? AND last_load_time >= ?
                """)
            try counts.bind([.text(name), .text(hourAgo)])
            let row = try counts.all().first ?? []
            pipes.append(PipelineHealth.Pipe(status: try pipeStatus(name, quoted: true), filesLastHour: Int(row.first?.integerValue ?? 0),
                                             rejectedLastHour: Int(row.last?.integerValue ?? 0), recentErrors: try recentLoadErrors(pipe: name)))
        }
        let failures = try connection.prepare("""
            SELECT name, count(*) FROM _wh_task_history WHERE state LIKE 'FAILED%' AND scheduled_time >= ? GROUP BY name ORDER BY name
            """)
        try failures.bind([.text(hourAgo)])
        var taskFailures: [String: Int] = [:]
        for row in try failures.all() { taskFailures[row[0].textValue ?? ""] = Int(row[1].integerValue ?? 0) }
        let last = try connection.prepare("SELECT max(last_load_time) FROM _wh_load_history").all().first?.first?.textValue
        return PipelineHealth(pipes: pipes, taskFailuresLastHour: taskFailures, lastLoad: last, now: CanonicalTimestamp.format(now))
    }
}
